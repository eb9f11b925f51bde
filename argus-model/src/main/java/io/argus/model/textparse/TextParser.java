package io.argus.model.textparse;

import io.argus.model.labels.LabelsBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A streaming parser over an exposition payload held in a byte array. Call {@link #next()} until it
 * returns {@link Entry#EOF}; after each call the accessors for that entry are valid until the next
 * call. The array is read in place and must not change while parsing. Numbers are decoded without
 * allocation; strings are decoded only when an accessor asks for them. Not thread-safe: one parser
 * per scrape.
 *
 * <p>Malformed input throws {@link ParseException} (never another exception) with Prometheus'
 * wording and the line number; the parser is then unusable.
 */
public abstract sealed class TextParser permits PromTextParser, OpenMetricsParser {
  /** The label carrying the metric name. */
  public static final String METRIC_NAME_LABEL = "__name__";

  private static final int LABEL_STRIDE = 5;

  final byte[] buf;
  final int limit;
  int pos;
  int line = 1;
  int entryLine = 1;

  int nameStart;
  int nameEnd;

  /** Per label: name start, name end, value start, value end, 1 if the value has escapes. */
  int[] labelOffsets = new int[LABEL_STRIDE * 8];

  int labelCount;
  double value;
  boolean hasTimestamp;
  long timestamp;
  int textStart;
  int textEnd;
  boolean textEscaped;
  MetricType type = MetricType.UNKNOWN;

  boolean hasExemplar;
  int[] exemplarOffsets = new int[LABEL_STRIDE * 2];
  int exemplarLabelCount;
  double exemplarValue;
  boolean exemplarHasTimestamp;
  long exemplarTimestamp;

  /** The name of the family of the last metadata line: {@code buf[familyStart, familyEnd)}. */
  private int familyStart = -1;

  private int familyEnd = -1;
  private MetricType familyType = MetricType.UNKNOWN;

  TextParser(byte[] buf, int length) {
    if (length < 0 || length > buf.length) {
      throw new IllegalArgumentException("length " + length + " outside 0.." + buf.length);
    }
    this.buf = buf;
    this.limit = length;
  }

  /**
   * Returns a parser for the media type of a scrape response: OpenMetrics for {@code
   * application/openmetrics-text}, else the Prometheus text format.
   */
  public static TextParser forMediaType(String mediaType, byte[] buf, int length) {
    if (mediaType
        .trim()
        .toLowerCase(java.util.Locale.ROOT)
        .startsWith("application/openmetrics-text")) {
      return new OpenMetricsParser(buf, length);
    }
    return new PromTextParser(buf, length);
  }

  /**
   * Advances to the next entry.
   *
   * @throws ParseException on malformed input
   */
  public abstract Entry next();

  /** Returns the 1-based line of the current entry. */
  public int lineNumber() {
    return entryLine;
  }

  /** Returns the metric name of a {@link Entry#SERIES}, or the family name of a metadata entry. */
  public String metricName() {
    return ascii(nameStart, nameEnd);
  }

  /** Returns whether the current metric name equals {@code name}, without decoding it. */
  public boolean metricNameEquals(String name) {
    if (name.length() != nameEnd - nameStart) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (buf[nameStart + i] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Resets {@code b} and fills it with the labels of the current {@link Entry#SERIES}, the metric
   * name as {@code __name__}.
   */
  public void labels(LabelsBuilder b) {
    b.reset();
    b.set(METRIC_NAME_LABEL, metricName());
    fill(b, labelOffsets, labelCount);
  }

  /** Returns the array being parsed (the one given to the constructor, not a copy). */
  public byte[] buffer() {
    return buf;
  }

  /**
   * Returns the start (inclusive) in {@link #buffer()} of the current {@link Entry#SERIES}' name
   * and label text. Equal byte ranges always mean equal labels, so callers may key caches on them.
   */
  public int seriesTextStart() {
    return nameStart;
  }

  /** Returns the end (exclusive) of the range described at {@link #seriesTextStart()}. */
  public int seriesTextEnd() {
    return labelCount == 0 ? nameEnd : labelOffsets[(labelCount - 1) * LABEL_STRIDE + 3] + 1;
  }

  /** Returns the sample value; NaN is Prometheus' normal NaN bit pattern. */
  public double value() {
    return value;
  }

  /** Returns whether the current sample carries a timestamp. */
  public boolean hasTimestamp() {
    return hasTimestamp;
  }

  /** Returns the sample timestamp in Unix ms; only meaningful when {@link #hasTimestamp()}. */
  public long timestamp() {
    return timestamp;
  }

  /** Returns the unescaped text of a {@link Entry#HELP} entry. */
  public String help() {
    return text();
  }

  /** Returns the type of a {@link Entry#TYPE} entry. */
  public MetricType type() {
    return type;
  }

  /** Returns the unit of a {@link Entry#UNIT} entry. */
  public String unit() {
    return text();
  }

  /** Returns the whole line of a {@link Entry#COMMENT}, starting with {@code #}. */
  public String comment() {
    return text();
  }

  /**
   * Returns the type of the family the current series belongs to: the type of the last {@code #
   * TYPE} line when the series name is that family's name plus a suffix valid for the type ({@code
   * _total}, {@code _bucket}, …), else {@link MetricType#UNKNOWN}.
   */
  public MetricType seriesType() {
    int familyLength = familyEnd - familyStart;
    if (familyStart < 0
        || familyLength > nameEnd - nameStart
        || !Arrays.equals(
            buf, familyStart, familyEnd, buf, nameStart, nameStart + familyLength)) {
      return MetricType.UNKNOWN;
    }
    String suffix = ascii(nameStart + familyLength, nameEnd);
    return familyType.hasSampleSuffix(suffix) ? familyType : MetricType.UNKNOWN;
  }

  /** Returns whether the current sample has an exemplar (OpenMetrics only). */
  public boolean hasExemplar() {
    return hasExemplar;
  }

  /** Resets {@code b} and fills it with the exemplar's labels. */
  public void exemplarLabels(LabelsBuilder b) {
    b.reset();
    fill(b, exemplarOffsets, exemplarLabelCount);
  }

  public double exemplarValue() {
    return exemplarValue;
  }

  public boolean exemplarHasTimestamp() {
    return exemplarHasTimestamp;
  }

  /** Returns the exemplar timestamp in Unix ms. */
  public long exemplarTimestamp() {
    return exemplarTimestamp;
  }

  // ---- helpers for the format parsers ----

  void resetEntry() {
    labelCount = 0;
    hasTimestamp = false;
    timestamp = 0;
    value = 0;
    hasExemplar = false;
    exemplarLabelCount = 0;
    exemplarHasTimestamp = false;
    exemplarTimestamp = 0;
    exemplarValue = 0;
    textEscaped = false;
  }

  /** Records the family of a metadata line; the type resets when the family changes. */
  void noteFamily(@Nullable MetricType newType) {
    if (familyStart < 0
        || !Arrays.equals(buf, familyStart, familyEnd, buf, nameStart, nameEnd)) {
      familyStart = nameStart;
      familyEnd = nameEnd;
      familyType = MetricType.UNKNOWN;
    }
    if (newType != null) {
      familyType = newType;
    }
  }

  int[] addLabel(int[] offsets, int count, int ns, int ne, int vs, int ve, boolean escaped) {
    int at = count * LABEL_STRIDE;
    if (at + LABEL_STRIDE > offsets.length) {
      offsets = Arrays.copyOf(offsets, offsets.length * 2);
    }
    offsets[at] = ns;
    offsets[at + 1] = ne;
    offsets[at + 2] = vs;
    offsets[at + 3] = ve;
    offsets[at + 4] = escaped ? 1 : 0;
    return offsets;
  }

  private void fill(LabelsBuilder b, int[] offsets, int count) {
    for (int i = 0; i < count; i++) {
      int at = i * LABEL_STRIDE;
      String name = ascii(offsets[at], offsets[at + 1]);
      String v =
          offsets[at + 4] != 0
              ? unescape(offsets[at + 2], offsets[at + 3], true)
              : utf8(offsets[at + 2], offsets[at + 3]);
      b.set(name, v);
    }
  }

  /**
   * Returns whether the text of the current {@link Entry#HELP} or {@link Entry#UNIT} entry is
   * {@code s}, without decoding it. May answer false for equal text that has escapes or non-ASCII
   * bytes; callers then compare the decoded text.
   */
  public boolean textEquals(String s) {
    if (textEscaped || s.length() != textEnd - textStart) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      byte c = buf[textStart + i];
      if (c < 0 || c != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Returns whether {@code buf[s, e)} is the ASCII text {@code word}. */
  boolean bytesEqual(int s, int e, String word) {
    if (e - s != word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      if (buf[s + i] != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  String text() {
    return textEscaped ? unescape(textStart, textEnd, quoteEscapes()) : utf8(textStart, textEnd);
  }

  /** Whether {@code \"} is an escape in help text (OpenMetrics) or kept literally (text format). */
  abstract boolean quoteEscapes();

  String ascii(int s, int e) {
    return new String(buf, s, e - s, StandardCharsets.ISO_8859_1);
  }

  String utf8(int s, int e) {
    return new String(buf, s, e - s, StandardCharsets.UTF_8);
  }

  /** Decodes {@code \\}, {@code \n} and, when asked, {@code \"}; other escapes stay verbatim. */
  String unescape(int s, int e, boolean quotes) {
    byte[] out = new byte[e - s];
    int n = 0;
    for (int i = s; i < e; i++) {
      byte c = buf[i];
      if (c == '\\' && i + 1 < e) {
        byte d = buf[i + 1];
        if (d == '\\' || d == 'n' || (quotes && d == '"')) {
          out[n++] = d == 'n' ? (byte) '\n' : d;
          i++;
          continue;
        }
      }
      out[n++] = c;
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }

  ParseException invalidStart() {
    return error("\"INVALID\" is not a valid start token");
  }

  ParseException error(String reason) {
    return new ParseException(reason, line);
  }

  /** {@code <what>, got "<TOKEN>"} naming the token at the current position. */
  ParseException expected(String what) {
    return error(what + ", got \"" + tokenAt(pos) + "\"");
  }

  /** Names the lexical token starting at {@code at}, as Prometheus' lexer would. */
  String tokenAt(int at) {
    if (at >= limit) {
      return "EOF";
    }
    int c = buf[at];
    return switch (c) {
      case '\n' -> "LINEBREAK";
      case ' ', '\t' -> "WHITESPACE";
      case '{' -> "BOPEN";
      case '}' -> "BCLOSE";
      case '=' -> "EQUAL";
      case ',' -> "COMMA";
      case '#' -> "COMMENT";
      default -> "INVALID";
    };
  }

  static boolean isMetricNameStart(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  }

  static boolean isMetricNameChar(int c) {
    return isMetricNameStart(c) || (c >= '0' && c <= '9');
  }

  static boolean isLabelNameStart(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  static boolean isLabelNameChar(int c) {
    return isLabelNameStart(c) || (c >= '0' && c <= '9');
  }

  /** Advances over a metric name at {@link #pos}; returns false when none starts there. */
  boolean scanMetricName() {
    if (pos >= limit || !isMetricNameStart(buf[pos])) {
      return false;
    }
    nameStart = pos;
    while (pos < limit && isMetricNameChar(buf[pos])) {
      pos++;
    }
    nameEnd = pos;
    return true;
  }

  /** Returns the end of a label name starting at {@code at}, or {@code at} when none. */
  int labelNameEnd(int at) {
    if (at >= limit || !isLabelNameStart(buf[at])) {
      return at;
    }
    int i = at + 1;
    while (i < limit && isLabelNameChar(buf[i])) {
      i++;
    }
    return i;
  }

  /**
   * Scans a quoted value whose opening quote is at {@link #pos}; leaves {@link #pos} after the
   * closing quote. Returns whether it contained a backslash.
   */
  boolean scanQuoted(boolean allowNewline, String what) {
    int start = pos;
    pos++;
    boolean escaped = false;
    int highBits = 0;
    while (true) {
      if (pos >= limit) {
        pos = start;
        throw expected(what);
      }
      byte c = buf[pos];
      highBits |= c;
      if (c == '"') {
        break;
      }
      if (c == '\n') {
        if (!allowNewline) {
          pos = start;
          throw expected(what);
        }
        line++;
      }
      if (c == '\\') {
        escaped = true;
        pos++;
        if (pos < limit) {
          highBits |= buf[pos];
        }
        if (pos < limit && buf[pos] == '\n') {
          if (!allowNewline) {
            pos = start;
            throw expected(what);
          }
          line++;
        }
      }
      pos++;
    }
    pos++;
    // Only a value with a byte of 0x80 or more (negative as a byte) can be invalid UTF-8.
    if (highBits < 0 && !validUtf8(start + 1, pos - 1)) {
      throw error("invalid UTF-8 label value: " + GoFloatParser.quote(buf, start, pos));
    }
    return escaped;
  }

  double parseFloat(int s, int e) {
    try {
      return GoFloatParser.parse(buf, s, e);
    } catch (GoFloatParser.InvalidFloat ex) {
      throw error(ex.getMessage() + " while parsing: " + GoFloatParser.quote(buf, lineStart(s), e));
    }
  }

  private int lineStart(int at) {
    int i = Math.min(at, limit);
    while (i > 0 && buf[i - 1] != '\n') {
      i--;
    }
    return i;
  }

  boolean validUtf8(int s, int e) {
    int i = s;
    while (i < e) {
      int c = buf[i] & 0xFF;
      if (c < 0x80) {
        i++;
        continue;
      }
      int n;
      int min;
      if (c >= 0xC2 && c <= 0xDF) {
        n = 1;
        min = 0x80;
      } else if (c >= 0xE0 && c <= 0xEF) {
        n = 2;
        min = 0x800;
      } else if (c >= 0xF0 && c <= 0xF4) {
        n = 3;
        min = 0x10000;
      } else {
        return false;
      }
      int cp = c & (0x3F >> n);
      for (int k = 1; k <= n; k++) {
        if (i + k >= e) {
          return false;
        }
        int d = buf[i + k] & 0xFF;
        if ((d & 0xC0) != 0x80) {
          return false;
        }
        cp = (cp << 6) | (d & 0x3F);
      }
      if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return false;
      }
      i += n + 1;
    }
    return true;
  }
}
