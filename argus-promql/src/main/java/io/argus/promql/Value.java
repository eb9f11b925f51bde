package io.argus.promql;

/**
 * The result of evaluating a PromQL expression: a {@link Scalar}, a {@link StringValue}, an instant
 * {@link Vector} or a range {@link Matrix}. Values are immutable once returned.
 */
public sealed interface Value permits Scalar, StringValue, Vector, Matrix {
  /** Returns the PromQL type name as the HTTP API spells it ("scalar", "vector", ...). */
  String typeName();
}
