package io.argus.promql.parser;

/**
 * An experimental duration expression in a range, subquery step or offset ({@code [5m * 2]},
 * {@code offset (1h + step())}). Values are seconds; the engine evaluates them per query.
 */
public sealed interface DurationExpr {

  /** A number or duration literal; {@code duration} says whether it was written as one. */
  record Number(double seconds, boolean duration) implements DurationExpr {}

  /** {@code lhs op rhs} with op one of + - * / % ^. */
  record Binary(BinaryOp op, DurationExpr lhs, DurationExpr rhs) implements DurationExpr {}

  /** Unary minus. */
  record Negate(DurationExpr operand) implements DurationExpr {}

  /** A parenthesised duration expression. */
  record Paren(DurationExpr inner) implements DurationExpr {}

  /** {@code step()}: the query step. */
  record Step() implements DurationExpr {}

  /** {@code range()}: the query range. */
  record Range() implements DurationExpr {}

  /** {@code min_of(a, b)} or (when {@code max}) {@code max_of(a, b)}. */
  record MinMax(boolean max, DurationExpr lhs, DurationExpr rhs) implements DurationExpr {}
}
