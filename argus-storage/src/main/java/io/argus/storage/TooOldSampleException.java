package io.argus.storage;

/**
 * An out-of-order sample older than the out-of-order window. The message is Prometheus' ("too old sample"). Use {@link #INSTANCE} on hot paths: it is
 * stackless and shared.
 */
public final class TooOldSampleException extends StorageException {
  /** The message Prometheus uses for this error. */
  public static final String MESSAGE = "too old sample";

  /** A shared, stackless instance. */
  public static final TooOldSampleException INSTANCE = new TooOldSampleException(MESSAGE, true);

  public TooOldSampleException(String message) {
    super(message);
  }

  private TooOldSampleException(String message, boolean stackless) {
    super(message, stackless);
  }
}
