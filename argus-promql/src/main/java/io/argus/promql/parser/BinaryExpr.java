package io.argus.promql.parser;

import org.jspecify.annotations.Nullable;

/**
 * A binary operation. {@code matching} is null unless both sides are instant vectors; set
 * operators always match many-to-many.
 */
public record BinaryExpr(
    BinaryOp op, Expr lhs, Expr rhs, @Nullable VectorMatching matching, boolean returnBool)
    implements Expr {
  @Override
  public ValueType type() {
    return lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR
        ? ValueType.SCALAR
        : ValueType.VECTOR;
  }

  @Override
  public PositionRange positionRange() {
    return lhs.positionRange().merge(rhs.positionRange());
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
