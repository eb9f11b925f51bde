package io.argus.model.labels;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * A fully anchored RE2 regular expression, matched the way Prometheus does ({@code ^(?s:re)$}),
 * with shortcuts that avoid the regex engine for common shapes: a literal, an alternation of
 * literals (a set), {@code .*} and {@code .+}, and literals combined with {@code .*}/{@code .+} as
 * prefix, suffix or infix. Shapes outside these fall back to {@link Pattern}, checked against a
 * required literal prefix first when there is one. Immutable and thread-safe.
 */
final class FastRegexMatcher {
  /** Prometheus' limit on the size of an expanded set of literals. */
  static final int MAX_SET_MATCHES = 256;

  /** How a value is checked. Every implementation agrees with the anchored regex. */
  sealed interface Strategy {
    boolean matches(String v);
  }

  record Literal(String s) implements Strategy {
    @Override
    public boolean matches(String v) {
      return s.equals(v);
    }
  }

  record LiteralSet(Set<String> set) implements Strategy {
    @Override
    public boolean matches(String v) {
      return set.contains(v);
    }
  }

  record Anything() implements Strategy {
    @Override
    public boolean matches(String v) {
      return true;
    }
  }

  record NonEmpty() implements Strategy {
    @Override
    public boolean matches(String v) {
      return !v.isEmpty();
    }
  }

  /**
   * {@code prefix} then anything then {@code suffix}; {@code minMiddle} is 0 for {@code .*} and 1
   * for {@code .+} between them.
   */
  record PrefixSuffix(String prefix, String suffix, int minMiddle) implements Strategy {
    @Override
    public boolean matches(String v) {
      return v.length() >= prefix.length() + suffix.length() + minMiddle
          && v.startsWith(prefix)
          && v.endsWith(suffix);
    }
  }

  /**
   * {@code .*} or {@code .+} on each side of a literal; {@code before}/{@code after} are the
   * minimum number of chars required on each side (0 or 1).
   */
  record Contains(String infix, int before, int after) implements Strategy {
    @Override
    public boolean matches(String v) {
      int at = v.indexOf(infix, before);
      return at >= 0 && at + infix.length() + after <= v.length();
    }
  }

  record AnyOf(List<Strategy> alternatives) implements Strategy {
    @Override
    public boolean matches(String v) {
      for (Strategy s : alternatives) {
        if (s.matches(v)) {
          return true;
        }
      }
      return false;
    }
  }

  record Regex(String requiredPrefix, Pattern pattern) implements Strategy {
    @Override
    public boolean matches(String v) {
      return v.startsWith(requiredPrefix) && pattern.matcher(v).matches();
    }
  }

  private final String source;
  private final Strategy strategy;
  private final List<String> setMatches;

  private FastRegexMatcher(String source, Strategy strategy, List<String> setMatches) {
    this.source = source;
    this.strategy = strategy;
    this.setMatches = setMatches;
  }

