package io.argus.model.textparse;

/**
 * Malformed exposition input. The message is Prometheus' wording followed by the 1-based line
 * number, e.g. {@code expected equal, got "INVALID" (line 3)}.
 */
public final class ParseException extends RuntimeException {
  private final String reason;
  private final int lineNumber;

  public ParseException(String reason, int lineNumber) {
    super(reason + " (line " + lineNumber + ")");
    this.reason = reason;
    this.lineNumber = lineNumber;
  }

  /** Returns the message without the line number. */
  public String reason() {
    return reason;
  }

  /** Returns the 1-based line on which the problem was found. */
  public int lineNumber() {
    return lineNumber;
  }
}
