package io.argus.alertmanager.alert;

/** An alert that fails validation; the message is upstream's, e.g. "start time missing". */
public final class InvalidAlertException extends Exception {
  public InvalidAlertException(String message) {
    super(message);
  }
}
