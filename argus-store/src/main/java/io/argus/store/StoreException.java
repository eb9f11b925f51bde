package io.argus.store;

import io.argus.storage.StorageException;

/** A store could not answer; the message names the store. Unchecked. */
public class StoreException extends StorageException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
