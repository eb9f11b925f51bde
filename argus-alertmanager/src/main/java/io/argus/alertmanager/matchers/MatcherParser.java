package io.argus.alertmanager.matchers;

import io.argus.model.labels.MatchType;
import io.argus.model.labels.Matcher;
import io.argus.model.labels.Re2;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses label matchers as Alertmanager 0.25 does in configuration files, silences and amtool.
 *
 * <p>A matcher is a label name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}), an operator ({@code =}, {@code
 * !=}, {@code =~}, {@code !~}) and a value, each optionally surrounded by whitespace. The value may
 * be wrapped in double quotes; inside it {@code \"}, {@code \n} and {@code \\} are escapes, any
 * other backslash is literal, and an unescaped double quote is only allowed as the closing one. A
 * list is comma-separated (commas inside quotes do not separate), optionally wrapped in braces, and
 * may end with a comma. Regex values are anchored RE2 expressions.
 *
 * <p>Not instantiable; thread-safe.
 */
public final class MatcherParser {
  // Go's \s is [\t\n\f\r ]; the value part is matched lazily so trailing blanks are dropped.
  private static final Pattern MATCHER =
      Pattern.compile(
          "^[\\t\\n\\f\\r ]*([a-zA-Z_:][a-zA-Z0-9_:]*)[\\t\\n\\f\\r ]*(=~|=|!=|!~)"
              + "[\\t\\n\\f\\r ]*((?s).*?)[\\t\\n\\f\\r ]*$");

  private MatcherParser() {}

  /**
   * Parses a comma-separated list such as {@code {foo="bar", dings!=bums}}.
   *
   * @return the matchers in input order; empty for an empty (or blank) input
   * @throws IllegalArgumentException with upstream's message, e.g. {@code bad matcher format: x}
   */
  public static List<Matcher> parseMatchers(String input) {
    String s = input;
    if (s.startsWith("{")) {
      s = s.substring(1);
    }
    if (s.endsWith("}")) {
      s = s.substring(0, s.length() - 1);
    }
    List<String> tokens = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    boolean insideQuotes = false;
    boolean escaped = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case ',' -> {
          if (!insideQuotes) {
            tokens.add(token.toString());
            token.setLength(0);
            continue;
          }
        }
        case '"' -> {
          if (!escaped) {
            insideQuotes = !insideQuotes;
          } else {
            escaped = false;
          }
        }
        case '\\' -> escaped = !escaped;
        default -> escaped = false;
      }
      token.append(c);
    }
    String last = goTrimSpace(token.toString());
    if (!last.isEmpty()) {
      tokens.add(last);
    }
    List<Matcher> out = new ArrayList<>(tokens.size());
    for (String t : tokens) {
      out.add(parseMatcher(t));
    }
    return out;
  }

  /**
   * Parses one matcher such as {@code statuscode=~"5.."}.
   *
   * @throws IllegalArgumentException with upstream's message: {@code bad matcher format: …}, {@code
   *     matcher value contains unescaped double quote: …}, {@code matcher value not valid UTF-8: …}
   *     or the regular expression's compile error
   */
  public static Matcher parseMatcher(String s) {
    java.util.regex.Matcher m = MATCHER.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("bad matcher format: " + s);
    }
    String raw = m.group(3);
    String original = raw;
    boolean expectTrailingQuote = false;
    if (raw.startsWith("\"")) {
      raw = raw.substring(1);
      expectTrailingQuote = true;
    }
    if (!isWellFormed(raw)) {
      throw new IllegalArgumentException("matcher value not valid UTF-8: " + original);
    }
    StringBuilder value = new StringBuilder(raw.length());
    boolean escaped = false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (escaped) {
        escaped = false;
        switch (c) {
          case 'n' -> value.append('\n');
          case '"', '\\' -> value.append(c);
          default -> value.append('\\').append(c);
        }
        continue;
      }
      switch (c) {
        case '\\' -> {
          if (i < raw.length() - 1) {
            escaped = true;
          } else {
            value.append('\\');
          }
        }
        case '"' -> {
          if (!expectTrailingQuote || i < raw.length() - 1) {
            throw unescapedQuote(original);
          }
          expectTrailingQuote = false;
        }
        default -> value.append(c);
      }
    }
    if (expectTrailingQuote) {
      throw unescapedQuote(original);
    }
    MatchType type = operator(m.group(2));
    String v = value.toString();
    if (type == MatchType.REGEX || type == MatchType.NOT_REGEX) {
      // Compiled as upstream does, so that errors quote the anchored expression like Go's.
      Re2.compile("^(?:" + v + ")$");
    }
    return Matcher.of(type, m.group(1), v);
  }

  private static IllegalArgumentException unescapedQuote(String raw) {
    return new IllegalArgumentException("matcher value contains unescaped double quote: " + raw);
  }

  static MatchType operator(String op) {
    return switch (op) {
      case "=" -> MatchType.EQUAL;
      case "!=" -> MatchType.NOT_EQUAL;
      case "=~" -> MatchType.REGEX;
      case "!~" -> MatchType.NOT_REGEX;
      default -> throw new IllegalArgumentException("unknown match operator " + op);
    };
  }

  /** Whether {@code s} has no unpaired surrogate, i.e. encodes to valid UTF-8. */
  private static boolean isWellFormed(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** Go's {@code strings.TrimSpace} for the ASCII and Latin-1 blanks it removes. */
  static String goTrimSpace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isGoSpace(s.charAt(start))) {
      start++;
    }
    while (end > start && isGoSpace(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(start, end);
  }

  private static boolean isGoSpace(char c) {
    return switch (c) {
      case '\t', '\n', 0x0b, '\f', '\r', ' ', 0x85, 0xa0 -> true;
      default -> Character.isSpaceChar(c) && c > 0xff;
    };
  }
}
