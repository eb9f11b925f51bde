package io.argus.alertmanager.notify;

/**
 * A failed notification attempt.
 *
 * @see Notifier#send
 */
public final class NotifyException extends Exception {
  /** Why an attempt failed, as the {@code reason} label of the failure metrics. */
  public enum Reason {
    /** The receiver refused the request (HTTP 4xx). */
    CLIENT_ERROR("clientError"),
    /** The receiver failed (HTTP 5xx). */
    SERVER_ERROR("serverError"),
    /** Anything else: connection errors, template errors, SMTP failures. */
    OTHER("other"),
    /** The flush deadline passed or the dispatcher stopped. */
    CANCELED("contextCanceledOrDeadlineExceeded");

    private final String label;

    Reason(String label) {
      this.label = label;
    }

    /** The metric label value. */
    public String label() {
      return label;
    }
  }

  private final boolean retryable;
  private final Reason reason;

  public NotifyException(String message, boolean retryable, Reason reason) {
    super(message);
    this.retryable = retryable;
    this.reason = reason;
  }

  public NotifyException(String message, boolean retryable, Reason reason, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
    this.reason = reason;
  }

  /** Whether another attempt may succeed. */
  public boolean retryable() {
    return retryable;
  }

  public Reason reason() {
    return reason;
  }

  /**
   * Classifies an HTTP status as upstream's retrier does: 2xx is success (null), 5xx is retryable,
   * anything else is final.
   *
   * @param body the start of the response body, added to the message when not empty
   */
  public static NotifyException forStatus(int status, String body) {
    String msg = "unexpected status code " + status + (body.isEmpty() ? "" : ": " + body);
    if (status >= 500) {
      return new NotifyException(msg, true, Reason.SERVER_ERROR);
    }
    return new NotifyException(msg, false, status >= 400 ? Reason.CLIENT_ERROR : Reason.OTHER);
  }
}
