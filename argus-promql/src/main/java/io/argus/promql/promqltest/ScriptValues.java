package io.argus.promql.promqltest;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lexical pieces of the test-script language: durations, numbers, series lines. Stateless. */
public final class ScriptValues {
  /** Prometheus' staleness marker, a NaN with a distinct bit pattern. */
  public static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

  private static final String NUM =
      "(?:[0-9]+\\.?[0-9]*(?:[eE][+-]?[0-9]+)?|\\.[0-9]+(?:[eE][+-]?[0-9]+)?"
          + "|(?i:infinity|inf|nan))";
  private static final Pattern PLAIN = Pattern.compile("[+-]?" + NUM);
  private static final Pattern REPEAT =
      Pattern.compile("([+-]?" + NUM + ")(?:([+-])(" + NUM + "))?x([0-9]+)");
  private static final Pattern DURATION =
      Pattern.compile(
          "(?:([0-9]+)y)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?"
              + "(?:([0-9]+)s)?(?:([0-9]+)ms)?");
  private static final long[] UNIT_MS = {
    365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1
  };

  private ScriptValues() {}

  public static boolean isStale(double v) {
    return Double.doubleToRawLongBits(v) == 0x7ff0000000000002L;
  }

  /**
   * Parses a Prometheus duration ({@code 1h30m}, {@code 90s}, {@code 0}) into milliseconds.
   *
   * @throws IllegalArgumentException when the text is not a duration
   */
  public static long parseDuration(String s) {
    if (s.equals("0")) {
      return 0;
    }
    Matcher m = DURATION.matcher(s);
    if (s.isEmpty() || !m.matches()) {
      throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
    }
    long total = 0;
    for (int g = 1; g <= 7; g++) {
      if (m.group(g) != null) {
        total =
            Math.addExact(total, Math.multiplyExact(Long.parseLong(m.group(g)), UNIT_MS[g - 1]));
      }
    }
    return total;
  }

  /** Parses a float as in series lines (decimal, Inf/NaN in any case); throws otherwise. */
  public static double parseFloat(String s) {
    if (!PLAIN.matcher(s).matches()) {
      throw new IllegalArgumentException("invalid number \"" + s + "\"");
    }
    String body = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
    boolean neg = s.startsWith("-");
    String lower = body.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("nan")) {
      return Double.longBitsToDouble(0x7ff8000000000001L);
    }
    if (lower.equals("inf") || lower.equals("infinity")) {
      return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    double v = Double.parseDouble(body);
    return neg ? -v : v;
  }

  /**
   * Parses a number with Go's rules (integer with base prefix, else float), returning null when the
   * text is not a number. Used for expected scalar lines.
   */
  public static Double parseGoNumber(String s) {
    String t = s.replace("_", "");
    try {
      boolean neg = t.startsWith("-");
      String b = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
      String lower = b.toLowerCase(java.util.Locale.ROOT);
      long v;
      if (lower.startsWith("0x")) {
        v = Long.parseLong(b.substring(2), 16);
      } else if (lower.startsWith("0o")) {
        v = Long.parseLong(b.substring(2), 8);
      } else if (lower.startsWith("0b")) {
        v = Long.parseLong(b.substring(2), 2);
      } else if (b.length() > 1 && b.startsWith("0") && b.chars().allMatch(Character::isDigit)) {
        v = Long.parseLong(b, 8);
      } else {
        v = Long.parseLong(b);
      }
      return (double) (neg ? -v : v);
    } catch (NumberFormatException e) {
      // fall through to float syntax
    }
    if (PLAIN.matcher(s).matches()) {
      return parseFloat(s);
    }
    return null;
  }

  /** A parsed series line. */
  public record SeriesLine(Labels labels, SeriesValues values, String metricText) {}

