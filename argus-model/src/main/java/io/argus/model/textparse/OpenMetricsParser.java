package io.argus.model.textparse;

/**
 * Parser for OpenMetrics 1.0 text. Stricter than the text format: single spaces separate tokens,
 * there are no blank lines or free comments, {@code # UNIT} is allowed, timestamps are (possibly
 * fractional or negative) seconds converted to ms by truncation, a sample may carry an exemplar
 * ({@code # {labels} value [timestamp]}), and the input must end with {@code # EOF} with nothing
 * after it. See {@link TextParser} for the contract.
 */
public final class OpenMetricsParser extends TextParser {
  private static final String NO_EOF = "data does not end with # EOF";

  private boolean sawEof;

  /** Parses {@code buf[0, length)}. */
  public OpenMetricsParser(byte[] buf, int length) {
    super(buf, length);
  }

  public OpenMetricsParser(byte[] buf) {
    this(buf, buf.length);
  }

  @Override
  boolean quoteEscapes() {
    return true;
  }

  @Override
  public Entry next() {
    resetEntry();
    entryLine = line;
    if (sawEof) {
      return Entry.EOF;
    }
    if (pos >= limit) {
      throw error(NO_EOF);
    }
    byte c = buf[pos];
    if (c == '#') {
      return metadata();
    }
    if (scanMetricName()) {
      return series();
    }
    throw invalidStart();
  }

