package io.argus.promql.parser;

/**
 * A number; {@code duration} is true when written as a duration ({@code 5m} is 300), which
 * prints back as a duration.
 */
public record NumberLiteral(double value, boolean duration, PositionRange positionRange)
    implements Expr {
  public NumberLiteral(double value) {
    this(value, false, PositionRange.NONE);
  }

  @Override
  public ValueType type() {
    return ValueType.SCALAR;
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
