package io.argus.alertmanager.alert;

/** Whether an alert has been processed, and if so whether a silence or inhibition mutes it. */
public enum AlertState {
  UNPROCESSED("unprocessed"),
  ACTIVE("active"),
  SUPPRESSED("suppressed");

  private final String value;

  AlertState(String value) {
    this.value = value;
  }

  /** The name the API and metrics use. */
  public String value() {
    return value;
  }
}
