package io.argus.promql.parser;

/**
 * A PromQL expression: an immutable AST node. {@code toString()} prints canonical PromQL (see
 * {@link Printer}); equality includes source positions.
 */
public sealed interface Expr
    permits NumberLiteral,
        StringLiteral,
        VectorSelector,
        MatrixSelector,
        SubqueryExpr,
        ParenExpr,
        UnaryExpr,
        BinaryExpr,
        AggregateExpr,
        Call {

  /** Returns the type this expression evaluates to. */
  ValueType type();

  /** Returns the span of the query text this node was parsed from. */
  PositionRange positionRange();
}
