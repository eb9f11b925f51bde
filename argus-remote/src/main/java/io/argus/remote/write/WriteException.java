package io.argus.remote.write;

/**
 * A write request the endpoint did not accept. Recoverable failures (network errors, 5xx, and 429
 * when {@code retry_on_http_429} is set) are retried with backoff; others drop the batch.
 */
final class WriteException extends Exception {
  private final boolean recoverable;
  private final long retryAfterMillis;

  /**
   * @param retryAfterMillis the wait the endpoint asked for ({@code Retry-After}), or -1 for the
   *     queue's own backoff
   */
  WriteException(String message, boolean recoverable, long retryAfterMillis) {
    super(message);
    this.recoverable = recoverable;
    this.retryAfterMillis = retryAfterMillis;
  }

  WriteException(String message, Throwable cause) {
    super(message, cause);
    this.recoverable = true;
    this.retryAfterMillis = -1;
  }

  boolean recoverable() {
    return recoverable;
  }

  long retryAfterMillis() {
    return retryAfterMillis;
  }
}