  /**
   * Compiles an RE2 expression.
   *
   * @throws IllegalArgumentException with Go's message when RE2 would reject it
   */
  static FastRegexMatcher compile(String re) {
    String java = Re2Syntax.toJava(re);
    Pattern pattern;
    try {
      pattern = Pattern.compile("(?s:" + java + ")", Pattern.UNIX_LINES);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "error parsing regexp: " + e.getDescription() + ": `" + re + "`", e);
    }
    List<String> set = LiteralSets.expand(re);
    if (set != null) {
      Strategy s = set.size() == 1 ? new Literal(set.get(0)) : new LiteralSet(Set.copyOf(set));
      return new FastRegexMatcher(re, s, List.copyOf(set));
    }
    Strategy shaped = LiteralSets.shape(re);
    if (shaped != null) {
      return new FastRegexMatcher(re, shaped, List.of());
    }
    return new FastRegexMatcher(re, new Regex(LiteralSets.requiredPrefix(re), pattern), List.of());
  }

  boolean matches(String v) {
    return strategy.matches(v);
  }

  String source() {
    return source;
  }

  Strategy strategy() {
    return strategy;
  }

  /** The literal alternatives when the expression is exactly a set of literals, else empty. */
  List<String> setMatches() {
    return setMatches;
  }

  /** Recognises literal-only and {@code .*}-literal shapes in RE2 source. */
  static final class LiteralSets {
    private LiteralSets() {}

    /**
     * Returns the strings matched by {@code re} when it is built only from literals, alternation
     * and (non-capturing or capturing) groups, expanded as a cartesian product up to {@link
     * #MAX_SET_MATCHES}; otherwise null. Order follows the expression, duplicates removed.
     */
    static @Nullable List<String> expand(String re) {
      int[] pos = {0};
      List<String> r = alternation(re, pos);
      if (r == null || pos[0] != re.length()) {
        return null;
      }
      return new ArrayList<>(new LinkedHashSet<>(r));
    }

    private static @Nullable List<String> alternation(String re, int[] pos) {
      List<String> all = new ArrayList<>();
      while (true) {
        List<String> c = concatenation(re, pos);
        if (c == null) {
          return null;
        }
        all.addAll(c);
        if (all.size() > MAX_SET_MATCHES) {
          return null;
        }
        if (pos[0] < re.length() && re.charAt(pos[0]) == '|') {
          pos[0]++;
          continue;
        }
        return all;
      }
    }

    private static @Nullable List<String> concatenation(String re, int[] pos) {
      List<String> acc = new ArrayList<>(List.of(""));
      StringBuilder lit = new StringBuilder();
      while (pos[0] < re.length()) {
        char c = re.charAt(pos[0]);
        if (c == '|' || c == ')') {
          break;
        }
        if (c == '(') {
          int inner = re.startsWith("(?:", pos[0]) ? pos[0] + 3 : pos[0] + 1;
          if (re.startsWith("(?", pos[0]) && inner == pos[0] + 1) {
            return null;
          }
          pos[0] = inner;
          List<String> sub = alternation(re, pos);
          if (sub == null || pos[0] >= re.length() || re.charAt(pos[0]) != ')') {
            return null;
          }
          pos[0]++;
          if (followedByRepeat(re, pos[0])) {
            return null;
          }
          acc = product(appendAll(acc, lit), sub);
          lit.setLength(0);
          if (acc == null) {
            return null;
          }
          continue;
        }
        int cp = literalAt(re, pos[0]);
        if (cp < 0) {
          return null;
        }
        pos[0] += literalLength(re, pos[0]);
        if (followedByRepeat(re, pos[0])) {
          return null;
        }
        lit.appendCodePoint(cp);
      }
      return appendAll(acc, lit);
    }

    private static List<String> appendAll(List<String> acc, CharSequence lit) {
      if (lit.isEmpty()) {
        return acc;
      }
      List<String> out = new ArrayList<>(acc.size());
      for (String a : acc) {
        out.add(a + lit);
      }
      return out;
    }

    private static @Nullable List<String> product(List<String> left, List<String> right) {
      if ((long) left.size() * right.size() > MAX_SET_MATCHES) {
        return null;
      }
      List<String> out = new ArrayList<>(left.size() * right.size());
      for (String l : left) {
        for (String r : right) {
          out.add(l + r);
        }
      }
      return out;
    }

    private static boolean followedByRepeat(String re, int at) {
      if (at >= re.length()) {
        return false;
      }
      char c = re.charAt(at);
      return c == '*' || c == '+' || c == '?' || c == '{';
    }

    /** Returns the literal code point at {@code at} (plain or escaped punctuation), else -1. */
    private static int literalAt(String re, int at) {
      char c = re.charAt(at);
      if (c == '\\') {
        if (at + 1 < re.length()) {
          char e = re.charAt(at + 1);
          if (e < 0x80 && !Character.isLetterOrDigit(e)) {
            return e;
          }
        }
        return -1;
      }
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        return -1;
      }
      return re.codePointAt(at);
    }

    private static int literalLength(String re, int at) {
      return re.charAt(at) == '\\' ? 2 : Character.charCount(re.codePointAt(at));
    }

    /**
     * Returns a strategy when every top-level alternative is a sequence of literals, {@code .*} and
     * {@code .+} in one of the supported shapes; otherwise null.
     */
    static @Nullable Strategy shape(String re) {
      List<Strategy> alts = new ArrayList<>();
      int start = 0;
      for (int i = 0; i <= re.length(); i++) {
        if (i == re.length() || re.charAt(i) == '|') {
          Strategy s = shapeOf(re.substring(start, i));
          if (s == null) {
            return null;
          }
          alts.add(s);
          start = i + 1;
        } else if (re.charAt(i) == '\\') {
          i++;
        }
      }
      if (alts.size() == 1) {
        return alts.get(0);
      }
      for (Strategy s : alts) {
        if (s instanceof Anything) {
          return s;
        }
      }
      return new AnyOf(List.copyOf(alts));
    }

    /** Token kinds of a simple alternative: a literal string, {@code .*} or {@code .+}. */
    private static final String DOT_STAR = "\u0000.*";

    private static final String DOT_PLUS = "\u0000.+";

    private static @Nullable Strategy shapeOf(String alt) {
      List<String> tokens = new ArrayList<>();
      StringBuilder lit = new StringBuilder();
      int i = 0;
      while (i < alt.length()) {
        if (alt.startsWith(".*", i) || alt.startsWith(".+", i)) {
          if (i + 2 < alt.length() && "*+?{".indexOf(alt.charAt(i + 2)) >= 0) {
            return null;
          }
          if (!lit.isEmpty()) {
            tokens.add(lit.toString());
            lit.setLength(0);
          }
          tokens.add(alt.charAt(i + 1) == '*' ? DOT_STAR : DOT_PLUS);
          i += 2;
          continue;
        }
        int cp = literalAt(alt, i);
        if (cp < 0) {
          return null;
        }
        i += literalLength(alt, i);
        if (followedByRepeat(alt, i)) {
          return null;
        }
        lit.appendCodePoint(cp);
      }
      if (!lit.isEmpty()) {
        tokens.add(lit.toString());
      }
      return fromTokens(tokens);
    }

    private static @Nullable Strategy fromTokens(List<String> t) {
      switch (t.size()) {
        case 0 -> {
          return new Literal("");
        }
        case 1 -> {
          String a = t.get(0);
          return a.equals(DOT_STAR)
              ? new Anything()
              : a.equals(DOT_PLUS) ? new NonEmpty() : new Literal(a);
        }
        case 2 -> {
          String a = t.get(0);
          String b = t.get(1);
          if (isDot(a) && !isDot(b)) {
            return new PrefixSuffix("", b, a.equals(DOT_PLUS) ? 1 : 0);
          }
          if (!isDot(a) && isDot(b)) {
            return new PrefixSuffix(a, "", b.equals(DOT_PLUS) ? 1 : 0);
          }
          return null;
        }
        case 3 -> {
          String a = t.get(0);
          String b = t.get(1);
          String c = t.get(2);
          if (isDot(a) && !isDot(b) && isDot(c)) {
            return new Contains(b, a.equals(DOT_PLUS) ? 1 : 0, c.equals(DOT_PLUS) ? 1 : 0);
          }
          if (!isDot(a) && isDot(b) && !isDot(c)) {
            return new PrefixSuffix(a, c, b.equals(DOT_PLUS) ? 1 : 0);
          }
          return null;
        }
        default -> {
          return null;
        }
      }
    }

    private static boolean isDot(String token) {
      return token.equals(DOT_STAR) || token.equals(DOT_PLUS);
    }

    /**
     * Returns a literal prefix every match must start with (empty when none is known): the leading
     * literals of an expression without top-level alternation, stopping before a literal that a
     * repetition operator applies to.
     */
    static String requiredPrefix(String re) {
      if (hasTopLevelAlternation(re)) {
        return "";
      }
      StringBuilder sb = new StringBuilder();
      int i = 0;
      while (i < re.length()) {
        int cp = literalAt(re, i);
        if (cp < 0) {
          break;
        }
        int next = i + literalLength(re, i);
        if (followedByRepeat(re, next)) {
          break;
        }
        sb.appendCodePoint(cp);
        i = next;
      }
      return sb.toString();
    }

    private static boolean hasTopLevelAlternation(String re) {
      int depth = 0;
      boolean inClass = false;
      for (int i = 0; i < re.length(); i++) {
        char c = re.charAt(i);
        if (c == '\\') {
          i++;
        } else if (inClass) {
          inClass = c != ']';
        } else if (c == '[') {
          inClass = true;
          if (i + 1 < re.length() && re.charAt(i + 1) == ']') {
            i++;
          }
        } else if (c == '(') {
          depth++;
        } else if (c == ')') {
          depth--;
        } else if (c == '|' && depth == 0) {
          return true;
        }
      }
      return false;
    }
  }
}
