package io.argus.promql;

/**
 * A query that could not be evaluated: a parse error, a type error found during evaluation, a limit
 * (timeout, too many samples) or cancellation. The message is upstream Prometheus' wording, e.g.
 * {@code vector cannot contain metrics with the same labelset}.
 */
public class QueryException extends RuntimeException {
  /** What kind of failure this was; the HTTP API maps it to an error type. */
  public enum Kind {
    BAD_DATA,
    EXECUTION,
    TIMEOUT,
    CANCELED,
    TOO_MANY_SAMPLES
  }

  private final Kind kind;

  public QueryException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public QueryException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
