package io.argus.model.labels;

/** The four PromQL label match operators. */
public enum MatchType {
  EQUAL("="),
  NOT_EQUAL("!="),
  REGEX("=~"),
  NOT_REGEX("!~");

  private final String operator;

  MatchType(String operator) {
    this.operator = operator;
  }

  /** Returns the operator as written in PromQL. */
  public String operator() {
    return operator;
  }
}
