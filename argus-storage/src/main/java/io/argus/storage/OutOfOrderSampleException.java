package io.argus.storage;

/**
 * A sample older than the newest sample of its series, outside any out-of-order window. The message is Prometheus' ("out of order sample"). Use {@link #INSTANCE} on hot paths: it is
 * stackless and shared.
 */
public final class OutOfOrderSampleException extends StorageException {
  /** The message Prometheus uses for this error. */
  public static final String MESSAGE = "out of order sample";

  /** A shared, stackless instance. */
  public static final OutOfOrderSampleException INSTANCE = new OutOfOrderSampleException(MESSAGE, true);

  public OutOfOrderSampleException(String message) {
    super(message);
  }

  private OutOfOrderSampleException(String message, boolean stackless) {
    super(message, stackless);
  }
}
