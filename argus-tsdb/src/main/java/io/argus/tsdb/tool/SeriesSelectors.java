package io.argus.tsdb.tool;

import io.argus.model.labels.MatchType;
import io.argus.model.labels.Matcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the series selectors the tools accept in {@code --match}: an optional metric name and an
 * optional brace list of {@code name op "value"} matchers ({@code = != =~ !~}), values in double,
 * single or back quotes, e.g. {@code up{job=~"api|web",env!='dev'}}. Not a PromQL parser: only what
 * a single vector selector without range or offset may contain. Stateless, thread-safe.
 */
public final class SeriesSelectors {
  private static final String METRIC_NAME = "__name__";

  private final String text;
  private int pos;

  private SeriesSelectors(String text) {
    this.text = text;
  }

  /**
   * Returns the matchers of {@code selector}.
   *
   * @throws IllegalArgumentException naming the position of the first error, or when no matcher is
   *     given at all (unlike a PromQL expression, matchers that all match the empty string, such as
   *     promtool's default {@code {__name__=~'(?s:.*)'}}, are accepted)
   */
  public static List<Matcher> parse(String selector) {
    return new SeriesSelectors(selector).selector();
  }

  private List<Matcher> selector() {
    List<Matcher> matchers = new ArrayList<>();
    skipSpace();
    if (pos < text.length() && isNameStart(text.charAt(pos), true)) {
      matchers.add(Matcher.equal(METRIC_NAME, identifier(true)));
      skipSpace();
    }
    if (pos < text.length() && text.charAt(pos) == '{') {
      pos++;
      skipSpace();
      while (pos < text.length() && text.charAt(pos) != '}') {
        String name = identifier(false);
        skipSpace();
        MatchType type = operator();
        skipSpace();
        String value = quoted();
        try {
          matchers.add(Matcher.of(type, name, value));
        } catch (IllegalArgumentException e) {
          throw error(e.getMessage());
        }
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == ',') {
          pos++;
          skipSpace();
        } else if (pos >= text.length() || text.charAt(pos) != '}') {
          throw error("expected \",\" or \"}\" in label matching");
        }
      }
      if (pos >= text.length()) {
        throw error("unexpected end of input inside braces");
      }
      pos++;
      skipSpace();
    }
    if (pos != text.length()) {
      throw error("unexpected character " + quote(text.charAt(pos)));
    }
    if (matchers.isEmpty()) {
      throw error("vector selector must contain at least one matcher");
    }
    return matchers;
  }

  private String identifier(boolean metricName) {
    int start = pos;
    if (pos >= text.length() || !isNameStart(text.charAt(pos), metricName)) {
      throw error("expected a label name");
    }
    pos++;
    while (pos < text.length() && isNamePart(text.charAt(pos), metricName)) {
      pos++;
    }
    return text.substring(start, pos);
  }

  private MatchType operator() {
    if (text.startsWith("=~", pos)) {
      pos += 2;
      return MatchType.REGEX;
    }
    if (text.startsWith("!~", pos)) {
      pos += 2;
      return MatchType.NOT_REGEX;
    }
    if (text.startsWith("!=", pos)) {
      pos += 2;
      return MatchType.NOT_EQUAL;
    }
    if (text.startsWith("=", pos)) {
      pos++;
      return MatchType.EQUAL;
    }
    throw error("expected a label matching operator");
  }

  private String quoted() {
    if (pos >= text.length()) {
      throw error("expected a quoted string");
    }
    char quote = text.charAt(pos);
    if (quote != '"' && quote != '\'' && quote != '`') {
      throw error("expected a quoted string");
    }
    pos++;
    StringBuilder sb = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == quote) {
        return sb.toString();
      }
      if (c == '\\' && quote != '`') {
        sb.appendCodePoint(escape(quote));
      } else {
        sb.append(c);
      }
    }
    throw error("unterminated quoted string");
  }

  private int escape(char quote) {
    if (pos >= text.length()) {
      throw error("unterminated quoted string");
    }
    char c = text.charAt(pos++);
    return switch (c) {
      case 'a' -> 7;
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'v' -> 11;
      case '\\' -> '\\';
      case 'x' -> hex(2);
      case 'u' -> hex(4);
      case 'U' -> hex(8);
      default -> {
        if (c == quote) {
          yield c;
        }
        throw error("unknown escape sequence \\" + c);
      }
    };
  }

  private int hex(int digits) {
    if (pos + digits > text.length()) {
      throw error("truncated escape sequence");
    }
    try {
      int v = Integer.parseInt(text.substring(pos, pos + digits), 16);
      pos += digits;
      return v;
    } catch (NumberFormatException e) {
      throw error("invalid escape sequence");
    }
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isNameStart(char c, boolean metricName) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (metricName && c == ':');
  }

  private static boolean isNamePart(char c, boolean metricName) {
    return isNameStart(c, metricName) || (c >= '0' && c <= '9');
  }

  private static String quote(char c) {
    return "\"" + c + "\"";
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException(
        "1:" + (pos + 1) + ": parse error: " + message + " in selector " + text);
  }
}