  private boolean startsWith(String s) {
    if (limit - pos < s.length()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (buf[pos + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private Entry metadata() {
    Entry kind;
    if (startsWith("# HELP ")) {
      kind = Entry.HELP;
    } else if (startsWith("# TYPE ")) {
      kind = Entry.TYPE;
    } else if (startsWith("# UNIT ")) {
      kind = Entry.UNIT;
    } else if (startsWith("# EOF") && (limit - pos == 5 || buf[pos + 5] == '\n')) {
      pos += 5;
      if (pos < limit) {
        pos++;
        line++;
      }
      if (pos < limit) {
        throw error("unexpected data after # EOF");
      }
      sawEof = true;
      return Entry.EOF;
    } else {
      throw invalidStart();
    }
    pos += 7;
    if (!scanMetricName()) {
      throw expected("expected metric name after " + kind.name());
    }
    if (pos >= limit || buf[pos] != ' ') {
      throw error("expected text in " + kind.name());
    }
    pos++;
    textStart = pos;
    while (pos < limit && buf[pos] != '\n') {
      if (buf[pos] == '\\') {
        textEscaped = true;
      }
      pos++;
    }
    if (pos >= limit) {
      throw error("expected text in " + kind.name());
    }
    textEnd = pos;
    pos++;
    switch (kind) {
      case TYPE -> {
        type = parseType();
        noteFamily(type);
      }
      case HELP -> {
        if (!validUtf8(textStart, textEnd)) {
          throw error(
              "help text "
                  + GoFloatParser.quote(buf, textStart, textEnd)
                  + " is not a valid utf8 string");
        }
        noteFamily(null);
      }
      default -> {
        int unitLen = textEnd - textStart;
        int nameLen = nameEnd - nameStart;
        if (unitLen > 0
            && (nameLen < unitLen + 1
                || buf[nameEnd - unitLen - 1] != '_'
                || !java.util.Arrays.equals(
                    buf, textStart, textEnd, buf, nameEnd - unitLen, nameEnd))) {
          throw error(
              "unit "
                  + GoFloatParser.quote(buf, textStart, textEnd)
                  + " not a suffix of metric "
                  + GoFloatParser.quote(buf, nameStart, nameEnd));
        }
        noteFamily(null);
      }
    }
    line++;
    return kind;
  }

  private MetricType parseType() {
    String t = ascii(textStart, textEnd);
    return switch (t) {
      case "counter" -> MetricType.COUNTER;
      case "gauge" -> MetricType.GAUGE;
      case "histogram" -> MetricType.HISTOGRAM;
      case "gaugehistogram" -> MetricType.GAUGEHISTOGRAM;
      case "summary" -> MetricType.SUMMARY;
      case "info" -> MetricType.INFO;
      case "stateset" -> MetricType.STATESET;
      case "unknown" -> MetricType.UNKNOWN;
      default -> throw error("invalid metric type " + GoFloatParser.quote(buf, textStart, textEnd));
    };
  }

  private Entry series() {
    if (pos < limit && buf[pos] == '{') {
      pos++;
      labelOffsets = labelSet(labelOffsets, false);
    }
    value = parseFloat(spaceThenToken("expected value after metric"), pos);
    if (pos < limit && buf[pos] == ' ' && !exemplarFollows()) {
      int tsStart = spaceThenToken("expected timestamp or comment");
      timestamp = secondsToMillis(tsStart, "invalid timestamp");
      hasTimestamp = true;
    }
    if (pos < limit && buf[pos] == ' ' && exemplarFollows()) {
      exemplar();
    }
    endOfLine(
        hasTimestamp ? "expected next entry after timestamp" : "expected timestamp or comment");
    return Entry.SERIES;
  }

  private boolean exemplarFollows() {
    return startsWith(" # {");
  }

  private void exemplar() {
    pos += 4;
    exemplarOffsets = labelSet(exemplarOffsets, true);
    hasExemplar = true;
    exemplarValue = parseFloat(spaceThenToken("expected value after exemplar labels"), pos);
    if (pos < limit && buf[pos] == ' ') {
      int tsStart = spaceThenToken("expected timestamp after exemplar value");
      exemplarTimestamp = secondsToMillis(tsStart, "invalid exemplar timestamp");
      exemplarHasTimestamp = true;
    }
  }

  private void endOfLine(String what) {
    if (pos >= limit) {
      throw error(NO_EOF);
    }
    if (buf[pos] != '\n') {
      throw expected(what);
    }
    pos++;
    line++;
  }

  /** Expects a single space and a non-empty token up to space/newline; returns its start. */
  private int spaceThenToken(String what) {
    if (pos >= limit) {
      throw error(NO_EOF);
    }
    if (buf[pos] != ' ' || pos + 1 >= limit || buf[pos + 1] == ' ' || buf[pos + 1] == '\n') {
      throw expected(what);
    }
    pos++;
    int start = pos;
    while (pos < limit && buf[pos] != ' ' && buf[pos] != '\n') {
      pos++;
    }
    return start;
  }

  private long secondsToMillis(int start, String what) {
    double seconds = parseFloat(start, pos);
    if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
      throw error(what + " " + (Double.isNaN(seconds) ? "NaN" : seconds > 0 ? "+Inf" : "-Inf"));
    }
    return (long) (seconds * 1000);
  }

  /** Parses labels after an opening brace up to and including the closing brace. */
  private int[] labelSet(int[] offsets, boolean exemplar) {
    int count = 0;
    while (true) {
      if (pos < limit && buf[pos] == '}') {
        pos++;
        break;
      }
      int ns = pos;
      int ne = labelNameEnd(pos);
      if (ne == ns) {
        throw expected("expected label name");
      }
      pos = ne;
      if (pos >= limit || buf[pos] != '=') {
        throw expected("expected equal");
      }
      pos++;
      if (pos >= limit || buf[pos] != '"') {
        throw expected("expected label value");
      }
      int vs = pos + 1;
      boolean escaped = scanQuoted(false, "expected label value");
      offsets = addLabel(offsets, count++, ns, ne, vs, pos - 1, escaped);
      if (pos < limit && buf[pos] == ',') {
        pos++;
      } else if (pos >= limit || buf[pos] != '}') {
        throw expected("expected comma or brace close");
      }
    }
    if (exemplar) {
      exemplarLabelCount = count;
    } else {
      labelCount = count;
    }
    return offsets;
  }
}
