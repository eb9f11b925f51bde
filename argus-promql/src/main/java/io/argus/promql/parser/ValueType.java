package io.argus.promql.parser;

/** The type a PromQL expression evaluates to. */
public enum ValueType {
  NONE("none", "none"),
  SCALAR("scalar", "scalar"),
  VECTOR("vector", "instant vector"),
  MATRIX("matrix", "range vector"),
  STRING("string", "string");

  private final String apiName;
  private final String documentedName;

  ValueType(String apiName, String documentedName) {
    this.apiName = apiName;
    this.documentedName = documentedName;
  }

  /** Returns the name used in the HTTP API's {@code resultType}, e.g. {@code vector}. */
  public String apiName() {
    return apiName;
  }

  /** Returns the name used in documentation and error messages, e.g. {@code instant vector}. */
  public String documentedName() {
    return documentedName;
  }
}
