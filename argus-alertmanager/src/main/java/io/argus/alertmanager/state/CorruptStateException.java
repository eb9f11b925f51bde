package io.argus.alertmanager.state;

import java.io.IOException;

/** Encoded state (a snapshot file or a gossip message) that cannot be decoded. */
public final class CorruptStateException extends IOException {
  public CorruptStateException(String message) {
    super(message);
  }
}
