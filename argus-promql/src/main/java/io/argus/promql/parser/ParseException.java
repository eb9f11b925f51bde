package io.argus.promql.parser;

/**
 * A PromQL syntax or type error. The message reads like upstream's, {@code
 * 1:8: parse error: unexpected <op:*>}: line and column (1-based, column counted in UTF-8 bytes)
 * of the start of the offending range, then the detail.
 */
public final class ParseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient PositionRange positionRange;
  private final String query;
  private final String detail;

  public ParseException(PositionRange positionRange, String query, String detail) {
    super(position(positionRange, query) + ": parse error: " + detail);
    this.positionRange = positionRange;
    this.query = query;
    this.detail = detail;
  }

  /** Returns where in the query the error is. */
  public PositionRange positionRange() {
    return positionRange;
  }

  /** Returns the query text that failed to parse. */
  public String query() {
    return query;
  }

  /** Returns the message without its position prefix, e.g. {@code unexpected end of input}. */
  public String detail() {
    return detail;
  }

  private static String position(PositionRange range, String query) {
    if (query.isEmpty()) {
      return "unknown position";
    }
    int pos = range.start();
    if (pos < 0 || pos > query.length()) {
      return "invalid position";
    }
    String before = query.substring(0, pos);
    int line = 1;
    int lastBreak = -1;
    for (int i = 0; i < before.length(); i++) {
      if (before.charAt(i) == '\n') {
        line++;
        lastBreak = i;
      }
    }
    String lastLine = before.substring(lastBreak + 1);
    int column = lastLine.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1;
    return line + ":" + column;
  }
}
