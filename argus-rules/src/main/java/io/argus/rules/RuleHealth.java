package io.argus.rules;

/** The health of a rule after its last evaluation, as the HTTP API reports it. */
public enum RuleHealth {
  /** Not evaluated yet. */
  UNKNOWN("unknown"),
  /** The last evaluation succeeded and its samples were written. */
  OK("ok"),
  /** The last evaluation or the write of its samples failed; see the rule's last error. */
  ERR("err");

  private final String apiName;

  RuleHealth(String apiName) {
    this.apiName = apiName;
  }

  /** The name the HTTP API uses: {@code unknown}, {@code ok} or {@code err}. */
  public String apiName() {
    return apiName;
  }
}
