package io.argus.promql.parser;

/** A string literal, unquoted. */
public record StringLiteral(String value, PositionRange positionRange) implements Expr {
  @Override
  public ValueType type() {
    return ValueType.STRING;
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
