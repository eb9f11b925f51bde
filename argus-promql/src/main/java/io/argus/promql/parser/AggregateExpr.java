package io.argus.promql.parser;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An aggregation such as {@code sum by (job) (x)} or {@code topk(3, x)}.
 *
 * @param param the parameter of topk, bottomk, quantile, count_values, limitk, limit_ratio
 * @param grouping the labels of {@code by} or (when {@code without}) {@code without}
 */
public record AggregateExpr(
    Aggregation op,
    Expr expr,
    @Nullable Expr param,
    List<String> grouping,
    boolean without,
    PositionRange positionRange)
    implements Expr {
  public AggregateExpr {
    grouping = List.copyOf(grouping);
  }

  @Override
  public ValueType type() {
    return ValueType.VECTOR;
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
