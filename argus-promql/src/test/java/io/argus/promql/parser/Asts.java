package io.argus.promql.parser;

import io.argus.model.labels.Matcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Test helper: strips source positions so ASTs parsed from different text can be compared. */
final class Asts {
  private Asts() {}

  static Expr withoutPositions(Expr e) {
    PositionRange none = PositionRange.NONE;
    return switch (e) {
      case NumberLiteral n -> new NumberLiteral(n.value(), n.duration(), none);
      case StringLiteral s -> new StringLiteral(s.value(), none);
      case VectorSelector v -> strip(v);
      case MatrixSelector m ->
          new MatrixSelector(strip(m.selector()), m.rangeMillis(), m.rangeExpr(), none);
      case SubqueryExpr s ->
          new SubqueryExpr(
              withoutPositions(s.expr()), s.rangeMillis(), s.rangeExpr(), s.stepMillis(),
              s.stepExpr(), s.offsetMillis(), s.offsetExpr(), s.timestampMillis(), s.at(), none);
      case ParenExpr p -> new ParenExpr(withoutPositions(p.expr()), none);
      case UnaryExpr u -> new UnaryExpr(u.op(), withoutPositions(u.expr()), none);
      case BinaryExpr b ->
          new BinaryExpr(
              b.op(), withoutPositions(b.lhs()), withoutPositions(b.rhs()), b.matching(),
              b.returnBool());
      case AggregateExpr a ->
          new AggregateExpr(
              a.op(), withoutPositions(a.expr()),
              a.param() == null ? null : withoutPositions(a.param()), a.grouping(), a.without(),
              none);
      case Call c ->
          new Call(c.function(), c.args().stream().map(Asts::withoutPositions).toList(), none);
    };
  }

  /** Also sorts matchers (the printer sorts them; their order has no meaning). */
  private static VectorSelector strip(VectorSelector v) {
    List<Matcher> ms = new ArrayList<>(v.matchers());
    int sortable = v.name().isEmpty() ? ms.size() : ms.size() - 1;
    ms.subList(0, sortable).sort(Comparator.comparing(Printer::print));
    return new VectorSelector(
        v.name(), ms, v.offsetMillis(), v.offsetExpr(), v.timestampMillis(),
        v.at(), v.anchored(), v.smoothed(), PositionRange.NONE);
  }

  /** Parses, prints, re-parses and returns both ASTs without positions. */
  static Expr[] roundTrip(String query, ParserOptions options) {
    Expr first = PromqlParser.parseExpr(query, options);
    Expr second = PromqlParser.parseExpr(first.toString(), options);
    return new Expr[] {withoutPositions(first), withoutPositions(second)};
  }
}
