package io.argus.tsdb.encoding;

import io.argus.storage.StorageException;

/** Data on disk does not have the expected shape or checksum. */
public class CorruptionException extends StorageException {
  public CorruptionException(String message) {
    super(message);
  }

  public CorruptionException(String message, Throwable cause) {
    super(message, cause);
  }
}
