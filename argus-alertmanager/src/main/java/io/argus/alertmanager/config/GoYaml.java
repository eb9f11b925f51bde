package io.argus.alertmanager.config;

import java.math.BigInteger;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A block-style YAML writer that prints a tree the way gopkg.in/yaml.v2 2.4 (libyaml's emitter)
 * prints Go values: two-space indentation, sequences under a key not indented, strings quoted only
 * when a plain scalar would read back as another type or is not allowed, multi-line strings as
 * literal blocks, long scalars folded at column 80, empty collections as {@code []}/{@code {}}.
 * Not thread-safe; one instance writes one document.
 */
final class GoYaml {
  private static final int BEST_WIDTH = 80;
  private static final int INDENT = 2;
  private static final Pattern BASE60_FLOAT =
      Pattern.compile("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$");
  private static final Pattern YAML_FLOAT =
      Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
  private static final Pattern DOT_FLOAT = Pattern.compile("^\\.[0-9]+([eE][-+]?[0-9]+)?$");
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "^(\\d{4})-(\\d{1,2})-(\\d{1,2})"
              + "(?:(?:[Tt]\\d{1,2}:\\d{1,2}:\\d{1,2}(?:\\.\\d{1,9})?(?:Z|[-+]\\d\\d:\\d\\d))"
              + "|(?: \\d{1,2}:\\d{1,2}:\\d{1,2}(?:\\.\\d{1,9})?))?$");
  private static final Set<String> RESOLVED_WORDS =
      Set.of(
          "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no",
          "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "", "~", "null", "Null",
          "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
          "-.inf", "-.Inf", "-.INF", "<<");

  /** A value of the tree. */
  sealed interface Node {}

  /**
   * A scalar.
   *
   * @param text the value
   * @param string whether it is a Go string (quoted when needed); otherwise a bool, number or
   *     null printed plain
   */
  record Scalar(String text, boolean string) implements Node {}

  /** A sequence; {@code flow} for yaml.v2's {@code ,flow} fields. */
  record Seq(List<Node> items, boolean flow) implements Node {}

  /**
   * A mapping in the given key order.
   *
   * @param flow whether yaml.v2 prints it in flow style ({@code {a: b}})
   */
  record MapNode(List<Map.Entry<String, Node>> entries, boolean flow) implements Node {
    MapNode(List<Map.Entry<String, Node>> entries) {
      this(entries, false);
    }
  }

  static Scalar str(String s) {
    return new Scalar(s, true);
  }

  static Scalar plain(String s) {
    return new Scalar(s, false);
  }

  static final Scalar NULL = plain("null");

  /**
   * yaml.v2's order of map keys: runs of digits compare as numbers, letters before other
   * characters.
   */
  static final Comparator<String> KEY_ORDER = GoYaml::compareKeys;

  private final StringBuilder out = new StringBuilder();
  private int column;
  private boolean whitespace = true;
  private boolean indention = true;
  private int flowLevel;

  private GoYaml() {}

  /** Prints a document whose root is a mapping. */
  static String document(MapNode root) {
    GoYaml y = new GoYaml();
    y.mapping(root, 0);
    y.writeIndent(0);
    return y.out.toString();
  }

  // ------------------------------------------------------------------ structure

  private void node(Node n, int indent, boolean inSequence) {
    switch (n) {
      case Scalar s -> scalar(s, indent + INDENT, false);
      case Seq s when s.flow() || s.items().isEmpty() -> flow(s, indent + INDENT);
      case MapNode m when m.flow() || m.entries().isEmpty() -> flow(m, indent + INDENT);
      case Seq s -> sequence(s, inSequence ? indent + INDENT : indent);
      case MapNode m -> mapping(m, indent + INDENT);
    }
  }

  private void mapping(MapNode m, int indent) {
    for (Map.Entry<String, Node> e : m.entries()) {
      writeIndent(indent);
      scalar(str(e.getKey()), indent + INDENT, true);
      writeIndicator(":", false, false, false);
      node(e.getValue(), indent, false);
    }
  }

  private void sequence(Seq s, int indent) {
    for (Node item : s.items()) {
      writeIndent(indent);
      writeIndicator("-", true, false, true);
      node(item, indent, true);
    }
  }

  /** A collection in flow style; everything inside is flow too. */
  private void flow(Node n, int indent) {
    switch (n) {
      case Scalar s -> scalar(s, indent, false);
      case Seq s -> {
        writeIndicator("[", true, true, false);
        flowLevel++;
        for (int i = 0; i < s.items().size(); i++) {
          flowSeparator(i, indent);
          flow(s.items().get(i), indent + INDENT);
        }
        flowLevel--;
        writeIndicator("]", false, false, false);
      }
      case MapNode m -> {
        writeIndicator("{", true, true, false);
        flowLevel++;
        for (int i = 0; i < m.entries().size(); i++) {
          flowSeparator(i, indent);
          scalar(str(m.entries().get(i).getKey()), indent + INDENT, true);
          writeIndicator(":", false, false, false);
          flow(m.entries().get(i).getValue(), indent + INDENT);
        }
        flowLevel--;
        writeIndicator("}", false, false, false);
      }
    }
  }

  private void flowSeparator(int index, int indent) {
    if (index > 0) {
      writeIndicator(",", false, false, false);
    }
    if (column > BEST_WIDTH) {
      writeIndent(indent);
    }
  }

  // ------------------------------------------------------------------ scalars

  private enum Style {
    PLAIN,
    SINGLE,
    DOUBLE,
    LITERAL
  }

  private void scalar(Scalar s, int indent, boolean simpleKey) {
    String v = s.text();
    if (!s.string()) {
      writePlain(v, indent, !simpleKey);
      return;
    }
    Style style;
    if (v.indexOf('\n') >= 0) {
      style = Style.LITERAL;
    } else if (resolvesToString(v) && !isBase60Float(v)) {
      style = Style.PLAIN;
    } else {
      style = Style.DOUBLE;
    }
    Analysis a = analyze(v);
    if (simpleKey && a.multiline) {
      style = Style.DOUBLE;
    }
    if (style == Style.PLAIN) {
      if (flowLevel > 0 ? !a.flowPlainAllowed : !a.blockPlainAllowed) {
        style = Style.SINGLE;
      }
      if (v.isEmpty() && (flowLevel > 0 || simpleKey)) {
        style = Style.SINGLE;
      }
    }
    if (style == Style.SINGLE && !a.singleQuotedAllowed) {
      style = Style.DOUBLE;
    }
    if (style == Style.LITERAL && (!a.blockAllowed || flowLevel > 0 || simpleKey)) {
      style = Style.DOUBLE;
    }
    switch (style) {
      case PLAIN -> writePlain(v, indent, !simpleKey);
      case SINGLE -> writeSingle(v, indent, !simpleKey);
      case DOUBLE -> writeDouble(v, indent, !simpleKey);
      case LITERAL -> writeLiteral(v, indent);
    }
  }

  private record Analysis(
      boolean multiline,
      boolean flowPlainAllowed,
      boolean blockPlainAllowed,
      boolean singleQuotedAllowed,
      boolean blockAllowed) {}

  private static Analysis analyze(String v) {
    if (v.isEmpty()) {
      return new Analysis(false, false, true, true, false);
    }
    boolean blockIndicators = false;
    boolean flowIndicators = false;
    if (v.startsWith("---") || v.startsWith("...")) {
      blockIndicators = true;
      flowIndicators = true;
    }
    boolean lineBreaks = false;
    boolean special = false;
    boolean leadingSpace = false;
    boolean leadingBreak = false;
    boolean trailingSpace = false;
    boolean trailingBreak = false;
    boolean breakSpace = false;
    boolean spaceBreak = false;
    boolean precededByWhitespace = true;
    boolean previousSpace = false;
    boolean previousBreak = false;
    int[] cps = v.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      boolean followedByWhitespace = i + 1 >= cps.length || isBlank(cps[i + 1]);
      if (i == 0) {
        switch (c) {
          case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' -> {
            flowIndicators = true;
            blockIndicators = true;
          }
          case '?', ':' -> {
            flowIndicators = true;
            if (followedByWhitespace) {
              blockIndicators = true;
            }
          }
          case '-' -> {
            if (followedByWhitespace) {
              flowIndicators = true;
              blockIndicators = true;
            }
          }
          default -> {}
        }
      } else {
        switch (c) {
          case ',', '?', '[', ']', '{', '}' -> flowIndicators = true;
          case ':' -> {
            flowIndicators = true;
            if (followedByWhitespace) {
              blockIndicators = true;
            }
          }
          case '#' -> {
            if (precededByWhitespace) {
              flowIndicators = true;
              blockIndicators = true;
            }
          }
          default -> {}
        }
      }
      if (!isPrintable(c)) {
        special = true;
      }
      if (c == ' ') {
        leadingSpace |= i == 0;
        trailingSpace |= i == cps.length - 1;
        breakSpace |= previousBreak;
        previousSpace = true;
        previousBreak = false;
      } else if (isBreak(c)) {
        lineBreaks = true;
        leadingBreak |= i == 0;
        trailingBreak |= i == cps.length - 1;
        spaceBreak |= previousSpace;
        previousSpace = false;
        previousBreak = true;
      } else {
        previousSpace = false;
        previousBreak = false;
      }
      precededByWhitespace = isBlank(c) || isBreak(c);
    }
    boolean flowPlain = true;
    boolean blockPlain = true;
    boolean single = true;
    boolean block = true;
    if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
      flowPlain = false;
      blockPlain = false;
    }
    if (trailingSpace) {
      block = false;
    }
    if (breakSpace) {
      flowPlain = false;
      blockPlain = false;
      single = false;
    }
    if (spaceBreak || special) {
      flowPlain = false;
      blockPlain = false;
      single = false;
      block = false;
    }
    if (lineBreaks) {
      flowPlain = false;
      blockPlain = false;
    }
    if (flowIndicators) {
      flowPlain = false;
    }
    if (blockIndicators) {
      blockPlain = false;
    }
    return new Analysis(lineBreaks, flowPlain, blockPlain, single, block);
  }

  private void writePlain(String v, int indent, boolean allowBreaks) {
    if (!whitespace) {
      put(' ');
    }
    int[] cps = v.codePoints().toArray();
    boolean spaces = false;
    boolean breaks = false;
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (c == ' ') {
        boolean nextSpace = i + 1 < cps.length && cps[i + 1] == ' ';
        if (allowBreaks && !spaces && column > BEST_WIDTH && !nextSpace) {
          writeIndent(indent);
        } else {
          put(c);
        }
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c == '\n') {
          putBreak();
        }
        writeBreak(c);
        indention = true;
        breaks = true;
      } else {
        if (breaks) {
          writeIndent(indent);
        }
        put(c);
        indention = false;
        spaces = false;
        breaks = false;
      }
    }
    whitespace = false;
    indention = false;
  }

  private void writeSingle(String v, int indent, boolean allowBreaks) {
    writeIndicator("'", true, false, false);
    int[] cps = v.codePoints().toArray();
    boolean spaces = false;
    boolean breaks = false;
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (c == ' ') {
        boolean nextSpace = i + 1 < cps.length && cps[i + 1] == ' ';
        if (allowBreaks
            && !spaces
            && column > BEST_WIDTH
            && i > 0
            && i < cps.length - 1
            && !nextSpace) {
          writeIndent(indent);
        } else {
          put(c);
        }
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c == '\n') {
          putBreak();
        }
        writeBreak(c);
        indention = true;
        breaks = true;
      } else {
        if (breaks) {
          writeIndent(indent);
        }
        if (c == '\'') {
          put('\'');
        }
        put(c);
        indention = false;
        spaces = false;
        breaks = false;
      }
    }
    writeIndicator("'", false, false, false);
    whitespace = false;
    indention = false;
  }

  private void writeDouble(String v, int indent, boolean allowBreaks) {
    boolean spaces = false;
    writeIndicator("\"", true, false, false);
    int[] cps = v.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (!isPrintable(c) || c == 0xFEFF || isBreak(c) || c == '"' || c == '\\') {
        put('\\');
        switch (c) {
          case 0x00 -> put('0');
          case 0x07 -> put('a');
          case 0x08 -> put('b');
          case 0x09 -> put('t');
          case 0x0A -> put('n');
          case 0x0B -> put('v');
          case 0x0C -> put('f');
          case 0x0D -> put('r');
          case 0x1B -> put('e');
          case 0x22 -> put('"');
          case 0x5C -> put('\\');
          case 0x85 -> put('N');
          case 0xA0 -> put('_');
          case 0x2028 -> put('L');
          case 0x2029 -> put('P');
          default -> {
            int width;
            if (c <= 0xFF) {
              put('x');
              width = 2;
            } else if (c <= 0xFFFF) {
              put('u');
              width = 4;
            } else {
              put('U');
              width = 8;
            }
            for (int k = (width - 1) * 4; k >= 0; k -= 4) {
              int digit = (c >> k) & 0xF;
              put(digit < 10 ? '0' + digit : 'A' + digit - 10);
            }
          }
        }
        spaces = false;
      } else if (c == ' ') {
        if (allowBreaks && !spaces && column > BEST_WIDTH && i > 0 && i < cps.length - 1) {
          writeIndent(indent);
          if (cps[i + 1] == ' ') {
            put('\\');
          }
        } else {
          put(c);
        }
        spaces = true;
      } else {
        put(c);
        spaces = false;
      }
    }
    writeIndicator("\"", false, false, false);
    whitespace = false;
    indention = false;
  }

  private void writeLiteral(String v, int indent) {
    writeIndicator("|", true, false, false);
    int[] cps = v.codePoints().toArray();
    if (cps[0] == ' ' || isBreak(cps[0])) {
      writeIndicator(String.valueOf(INDENT), false, false, false);
    }
    String chomp = "";
    int last = cps.length - 1;
    if (!isBreak(cps[last])) {
      chomp = "-";
    } else if (last == 0 || isBreak(cps[last - 1])) {
      chomp = "+";
    }
    if (!chomp.isEmpty()) {
      writeIndicator(chomp, false, false, false);
    }
    putBreak();
    indention = true;
    whitespace = true;
    boolean breaks = true;
    for (int c : cps) {
      if (isBreak(c)) {
        writeBreak(c);
        indention = true;
        breaks = true;
      } else {
        if (breaks) {
          writeIndent(indent);
        }
        put(c);
        indention = false;
        breaks = false;
      }
    }
  }

  // ------------------------------------------------------------------ low level

  private void writeIndent(int indent) {
    if (!indention || column > indent || (column == indent && !whitespace)) {
      putBreak();
    }
    while (column < indent) {
      put(' ');
    }
    whitespace = true;
    indention = true;
  }

  private void writeIndicator(
      String indicator, boolean needWhitespace, boolean isWhitespace, boolean isIndention) {
    if (needWhitespace && !whitespace) {
      put(' ');
    }
    for (int i = 0; i < indicator.length(); i++) {
      put(indicator.charAt(i));
    }
    whitespace = isWhitespace;
    indention = indention && isIndention;
  }

  private void put(int codePoint) {
    out.appendCodePoint(codePoint);
    column++;
  }

  private void putBreak() {
    out.append('\n');
    column = 0;
  }

  private void writeBreak(int c) {
    if (c == '\n') {
      putBreak();
    } else {
      out.appendCodePoint(c);
      column = 0;
    }
  }

  private static boolean isBlank(int c) {
    return c == ' ' || c == '\t';
  }

  private static boolean isBreak(int c) {
    return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
  }

  /** libyaml's printable set as go-yaml checks it (no characters beyond the BMP). */
  private static boolean isPrintable(int c) {
    return c == 0x0A
        || (c >= 0x20 && c <= 0x7E)
        || (c >= 0xA0 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);
  }

  // ------------------------------------------------------------------ resolution

  private static boolean isBase60Float(String s) {
    return !s.isEmpty() && s.indexOf(':') >= 0 && BASE60_FLOAT.matcher(s).matches();
  }

  /** Whether the text, written plain, would read back as a string (yaml.v2's resolve). */
  static boolean resolvesToString(String s) {
    if (RESOLVED_WORDS.contains(s)) {
      return false;
    }
    char c = s.charAt(0);
    if (c == '.') {
      return !DOT_FLOAT.matcher(s).matches();
    }
    if (c != '+' && c != '-' && (c < '0' || c > '9')) {
      return true;
    }
    if (TIMESTAMP.matcher(s).matches() && validDate(s)) {
      return false;
    }
    String plain = s.replace("_", "");
    if (parsesAsGoInt(plain)) {
      return false;
    }
    if (YAML_FLOAT.matcher(plain).matches()) {
      return false;
    }
    if (plain.startsWith("0b") && isBinary(plain.substring(2))) {
      return false;
    }
    return !(plain.startsWith("-0b") && isBinary(plain.substring(3)));
  }

  private static boolean validDate(String s) {
    int month = Integer.parseInt(s.substring(5, s.indexOf('-', 5)));
    int rest = s.indexOf('-', 5) + 1;
    int end = rest;
    while (end < s.length() && Character.isDigit(s.charAt(end))) {
      end++;
    }
    int day = Integer.parseInt(s.substring(rest, end));
    int year = Integer.parseInt(s.substring(0, 4));
    if (month < 1 || month > 12 || day < 1) {
      return false;
    }
    return day <= YearMonth.of(year, month).lengthOfMonth();
  }

  private static boolean isBinary(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != '0' && s.charAt(i) != '1') {
        return false;
      }
    }
    return s.length() <= 64;
  }

  /** Go's {@code strconv.ParseInt(s, 0, 64)} or {@code ParseUint(s, 0, 64)} succeeds. */
  private static boolean parsesAsGoInt(String s) {
    String body = s;
    boolean signed = false;
    if (body.startsWith("+") || body.startsWith("-")) {
      signed = true;
      body = body.substring(1);
    }
    int radix = 10;
    if (body.length() > 1 && body.charAt(0) == '0') {
      char p = Character.toLowerCase(body.charAt(1));
      if (p == 'x') {
        radix = 16;
        body = body.substring(2);
      } else if (p == 'o') {
        radix = 8;
        body = body.substring(2);
      } else if (p == 'b') {
        radix = 2;
        body = body.substring(2);
      } else {
        radix = 8;
        body = body.substring(1);
      }
    }
    if (body.isEmpty()) {
      return false;
    }
    BigInteger v;
    try {
      v = new BigInteger(body, radix);
    } catch (NumberFormatException e) {
      return false;
    }
    if (body.startsWith("+") || body.startsWith("-")) {
      return false;
    }
    BigInteger limit =
        signed
            ? (s.startsWith("-")
                ? BigInteger.valueOf(Long.MIN_VALUE).negate()
                : BigInteger.valueOf(Long.MAX_VALUE))
            : BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    return v.compareTo(limit) <= 0;
  }

  private static int compareKeys(String a, String b) {
    int[] ar = a.codePoints().toArray();
    int[] br = b.codePoints().toArray();
    for (int i = 0; i < ar.length && i < br.length; i++) {
      if (ar[i] == br[i]) {
        continue;
      }
      boolean al = Character.isLetter(ar[i]);
      boolean bl = Character.isLetter(br[i]);
      if (al && bl) {
        return Integer.compare(ar[i], br[i]);
      }
      if (al || bl) {
        return bl ? -1 : 1;
      }
      long an = 0;
      long bn = 0;
      if (ar[i] == '0' || br[i] == '0') {
        for (int j = i - 1; j >= 0 && Character.isDigit(ar[j]); j--) {
          if (ar[j] != '0') {
            an = 1;
            bn = 1;
            break;
          }
        }
      }
      int ai = i;
      while (ai < ar.length && Character.isDigit(ar[ai])) {
        an = an * 10 + (ar[ai] - '0');
        ai++;
      }
      int bi = i;
      while (bi < br.length && Character.isDigit(br[bi])) {
        bn = bn * 10 + (br[bi] - '0');
        bi++;
      }
      if (an != bn) {
        return an < bn ? -1 : 1;
      }
      if (ai != bi) {
        return ai < bi ? -1 : 1;
      }
      return Integer.compare(ar[i], br[i]);
    }
    return Integer.compare(ar.length, br.length);
  }

  /** Map entries of a Go map, in yaml.v2's key order. */
  static List<Map.Entry<String, Node>> sortedStringMap(Map<String, String> m) {
    List<Map.Entry<String, Node>> out = new ArrayList<>();
    m.keySet().stream()
        .sorted(KEY_ORDER)
        .forEach(k -> out.add(Map.entry(k, (Node) str(m.get(k)))));
    return out;
  }
}
