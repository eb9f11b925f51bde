package io.argus.model.labels;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;

/**
 * Translates a regular expression in Go's RE2 syntax (what Prometheus accepts) into an equivalent
 * {@link java.util.regex.Pattern} source, rejecting everything RE2 rejects with Go's error
 * wording. Java-only constructs (lookaround, backreferences, possessive quantifiers, atomic
 * groups, nested classes, {@code \h}, {@code \R}, …) are errors; RE2 constructs that Java spells
 * differently ({@code (?P<name>…)}, POSIX classes, octal escapes, {@code \v}, {@code \s}, the
 * {@code U} flag, {@code $} outside multi-line mode, literal {@code {}) are rewritten. The result
 * must be compiled with {@link java.util.regex.Pattern#UNIX_LINES} so that only {@code \n} is a
 * line terminator, as in Go. Not instantiable; thread-safe.
 */
final class Re2Syntax {
  private static final int MAX_REPEAT = 1000;
  private static final String RE2_SPACE = "\\t\\n\\f\\r ";
  /**
   * The complement of {@link #RE2_SPACE} as ranges, for use inside a class: Java's nested classes
   * interact badly with an enclosing negated class, so none are emitted there.
   */
  private static final String RE2_NON_SPACE =
      "\\x{0}-\\x{8}\\x{B}\\x{E}-\\x{1F}\\x{21}-\\x{10FFFF}";
  private static final String ALL_CHARS = "\\x{0}-\\x{10FFFF}";

  private static final Map<String, String> POSIX_CLASSES =
      Map.ofEntries(
          Map.entry("alnum", "Alnum"),
          Map.entry("alpha", "Alpha"),
          Map.entry("ascii", "ASCII"),
          Map.entry("blank", "Blank"),
          Map.entry("cntrl", "Cntrl"),
          Map.entry("digit", "Digit"),
          Map.entry("graph", "Graph"),
          Map.entry("lower", "Lower"),
          Map.entry("print", "Print"),
          Map.entry("punct", "Punct"),
          Map.entry("space", "Space"),
          Map.entry("upper", "Upper"),
          Map.entry("xdigit", "XDigit"));

  private static final Set<String> CATEGORIES =
      Set.of(
          "C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt", "Lu", "M", "Mc", "Me", "Mn",
          "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc", "Sk",
          "Sm", "So", "Z", "Zl", "Zp", "Zs");

  /** A regular expression that RE2 does not accept; the message is Go's. */
  static final class Re2SyntaxException extends IllegalArgumentException {
    Re2SyntaxException(String code, String expr) {
      super("error parsing regexp: " + code + ": `" + expr + "`");
    }
  }

  /** Flags whose effect the translation itself must implement. */
  private record Flags(boolean multiLine, boolean ungreedy) {}

  private final String re;
  private final StringBuilder out;
  private final ArrayDeque<Flags> saved = new ArrayDeque<>();
  private Flags flags = new Flags(false, false);
  private int pos;

  /** Whether the previous item can take a repetition operator. */
  private boolean haveOperand;

  /** Start in {@link #re} of the previous repetition operator, -1 when the last item was not. */
  private int lastRepeatStart = -1;

  private Re2Syntax(String re) {
    this.re = re;
    this.out = new StringBuilder(re.length() + 16);
  }

  /**
   * Returns the Java pattern source equivalent to the RE2 expression {@code re}.
   *
   * @throws Re2SyntaxException when RE2 would reject {@code re}
   */
  static String toJava(String re) {
    Re2Syntax t = new Re2Syntax(re);
    t.translate();
    return t.out.toString();
  }

  private void translate() {
    int n = re.length();
    while (pos < n) {
      char c = re.charAt(pos);
      switch (c) {
        case '\\' -> operand(() -> escape(false));
        case '[' -> operand(this::charClass);
        case '(' -> openGroup();
        case ')' -> {
          if (saved.isEmpty()) {
            throw new Re2SyntaxException("unexpected )", re);
          }
          flags = saved.pop();
          out.append(')');
          pos++;
          markOperand();
        }
        case '|' -> {
          out.append('|');
          pos++;
          haveOperand = false;
          lastRepeatStart = -1;
        }
        case '*', '+', '?' -> repeat(pos, pos + 1, String.valueOf(c));
        case '{' -> {
          int end = repeatCountEnd(pos);
          if (end < 0) {
            operand(() -> appendLiteral('{'));
          } else {
            checkRepeatCount(pos, end);
            repeat(pos, end, re.substring(pos, end));
          }
        }
        case '$' -> operand(() -> out.append(flags.multiLine() ? "$" : "\\z"));
        case '^', '.' -> operand(() -> out.append(c));
        default -> operand(() -> appendLiteral(nextCodePoint()));
      }
    }
    if (!saved.isEmpty()) {
      throw new Re2SyntaxException("missing closing )", re);
    }
  }

