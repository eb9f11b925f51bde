package io.argus.promql.parser;

/** The aggregation operators. */
public enum Aggregation {
  SUM,
  AVG,
  COUNT,
  MIN,
  MAX,
  GROUP,
  STDDEV,
  STDVAR,
  TOPK,
  BOTTOMK,
  COUNT_VALUES,
  QUANTILE,
  LIMITK,
  LIMIT_RATIO;

  /** Returns the name as written in PromQL, e.g. {@code count_values}. */
  public String text() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Whether the first argument is a parameter (k, quantile, label name, ratio). */
  public boolean hasParameter() {
    return switch (this) {
      case TOPK, BOTTOMK, COUNT_VALUES, QUANTILE, LIMITK, LIMIT_RATIO -> true;
      default -> false;
    };
  }

  /** Whether the aggregation needs {@link ParserOptions#experimentalFunctions()}. */
  public boolean isExperimental() {
    return this == LIMITK || this == LIMIT_RATIO;
  }

  @Override
  public String toString() {
    return text();
  }
}
