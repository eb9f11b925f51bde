package io.argus.promql.parser;

import java.util.List;

/** A function call. */
public record Call(Function function, List<Expr> args, PositionRange positionRange)
    implements Expr {
  public Call {
    args = List.copyOf(args);
  }

  @Override
  public ValueType type() {
    return function.returnType();
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
