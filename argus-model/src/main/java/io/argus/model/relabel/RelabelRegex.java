package io.argus.model.relabel;

import io.argus.model.labels.Re2;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A relabeling regular expression: RE2 syntax, always matched against the whole input (as
 * upstream's {@code ^(?s:…)$}). Equality is by source text. Immutable and thread-safe.
 */
public final class RelabelRegex {
  /** The default rule regex, {@code (.*)}. */
  public static final RelabelRegex DEFAULT = of("(.*)");

  private final String source;
  private final Pattern pattern;

  /** Capture group names by group index (index 0 unused); null for unnamed groups. */
  private final List<@Nullable String> groupNames;

  private RelabelRegex(String source) {
    this.source = source;
    this.pattern = Re2.compile(source);
    this.groupNames = captureNames(source);
  }

  /**
   * Compiles {@code source}.
   *
   * @throws IllegalArgumentException with Go's {@code error parsing regexp: …} message
   */
  public static RelabelRegex of(String source) {
    return new RelabelRegex(source);
  }

  /** The expression as written in the configuration, without anchors. */
  public String source() {
    return source;
  }

  /** Whether the whole of {@code s} matches. */
  public boolean matches(String s) {
    return pattern.matcher(s).matches();
  }

  /** A matcher on {@code s} that has matched the whole input, or null when it does not match. */
  @Nullable Matcher fullMatch(String s) {
    Matcher m = pattern.matcher(s);
    return m.matches() ? m : null;
  }

  /**
   * Expands {@code template} as Go's {@code Regexp.Expand}: {@code $1}, {@code ${1}}, {@code
   * $name}, {@code ${name}} and {@code $$}; a reference to a missing or unmatched group expands to
   * nothing and a malformed {@code $} stays literal.
   */
  String expand(String template, Matcher m) {
    int dollar = template.indexOf('$');
    if (dollar < 0) {
      return template;
    }
    StringBuilder out = new StringBuilder(template.length() + 16);
    int pos = 0;
    int n = template.length();
    while (pos < n) {
      dollar = template.indexOf('$', pos);
      if (dollar < 0) {
        break;
      }
      out.append(template, pos, dollar);
      pos = dollar + 1;
      if (pos < n && template.charAt(pos) == '$') {
        out.append('$');
        pos++;
        continue;
      }
      boolean brace = pos < n && template.charAt(pos) == '{';
      int nameStart = brace ? pos + 1 : pos;
      int nameEnd = nameStart;
      while (nameEnd < n) {
        int cp = template.codePointAt(nameEnd);
        if (!Character.isLetterOrDigit(cp) && cp != '_') {
          break;
        }
        nameEnd += Character.charCount(cp);
      }
      if (nameEnd == nameStart || (brace && (nameEnd >= n || template.charAt(nameEnd) != '}'))) {
        out.append('$');
        continue;
      }
      String name = template.substring(nameStart, nameEnd);
      pos = brace ? nameEnd + 1 : nameEnd;
      int group = groupIndex(name);
      if (group >= 0 && group <= m.groupCount()) {
        String g = m.group(group);
        if (g != null) {
          out.append(g);
        }
      }
    }
    out.append(template, pos, n);
    return out.toString();
  }

  private int groupIndex(String name) {
    int num = 0;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        num = -1;
        break;
      }
      num = num * 10 + (c - '0');
      if (num >= 100_000_000) {
        return -1;
      }
    }
    if (num >= 0) {
      return num;
    }
    for (int i = 1; i < groupNames.size(); i++) {
      if (name.equals(groupNames.get(i))) {
        return i;
      }
    }
    return -1;
  }

  /** Finds the capture groups of an RE2 expression in order, with their names. */
  private static List<@Nullable String> captureNames(String re) {
    List<@Nullable String> names = new ArrayList<>();
    names.add(null);
    int n = re.length();
    int i = 0;
    while (i < n) {
      char c = re.charAt(i);
      if (c == '\\') {
        if (i + 1 < n && re.charAt(i + 1) == 'Q') {
          int end = re.indexOf("\\E", i + 2);
          i = end < 0 ? n : end + 2;
        } else {
          i += 2;
        }
      } else if (c == '[') {
        i = skipClass(re, i);
      } else if (c == '(') {
        if (re.startsWith("(?P<", i) || re.startsWith("(?<", i)) {
          int start = re.indexOf('<', i) + 1;
          int close = re.indexOf('>', start);
          names.add(close < 0 ? null : re.substring(start, close));
        } else if (!re.startsWith("(?", i)) {
          names.add(null);
        }
        i++;
      } else {
        i++;
      }
    }
    return names;
  }

  private static int skipClass(String re, int open) {
    int i = open + 1;
    if (i < re.length() && re.charAt(i) == '^') {
      i++;
    }
    if (i < re.length() && re.charAt(i) == ']') {
      i++;
    }
    while (i < re.length()) {
      char c = re.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == '[' && re.startsWith("[:", i)) {
        int end = re.indexOf(":]", i + 2);
        i = end < 0 ? i + 1 : end + 2;
      } else if (c == ']') {
        return i + 1;
      } else {
        i++;
      }
    }
    return i;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RelabelRegex r && r.source.equals(source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }
}