  private void operand(Runnable emit) {
    int before = pos;
    emit.run();
    if (pos == before) {
      pos++;
    }
    markOperand();
  }

  private void markOperand() {
    haveOperand = true;
    lastRepeatStart = -1;
  }

  private int nextCodePoint() {
    int cp = re.codePointAt(pos);
    pos += Character.charCount(cp);
    return cp;
  }

  /** Handles a repetition operator at {@code [start, end)} plus an optional lazy {@code ?}. */
  private void repeat(int start, int end, String op) {
    if (lastRepeatStart >= 0) {
      throw new Re2SyntaxException(
          "invalid nested repetition operator", re.substring(lastRepeatStart, end));
    }
    if (!haveOperand) {
      throw new Re2SyntaxException("missing argument to repetition operator", op);
    }
    pos = end;
    boolean lazy = pos < re.length() && re.charAt(pos) == '?';
    if (lazy) {
      pos++;
    }
    out.append(op);
    if (lazy != flags.ungreedy()) {
      out.append('?');
    }
    lastRepeatStart = start;
  }

  /** Returns the end of a {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code at}, else -1. */
  private int repeatCountEnd(int at) {
    int i = at + 1;
    int digits = skipDigits(i);
    if (digits == i) {
      return -1;
    }
    i = digits;
    if (i < re.length() && re.charAt(i) == ',') {
      i = skipDigits(i + 1);
    }
    return i < re.length() && re.charAt(i) == '}' ? i + 1 : -1;
  }

  private int skipDigits(int i) {
    while (i < re.length() && re.charAt(i) >= '0' && re.charAt(i) <= '9') {
      i++;
    }
    return i;
  }

