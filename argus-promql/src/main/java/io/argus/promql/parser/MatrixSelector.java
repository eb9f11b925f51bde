package io.argus.promql.parser;

import org.jspecify.annotations.Nullable;

/**
 * A range vector selector {@code selector[range]}; offset, {@code @}, anchored and smoothed live
 * on the inner selector.
 *
 * @param rangeMillis the range in ms, 0 when {@code rangeExpr} is set
 * @param rangeExpr a non-literal range duration expression, or null
 */
public record MatrixSelector(
    VectorSelector selector,
    long rangeMillis,
    @Nullable DurationExpr rangeExpr,
    PositionRange positionRange)
    implements Expr {
  @Override
  public ValueType type() {
    return ValueType.MATRIX;
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
