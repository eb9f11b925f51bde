package io.argus.storage;

/**
 * A sample with the timestamp of the newest sample of its series but another value. The message is Prometheus' ("duplicate sample for timestamp"). Use {@link #INSTANCE} on hot paths: it is
 * stackless and shared.
 */
public final class DuplicateSampleException extends StorageException {
  /** The message Prometheus uses for this error. */
  public static final String MESSAGE = "duplicate sample for timestamp";

  /** A shared, stackless instance. */
  public static final DuplicateSampleException INSTANCE = new DuplicateSampleException(MESSAGE, true);

  public DuplicateSampleException(String message) {
    super(message);
  }

  private DuplicateSampleException(String message, boolean stackless) {
    super(message, stackless);
  }
}
