package io.argus.promql.parser;

/** A unary {@code +} or {@code -} (op is ADD or SUB) on a non-literal. */
public record UnaryExpr(BinaryOp op, Expr expr, PositionRange positionRange) implements Expr {
  @Override
  public ValueType type() {
    return expr.type();
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
