package io.argus.alertmanager.silence;

/** Where a silence is in its life at a given time. */
public enum SilenceState {
  /** The end has passed. */
  EXPIRED("expired"),
  /** Between start and end, both inclusive. */
  ACTIVE("active"),
  /** The start lies ahead. */
  PENDING("pending");

  private final String value;

  SilenceState(String value) {
    this.value = value;
  }

  /** The name the API and metrics use. */
  public String value() {
    return value;
  }
}
