package io.argus.model.textparse;

/**
 * Parser for the Prometheus text exposition format 0.0.4. Blanks and tabs may surround tokens,
 * empty lines are skipped, {@code #} lines other than {@code HELP}/{@code TYPE} are comments, and
 * timestamps are integer milliseconds. The last line may lack its newline. See {@link TextParser}
 * for the contract.
 */
public final class PromTextParser extends TextParser {

  /** Parses {@code buf[0, length)}. */
  public PromTextParser(byte[] buf, int length) {
    super(buf, length);
  }

  public PromTextParser(byte[] buf) {
    this(buf, buf.length);
  }

  @Override
  boolean quoteEscapes() {
    return false;
  }

  @Override
  public Entry next() {
    resetEntry();
    while (true) {
      skipBlanks();
      entryLine = line;
      if (pos >= limit) {
        return Entry.EOF;
      }
      byte c = buf[pos];
      if (c == '\n') {
        pos++;
        line++;
        continue;
      }
      if (c == '#') {
        return commentOrMetadata();
      }
      if (scanMetricName()) {
        return series();
      }
      throw invalidStart();
    }
  }

  private void skipBlanks() {
    while (pos < limit && (buf[pos] == ' ' || buf[pos] == '\t')) {
      pos++;
    }
  }

  private boolean atLineEnd() {
    return pos >= limit || buf[pos] == '\n';
  }

  private void consumeLineEnd() {
    if (pos < limit) {
      pos++;
      line++;
    }
  }

  private Entry commentOrMetadata() {
    int lineStart = pos;
    pos++;
    int afterHash = pos;
    skipBlanks();
    Entry kind = null;
    if (pos > afterHash && limit - pos > 4) {
      if (startsWith("HELP") && isBlank(buf[pos + 4])) {
        kind = Entry.HELP;
      } else if (startsWith("TYPE") && isBlank(buf[pos + 4])) {
        kind = Entry.TYPE;
      }
    }
    if (kind == null) {
      pos = lineStart;
      while (!atLineEnd()) {
        pos++;
      }
      textStart = lineStart;
      textEnd = pos;
      consumeLineEnd();
      return Entry.COMMENT;
    }
    pos += 4;
    skipBlanks();
    if (!scanMetricName()) {
      throw expected("expected metric name after " + kind.name());
    }
    int textFrom = pos;
    if (!atLineEnd()) {
      if (!isBlank(buf[pos])) {
        throw expected("expected text in " + kind.name());
      }
      textFrom = pos + 1;
    }
    while (!atLineEnd()) {
      if (buf[pos] == '\\') {
        textEscaped = true;
      }
      pos++;
    }
    textStart = textFrom;
    textEnd = pos;
    if (kind == Entry.TYPE) {
      type = parseType();
      noteFamily(type);
    } else {
      if (!validUtf8(textStart, textEnd)) {
        throw error(
            "help text " + GoFloatParser.quote(buf, textStart, textEnd) + " is not a valid utf8 string");
      }
      noteFamily(null);
    }
    consumeLineEnd();
    return kind;
  }

  private MetricType parseType() {
    int s = textStart;
    int e = textEnd;
    if (bytesEqual(s, e, "counter")) {
      return MetricType.COUNTER;
    } else if (bytesEqual(s, e, "gauge")) {
      return MetricType.GAUGE;
    } else if (bytesEqual(s, e, "histogram")) {
      return MetricType.HISTOGRAM;
    } else if (bytesEqual(s, e, "summary")) {
      return MetricType.SUMMARY;
    } else if (bytesEqual(s, e, "untyped")) {
      return MetricType.UNKNOWN;
    }
    throw error("invalid metric type " + GoFloatParser.quote(buf, s, e));
  }

  private boolean startsWith(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (buf[pos + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isBlank(byte c) {
    return c == ' ' || c == '\t';
  }

  private Entry series() {
    skipBlanks();
    if (pos < limit && buf[pos] == '{') {
      pos++;
      labels();
    }
    skipBlanks();
    int valueStart = pos;
    while (pos < limit
        && buf[pos] != ' '
        && buf[pos] != '\t'
        && buf[pos] != '\n'
        && buf[pos] != '{') {
      pos++;
    }
    if (pos == valueStart) {
      throw expected("expected value after metric");
    }
    value = parseFloat(valueStart, pos);
    skipBlanks();
    if (!atLineEnd()) {
      int tsStart = pos;
      while (pos < limit && buf[pos] != ' ' && buf[pos] != '\t' && buf[pos] != '\n') {
        pos++;
      }
      timestamp = parseTimestamp(tsStart, pos);
      hasTimestamp = true;
      skipBlanks();
      if (!atLineEnd()) {
        throw expected("expected next entry after timestamp");
      }
    }
    consumeLineEnd();
    return Entry.SERIES;
  }

  private void labels() {
    while (true) {
      skipBlanks();
      if (pos < limit && buf[pos] == '}') {
        pos++;
        return;
      }
      int ns = pos;
      int ne = labelNameEnd(pos);
      if (ne == ns) {
        throw expected("expected label name");
      }
      pos = ne;
      skipBlanks();
      if (pos >= limit || buf[pos] != '=') {
        throw expected("expected equal");
      }
      pos++;
      skipBlanks();
      if (pos >= limit || buf[pos] != '"') {
        throw expected("expected label value");
      }
      int vs = pos + 1;
      boolean escaped = scanQuoted(true, "expected label value");
      labelOffsets = addLabel(labelOffsets, labelCount++, ns, ne, vs, pos - 1, escaped);
      skipBlanks();
      if (pos < limit && buf[pos] == ',') {
        pos++;
      } else if (pos >= limit || buf[pos] != '}') {
        throw expected("expected comma");
      }
    }
  }

  private long parseTimestamp(int s, int e) {
    int i = s;
    boolean negative = false;
    if (i < e && buf[i] == '-') {
      negative = true;
      i++;
    }
    if (i == e) {
      pos = s;
      throw expected("expected timestamp or new record");
    }
    long v = 0;
    for (; i < e; i++) {
      int d = buf[i] - '0';
      if (d < 0 || d > 9) {
        pos = s;
        throw expected("expected timestamp or new record");
      }
      if (v > (Long.MAX_VALUE - d) / 10) {
        throw error(
            "strconv.ParseInt: parsing " + GoFloatParser.quote(buf, s, e) + ": value out of range");
      }
      v = v * 10 + d;
    }
    return negative ? -v : v;
  }
}