  private void checkRepeatCount(int start, int end) {
    String body = re.substring(start + 1, end - 1);
    int comma = body.indexOf(',');
    long min = parseCount(comma < 0 ? body : body.substring(0, comma));
    long max =
        comma < 0 ? min : comma == body.length() - 1 ? -1 : parseCount(body.substring(comma + 1));
    if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && max < min)) {
      throw new Re2SyntaxException("invalid repeat count", re.substring(start, end));
    }
  }

  private static long parseCount(String digits) {
    return digits.length() > 9 ? Long.MAX_VALUE : Long.parseLong(digits);
  }

  private void openGroup() {
    int start = pos;
    haveOperand = false;
    lastRepeatStart = -1;
    if (!re.startsWith("(?", pos)) {
      saved.push(flags);
      out.append('(');
      pos++;
      return;
    }
    if (re.startsWith("(?P<", pos) || (re.startsWith("(?<", pos) && !lookbehind(pos))) {
      int nameStart = pos + (re.charAt(pos + 2) == 'P' ? 4 : 3);
      int close = re.indexOf('>', nameStart);
      if (close < 0) {
        throw new Re2SyntaxException("invalid named capture", re.substring(start));
      }
      String name = re.substring(nameStart, close);
      if (!isCaptureName(name)) {
        throw new Re2SyntaxException("invalid named capture", re.substring(start, close + 1));
      }
      // Names play no part in matching; Java's name rules are stricter, so drop them.
      saved.push(flags);
      out.append('(');
      pos = close + 1;
      return;
    }
    if (re.startsWith("(?=", pos)
        || re.startsWith("(?!", pos)
        || re.startsWith("(?>", pos)
        || re.startsWith("(?#", pos)) {
      throw new Re2SyntaxException(
          "invalid or unsupported Perl syntax", re.substring(pos, pos + 3));
    }
    if (lookbehind(pos)) {
      throw new Re2SyntaxException(
          "invalid or unsupported Perl syntax", re.substring(pos, pos + 4));
    }
    // Flags: (?flags) or (?flags:re), flags from imsU with at most one '-'.
    boolean multiLine = flags.multiLine();
    boolean ungreedy = flags.ungreedy();
    StringBuilder on = new StringBuilder();
    StringBuilder off = new StringBuilder();
    boolean negated = false;
    boolean sawFlag = false;
    int i = pos + 2;
    while (true) {
      if (i >= re.length()) {
        throw new Re2SyntaxException("missing closing )", re);
      }
      char c = re.charAt(i);
      StringBuilder target = negated ? off : on;
      switch (c) {
        case 'i' -> target.append("iu");
        case 'm' -> {
          target.append('m');
          multiLine = !negated;
        }
        case 's' -> target.append('s');
        case 'U' -> ungreedy = !negated;
        case '-' -> {
          if (negated) {
            throw unsupportedPerl(start, i);
          }
          negated = true;
          sawFlag = false;
          i++;
          continue;
        }
        case ':', ')' -> {
          if (negated ? !sawFlag : (c == ')' && i == pos + 2)) {
            throw unsupportedPerl(start, i);
          }
          Flags newFlags = new Flags(multiLine, ungreedy);
          String javaFlags = on + (off.isEmpty() ? "" : "-" + off);
          if (c == ':') {
            saved.push(flags);
            out.append("(?").append(javaFlags).append(':');
          } else if (!javaFlags.isEmpty()) {
            out.append("(?").append(javaFlags).append(')');
          }
          flags = newFlags;
          pos = i + 1;
          return;
        }
        default -> throw unsupportedPerl(start, i);
      }
      sawFlag = true;
      i++;
    }
  }

  private Re2SyntaxException unsupportedPerl(int start, int badIndex) {
    return new Re2SyntaxException(
        "invalid or unsupported Perl syntax",
        re.substring(start, Math.min(re.length(), badIndex + 1)));
  }

  private boolean lookbehind(int at) {
    return re.startsWith("(?<=", at) || re.startsWith("(?<!", at);
  }

  private static boolean isCaptureName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c == '_'
          || (c >= '0' && c <= '9')
          || (c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Translates the escape at {@link #pos}. Inside a class, returns the code point of a
   * single-character escape (so it can be a range endpoint) without emitting it, or -1 after
   * emitting a class escape such as {@code \d}. Outside a class, emits and returns -1.
   */
  private int escape(boolean inClass) {
    int start = pos;
    if (pos + 1 >= re.length()) {
      throw new Re2SyntaxException("trailing backslash at end of expression", "");
    }
    pos++;
    int c = nextCodePoint();
    if (c < 0x80 && !Character.isLetterOrDigit(c)) {
      return literalEscape(inClass, c);
    }
    switch (c) {
      case '1', '2', '3', '4', '5', '6', '7' -> {
        if (pos >= re.length() || re.charAt(pos) < '0' || re.charAt(pos) > '7') {
          throw invalidEscape(start);
        }
        return literalEscape(inClass, octal(c - '0'));
      }
      case '0' -> {
        return literalEscape(inClass, octal(0));
      }
      case 'x' -> {
        return literalEscape(inClass, hexEscape(start));
      }
      case 'a' -> {
        return literalEscape(inClass, 0x07);
      }
      case 'f' -> {
        return literalEscape(inClass, '\f');
      }
      case 'n' -> {
        return literalEscape(inClass, '\n');
      }
      case 'r' -> {
        return literalEscape(inClass, '\r');
      }
      case 't' -> {
        return literalEscape(inClass, '\t');
      }
      case 'v' -> {
        return literalEscape(inClass, 0x0B);
      }
      case 'd', 'D', 'w', 'W' -> out.append('\\').append((char) c);
      case 's' -> out.append(inClass ? RE2_SPACE : "[" + RE2_SPACE + "]");
      case 'S' -> out.append(inClass ? RE2_NON_SPACE : "[^" + RE2_SPACE + "]");
      case 'p', 'P' -> unicodeClass(start, c == 'P', inClass);
      case 'A', 'z', 'b', 'B' -> {
        if (inClass) {
          throw invalidEscape(start);
        }
        out.append('\\').append((char) c);
      }
      case 'Q' -> {
        if (inClass) {
          throw invalidEscape(start);
        }
        int end = re.indexOf("\\E", pos);
        String lit = re.substring(pos, end < 0 ? re.length() : end);
        pos = end < 0 ? re.length() : end + 2;
        lit.codePoints().forEach(this::appendLiteral);
      }
      default -> throw invalidEscape(start);
    }
    return -1;
  }

  private Re2SyntaxException invalidEscape(int start) {
    return new Re2SyntaxException("invalid escape sequence", re.substring(start, pos));
  }

  private int literalEscape(boolean inClass, int cp) {
    if (inClass) {
      return cp;
    }
    appendLiteral(cp);
    return -1;
  }

  /** Reads up to two more octal digits after the first one (already consumed). */
  private int octal(int first) {
    int v = first;
    for (int k = 0; k < 2 && pos < re.length(); k++) {
      char d = re.charAt(pos);
      if (d < '0' || d > '7') {
        break;
      }
      v = v * 8 + (d - '0');
      pos++;
    }
    return v;
  }

  private int hexEscape(int start) {
    if (pos < re.length() && re.charAt(pos) == '{') {
      int close = re.indexOf('}', pos);
      String hex = close < 0 ? "" : re.substring(pos + 1, close);
      pos = close < 0 ? re.length() : close + 1;
      if (hex.isEmpty() || hex.length() > 8 || !isHex(hex)) {
        throw invalidEscape(start);
      }
      long v = Long.parseLong(hex, 16);
      if (v > Character.MAX_CODE_POINT) {
        throw invalidEscape(start);
      }
      return (int) v;
    }
    if (pos + 2 > re.length() || !isHex(re.substring(pos, pos + 2))) {
      pos = Math.min(re.length(), pos + 2);
      throw invalidEscape(start);
    }
    pos += 2;
    return Integer.parseInt(re.substring(pos - 2, pos), 16);
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** Translates {@code \pX}, {@code \p{Name}} and {@code \p{^Name}} (and the {@code \P} forms). */
  private void unicodeClass(int start, boolean negated, boolean inClass) {
    if (pos >= re.length()) {
      throw new Re2SyntaxException("invalid character class range", re.substring(start));
    }
    String name;
    if (re.charAt(pos) == '{') {
      int close = re.indexOf('}', pos);
      if (close < 0) {
        throw new Re2SyntaxException("invalid character class range", re.substring(start));
      }
      name = re.substring(pos + 1, close);
      pos = close + 1;
    } else {
      name = new String(Character.toChars(nextCodePoint()));
    }
    if (name.startsWith("^")) {
      negated = !negated;
      name = name.substring(1);
    }
    String p = negated ? "\\P" : "\\p";
    if (name.equals("Any")) {
      if (inClass && !negated) {
        out.append(ALL_CHARS);
      } else if (!inClass) {
        out.append(negated ? "[^" + ALL_CHARS + "]" : "[" + ALL_CHARS + "]");
      } else {
        throw new Re2SyntaxException("invalid character class range", re.substring(start, pos));
      }
    } else if (CATEGORIES.contains(name)) {
      out.append(p).append('{').append(name).append('}');
    } else if (isScript(name)) {
      out.append(p).append("{Is").append(name).append('}');
    } else {
      throw new Re2SyntaxException("invalid character class range", re.substring(start, pos));
    }
  }

  private static boolean isScript(String name) {
    if (name.isEmpty() || !Character.isUpperCase(name.charAt(0))) {
      return false;
    }
    try {
      Character.UnicodeScript.forName(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Translates a bracketed class starting at {@link #pos}. */
  private void charClass() {
    int start = pos;
    pos++;
    out.append('[');
    if (pos < re.length() && re.charAt(pos) == '^') {
      out.append('^');
      pos++;
    }
    boolean first = true;
    while (true) {
      if (pos >= re.length()) {
        throw new Re2SyntaxException("missing closing ]", re.substring(start));
      }
      char c = re.charAt(pos);
      if (c == ']' && !first) {
        pos++;
        out.append(']');
        return;
      }
      first = false;
      if (c == '[' && re.startsWith("[:", pos)) {
        int close = re.indexOf(":]", pos + 2);
        if (close >= 0) {
          posixClass(re.substring(pos + 2, close), re.substring(pos, close + 2));
          pos = close + 2;
          continue;
        }
      }
      int itemStart = pos;
      int lo = classChar();
      if (lo < 0) {
        continue;
      }
      if (pos + 1 < re.length() && re.charAt(pos) == '-' && re.charAt(pos + 1) != ']') {
        pos++;
        int hi = classChar();
        if (hi < 0 || hi < lo) {
          throw new Re2SyntaxException(
              "invalid character class range", re.substring(itemStart, pos));
        }
        appendClassChar(lo);
        out.append('-');
        appendClassChar(hi);
      } else {
        appendClassChar(lo);
      }
    }
  }

  /** Reads one class member: returns its code point, or -1 when it was an emitted class escape. */
  private int classChar() {
    if (re.charAt(pos) == '\\') {
      return escape(true);
    }
    return nextCodePoint();
  }

  private void posixClass(String name, String text) {
    boolean negated = name.startsWith("^");
    String bare = negated ? name.substring(1) : name;
    if (bare.equals("word")) {
      out.append(negated ? "\\W" : "\\w");
      return;
    }
    String java = POSIX_CLASSES.get(bare);
    if (java == null) {
      throw new Re2SyntaxException("invalid character class range", text);
    }
    out.append(negated ? "\\P{" : "\\p{").append(java).append('}');
  }

  private void appendClassChar(int cp) {
    if (cp < 0x20 || cp == 0x7f) {
      out.append("\\x{").append(Integer.toHexString(cp)).append('}');
    } else if ("[]\\^-&".indexOf(cp) >= 0) {
      out.append('\\').append((char) cp);
    } else {
      out.appendCodePoint(cp);
    }
  }

  private void appendLiteral(int cp) {
    if (cp < 0x20 || cp == 0x7f) {
      out.append("\\x{").append(Integer.toHexString(cp)).append('}');
    } else if (cp < 0x80 && !Character.isLetterOrDigit(cp) && cp != ' ' && cp != '_') {
      out.append('\\').append((char) cp);
    } else {
      out.appendCodePoint(cp);
    }
  }
}
