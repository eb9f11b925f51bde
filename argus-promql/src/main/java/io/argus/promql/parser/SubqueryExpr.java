package io.argus.promql.parser;

import org.jspecify.annotations.Nullable;

/**
 * A subquery {@code expr[range:step]}.
 *
 * @param stepMillis the resolution in ms, 0 for the default (or when {@code stepExpr} is set)
 */
public record SubqueryExpr(
    Expr expr,
    long rangeMillis,
    @Nullable DurationExpr rangeExpr,
    long stepMillis,
    @Nullable DurationExpr stepExpr,
    long offsetMillis,
    @Nullable DurationExpr offsetExpr,
    @Nullable Long timestampMillis,
    AtModifier at,
    PositionRange positionRange)
    implements Expr {
  @Override
  public ValueType type() {
    return ValueType.MATRIX;
  }

  boolean hasOffset() {
    return offsetMillis != 0 || offsetExpr != null;
  }

  boolean hasAt() {
    return timestampMillis != null || at != AtModifier.NONE;
  }

  SubqueryExpr withOffset(long millis, @Nullable DurationExpr e, int end) {
    return new SubqueryExpr(expr, rangeMillis, rangeExpr, stepMillis, stepExpr, millis, e,
        timestampMillis, at, new PositionRange(positionRange.start(), end));
  }

  SubqueryExpr withAt(@Nullable Long ts, AtModifier mod, int end) {
    return new SubqueryExpr(expr, rangeMillis, rangeExpr, stepMillis, stepExpr, offsetMillis,
        offsetExpr, ts, mod, new PositionRange(positionRange.start(), end));
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
