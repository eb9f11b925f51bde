package io.argus.template.prometheus;

import io.argus.template.TemplateFunctionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Go's {@code regexp} behaviour for templates on top of {@link java.util.regex}: RE2 named groups
 * ({@code (?P<name>)}), {@code .} excluding only newline, {@code ReplaceAllString} with Go's {@code
 * $1}/{@code ${name}} expansion and empty-match rules. Thread-safe.
 */
final class GoRegexp {
  private GoRegexp() {}

  static Pattern compile(String expr) throws TemplateFunctionException {
    try {
      return Pattern.compile(expr.replace("(?P<", "(?<"), Pattern.UNIX_LINES);
    } catch (PatternSyntaxException e) {
      throw new TemplateFunctionException("error parsing regexp: " + goMessage(e, expr));
    }
  }

  private static String goMessage(PatternSyntaxException e, String expr) {
    String d = e.getDescription();
    if (d.startsWith("Unclosed group")) {
      return "missing closing ): `" + expr + "`";
    }
    if (d.startsWith("Unclosed character class")) {
      return "missing closing ]: `" + expr.substring(Math.max(0, expr.lastIndexOf('['))) + "`";
    }
    if (d.startsWith("Dangling meta character")) {
      return "missing argument to repetition operator: `" + expr.charAt(e.getIndex()) + "`";
    }
    if (d.startsWith("Unmatched closing ')'")) {
      return "unexpected ): `" + expr + "`";
    }
    return d + ": `" + expr + "`";
  }

  /** Go's {@code regexp.MustCompile(pattern).ReplaceAllString(src, repl)}. */
  static String replaceAll(Pattern pattern, String src, String repl) {
    Matcher m = pattern.matcher(src);
    StringBuilder out = new StringBuilder();
    int lastMatchEnd = 0;
    int searchPos = 0;
    while (searchPos <= src.length() && m.find(searchPos)) {
      out.append(src, lastMatchEnd, m.start());
      if (m.end() > lastMatchEnd || m.start() == 0) {
        expand(out, repl, m);
      }
      lastMatchEnd = m.end();
      int width = searchPos < src.length() ? Character.charCount(src.codePointAt(searchPos)) : 1;
      if (searchPos + width > m.end()) {
        searchPos += width;
      } else if (searchPos + 1 > m.end()) {
        searchPos++;
      } else {
        searchPos = m.end();
      }
    }
    out.append(src, lastMatchEnd, src.length());
    return out.toString();
  }

  private static void expand(StringBuilder out, String template, Matcher m) {
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '$') {
        out.append(c);
        i++;
        continue;
      }
      if (i + 1 < template.length() && template.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
        continue;
      }
      String name;
      int next;
      if (i + 1 < template.length() && template.charAt(i + 1) == '{') {
        int close = template.indexOf('}', i + 2);
        name = close < 0 ? null : template.substring(i + 2, close);
        next = close + 1;
        if (name != null && (name.isEmpty() || !isName(name))) {
          name = null;
        }
      } else {
        int j = i + 1;
        while (j < template.length() && isNameChar(template.charAt(j))) {
          j++;
        }
        name = j > i + 1 ? template.substring(i + 1, j) : null;
        next = j;
      }
      if (name == null) {
        out.append('$');
        i++;
        continue;
      }
      out.append(group(m, name));
      i = next;
    }
  }

  private static boolean isName(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isNameChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isNameChar(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  private static String group(Matcher m, String name) {
    String g;
    if (name.chars().allMatch(Character::isDigit)) {
      long n;
      try {
        n = Long.parseLong(name);
      } catch (NumberFormatException e) {
        return "";
      }
      if (n > m.groupCount()) {
        return "";
      }
      g = m.group((int) n);
    } else {
      try {
        g = m.group(name);
      } catch (IllegalArgumentException e) {
        return "";
      }
    }
    return g == null ? "" : g;
  }
}
