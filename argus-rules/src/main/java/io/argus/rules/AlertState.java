package io.argus.rules;

/**
 * The state of one alert of an alerting rule, or (as {@link AlertingRule#state()}) the highest
 * state among a rule's alerts. Declared in increasing order: firing is the highest.
 */
public enum AlertState {
  /** A rule that has not been evaluated yet. */
  UNKNOWN("unknown"),
  /** Neither pending nor firing: a resolved alert, or a rule without alerts. */
  INACTIVE("inactive"),
  /** Active for less than the rule's {@code for} duration. */
  PENDING("pending"),
  /** Active for at least the rule's {@code for} duration. */
  FIRING("firing");

  private final String apiName;

  AlertState(String apiName) {
    this.apiName = apiName;
  }

  /** The name used in the {@code alertstate} label and by the HTTP API. */
  public String apiName() {
    return apiName;
  }
}
