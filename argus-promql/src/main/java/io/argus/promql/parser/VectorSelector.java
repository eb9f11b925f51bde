package io.argus.promql.parser;

import io.argus.model.labels.Matcher;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An instant vector selector.
 *
 * @param name the metric name written before the braces, or "" (then any {@code __name__} is a
 *     matcher); when set, {@code matchers} ends with the {@code __name__="name"} matcher
 * @param matchers all label matchers, in source order
 * @param offsetMillis the offset in ms (negative looks ahead), 0 when none or when {@code
 *     offsetExpr} is set
 * @param offsetExpr a non-literal offset duration expression, or null
 * @param timestampMillis the {@code @} timestamp in ms, or null
 * @param at {@code @ start()} / {@code @ end()}, or NONE
 * @param anchored the {@code anchored} modifier (extended range selectors)
 * @param smoothed the {@code smoothed} modifier (extended range selectors)
 */
public record VectorSelector(
    String name,
    List<Matcher> matchers,
    long offsetMillis,
    @Nullable DurationExpr offsetExpr,
    @Nullable Long timestampMillis,
    AtModifier at,
    boolean anchored,
    boolean smoothed,
    PositionRange positionRange)
    implements Expr {
  public VectorSelector {
    matchers = List.copyOf(matchers);
  }

  /** A plain selector without modifiers. */
  public VectorSelector(String name, List<Matcher> matchers) {
    this(name, matchers, 0, null, null, AtModifier.NONE, false, false, PositionRange.NONE);
  }

  @Override
  public ValueType type() {
    return ValueType.VECTOR;
  }

  /** Whether an offset or {@code @} modifier is set. */
  boolean hasOffset() {
    return offsetMillis != 0 || offsetExpr != null;
  }

  boolean hasAt() {
    return timestampMillis != null || at != AtModifier.NONE;
  }

  VectorSelector withOffset(long millis, @Nullable DurationExpr expr, int end) {
    return new VectorSelector(name, matchers, millis, expr, timestampMillis, at, anchored,
        smoothed, new PositionRange(positionRange.start(), end));
  }

  VectorSelector withAt(@Nullable Long ts, AtModifier mod, int end) {
    return new VectorSelector(name, matchers, offsetMillis, offsetExpr, ts, mod, anchored,
        smoothed, new PositionRange(positionRange.start(), end));
  }

  VectorSelector withExtended(boolean anchor, boolean smooth) {
    return new VectorSelector(name, matchers, offsetMillis, offsetExpr, timestampMillis, at,
        anchor, smooth, positionRange);
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
