package io.argus.storage;

/** The base of every storage failure. Unchecked. */
public class StorageException extends RuntimeException {
  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  /** For preallocated, stackless instances on hot paths. */
  protected StorageException(String message, boolean stackless) {
    super(message, null, !stackless, !stackless);
  }
}