  /** Splits a series line into its metric text and the remainder. */
  static String[] splitMetric(String line) {
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == '\\' && quote != '`') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (depth > 0 && (c == '"' || c == '\'' || c == '`')) {
        quote = c;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
      } else if (depth == 0 && Character.isWhitespace(c)) {
        return new String[] {line.substring(0, i), line.substring(i).strip()};
      }
    }
    return new String[] {line, ""};
  }

  /** Parses {@code <metric> <items>}. */
  public static SeriesLine parseSeriesLine(String line) {
    String[] parts = splitMetric(line);
    Labels labels = parseMetric(parts[0]);
    return new SeriesLine(labels, parseItems(parts[1]), parts[0]);
  }

  /** Parses the metric part: {@code name}, {@code name{a="b"}}, {@code {"name", a="b"}}. */
  public static Labels parseMetric(String s) {
    LabelsBuilder b = new LabelsBuilder();
    int i = 0;
    int n = s.length();
    while (i < n && isNameChar(s.charAt(i), i == 0)) {
      i++;
    }
    if (i > 0) {
      b.set("__name__", s.substring(0, i));
    }
    if (i == n) {
      if (i == 0) {
        throw new IllegalArgumentException("missing metric name or labels");
      }
      return b.build();
    }
    if (s.charAt(i) != '{' || s.charAt(n - 1) != '}') {
      throw new IllegalArgumentException("invalid metric \"" + s + "\"");
    }
    int[] pos = {i + 1};
    int end = n - 1;
    while (true) {
      skipSpace(s, pos, end);
      if (pos[0] >= end) {
        break;
      }
      String name;
      char c = s.charAt(pos[0]);
      if (c == '"' || c == '\'' || c == '`') {
        name = readQuoted(s, pos);
      } else {
        int st = pos[0];
        while (pos[0] < end && isNameChar(s.charAt(pos[0]), pos[0] == st)) {
          pos[0]++;
        }
        if (st == pos[0]) {
          throw new IllegalArgumentException("invalid label set \"" + s + "\"");
        }
        name = s.substring(st, pos[0]);
      }
      skipSpace(s, pos, end);
      if (pos[0] < end && s.charAt(pos[0]) == '=') {
        pos[0]++;
        skipSpace(s, pos, end);
        String value = readQuoted(s, pos);
        if (b.get(name) != null && !name.equals("__name__")) {
          throw new IllegalArgumentException("duplicate label " + name);
        }
        b.set(name, value);
      } else {
        b.set("__name__", name);
      }
      skipSpace(s, pos, end);
      if (pos[0] < end) {
        if (s.charAt(pos[0]) != ',') {
          throw new IllegalArgumentException("expected ',' in \"" + s + "\"");
        }
        pos[0]++;
      }
    }
    return b.build();
  }

  private static boolean isNameChar(char c, boolean first) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || c == '_'
        || c == ':'
        || (!first && c >= '0' && c <= '9');
  }

  private static void skipSpace(String s, int[] pos, int end) {
    while (pos[0] < end && Character.isWhitespace(s.charAt(pos[0]))) {
      pos[0]++;
    }
  }

  /** Reads a Go string literal ("…" with escapes, '…' or `…`) at pos, advancing pos. */
  static String readQuoted(String s, int[] pos) {
    char q = s.charAt(pos[0]);
    if (q != '"' && q != '\'' && q != '`') {
      throw new IllegalArgumentException("expected a quoted string in \"" + s + "\"");
    }
    StringBuilder sb = new StringBuilder();
    int i = pos[0] + 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == q) {
        pos[0] = i + 1;
        return sb.toString();
      }
      if (c == '\\' && q != '`') {
        i++;
        char e = s.charAt(i);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case 'a' -> sb.append('\007');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'v' -> sb.append('\013');
          case '\\', '"', '\'' -> sb.append(e);
          case 'x' -> {
            sb.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
            i += 2;
          }
          case 'u' -> {
            sb.appendCodePoint(Integer.parseInt(s.substring(i + 1, i + 5), 16));
            i += 4;
          }
          case 'U' -> {
            sb.appendCodePoint(Integer.parseInt(s.substring(i + 1, i + 9), 16));
            i += 8;
          }
          default -> {
            if (e >= '0' && e <= '7') {
              sb.append((char) Integer.parseInt(s.substring(i, i + 3), 8));
              i += 2;
            } else {
              throw new IllegalArgumentException("invalid escape \\" + e);
            }
          }
        }
      } else {
        sb.append(c);
      }
      i++;
    }
    throw new IllegalArgumentException("unterminated string in \"" + s + "\"");
  }

  /** Unquotes a whole Go string literal. */
  public static String unquote(String s) {
    int[] pos = {0};
    String out = readQuoted(s, pos);
    if (pos[0] != s.length()) {
      throw new IllegalArgumentException("invalid string literal " + s);
    }
    return out;
  }

  /** Expands the value items of a series line (§4 of FORMAT.md). */
  public static SeriesValues parseItems(String text) {
    List<SeriesValues.Kind> kinds = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      int start = i;
      if (text.startsWith("{{", i)) {
        i = histogramItemEnd(text, i);
        String item = text.substring(start, i);
        int copies = histogramCopies(item);
        for (int k = 0; k < copies; k++) {
          kinds.add(SeriesValues.Kind.HISTOGRAM);
          values.add(0.0);
        }
        continue;
      }
      while (i < n && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      expandItem(text.substring(start, i), kinds, values);
    }
    SeriesValues.Kind[] k = kinds.toArray(new SeriesValues.Kind[0]);
    double[] v = new double[values.size()];
    for (int j = 0; j < v.length; j++) {
      v[j] = values.get(j);
    }
    return new SeriesValues(k, v);
  }

  private static void expandItem(String item, List<SeriesValues.Kind> kinds, List<Double> values) {
    if (item.equals("_")) {
      kinds.add(SeriesValues.Kind.NONE);
      values.add(0.0);
      return;
    }
    if (item.startsWith("_x")) {
      int count = Integer.parseInt(item.substring(2));
      for (int k = 0; k < count; k++) {
        kinds.add(SeriesValues.Kind.NONE);
        values.add(0.0);
      }
      return;
    }
    if (item.equals("stale")) {
      kinds.add(SeriesValues.Kind.FLOAT);
      values.add(STALE_NAN);
      return;
    }
    if (PLAIN.matcher(item).matches()) {
      kinds.add(SeriesValues.Kind.FLOAT);
      values.add(parseFloat(item));
      return;
    }
    Matcher m = REPEAT.matcher(item);
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid value item \"" + item + "\"");
    }
    double v = parseFloat(m.group(1));
    double delta = 0;
    if (m.group(2) != null) {
      delta = parseFloat(m.group(3));
      if (m.group(2).equals("-")) {
        delta = -delta;
      }
    }
    int count = Integer.parseInt(m.group(4));
    for (int k = 0; k <= count; k++) {
      kinds.add(SeriesValues.Kind.FLOAT);
      values.add(v);
      v += delta;
    }
  }

  /** Returns the end (exclusive) of a histogram item starting at {@code start}. */
  private static int histogramItemEnd(String text, int start) {
    int i = start;
    while (true) {
      int close = text.indexOf("}}", i);
      if (close < 0) {
        throw new IllegalArgumentException("unterminated histogram in \"" + text + "\"");
      }
      checkHistogramBody(text.substring(i + 2, close));
      i = close + 2;
      if (i < text.length()
          && (text.charAt(i) == '+' || text.charAt(i) == '-')
          && text.startsWith("{{", i + 1)) {
        i++;
        continue;
      }
      while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      return i;
    }
  }

  private static final Pattern HISTOGRAM_FIELD =
      Pattern.compile(
          "(schema|sum|count|z_bucket|z_bucket_w|offset|n_offset|counter_reset_hint):(\\S+)"
              + "|(buckets|n_buckets|custom_values):\\[([^\\]]*)\\]");

  private static void checkHistogramBody(String body) {
    String rest = body.strip();
    java.util.Set<String> seen = new java.util.HashSet<>();
    Matcher m = HISTOGRAM_FIELD.matcher(rest);
    int pos = 0;
    while (pos < rest.length()) {
      if (Character.isWhitespace(rest.charAt(pos))) {
        pos++;
        continue;
      }
      m.region(pos, rest.length());
      if (!m.lookingAt()) {
        throw new IllegalArgumentException(
            "invalid histogram field at \"" + rest.substring(pos) + "\"");
      }
      String key = m.group(1) != null ? m.group(1) : m.group(3);
      if (!seen.add(key)) {
        throw new IllegalArgumentException("duplicate histogram field " + key);
      }
      pos = m.end();
    }
  }

  private static int histogramCopies(String item) {
    int x = item.lastIndexOf("}}");
    String tail = item.substring(x + 2);
    if (tail.isEmpty()) {
      return 1;
    }
    if (!tail.startsWith("x")) {
      throw new IllegalArgumentException("invalid histogram item \"" + item + "\"");
    }
    return Integer.parseInt(tail.substring(1)) + 1;
  }
}
