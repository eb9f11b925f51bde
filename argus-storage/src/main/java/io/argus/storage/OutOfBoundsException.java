package io.argus.storage;

/**
 * A sample older than the head's appendable range. The message is Prometheus' ("out of bounds"). Use {@link #INSTANCE} on hot paths: it is
 * stackless and shared.
 */
public final class OutOfBoundsException extends StorageException {
  /** The message Prometheus uses for this error. */
  public static final String MESSAGE = "out of bounds";

  /** A shared, stackless instance. */
  public static final OutOfBoundsException INSTANCE = new OutOfBoundsException(MESSAGE, true);

  public OutOfBoundsException(String message) {
    super(message);
  }

  private OutOfBoundsException(String message, boolean stackless) {
    super(message, stackless);
  }
}
