package io.argus.promql.promqltest;

import io.argus.model.labels.Matcher;
import io.argus.promql.Engine;
import io.argus.promql.QueryResult;
import io.argus.promql.parser.AggregateExpr;
import io.argus.promql.parser.AtModifier;
import io.argus.promql.parser.BinaryExpr;
import io.argus.promql.parser.Call;
import io.argus.promql.parser.Expr;
import io.argus.promql.parser.MatrixSelector;
import io.argus.promql.parser.NumberLiteral;
import io.argus.promql.parser.ParenExpr;
import io.argus.promql.parser.ParseException;
import io.argus.promql.parser.StringLiteral;
import io.argus.promql.parser.SubqueryExpr;
import io.argus.promql.parser.UnaryExpr;
import io.argus.promql.parser.VectorSelector;
import io.argus.storage.Queryable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Runs scripts against Argus' own {@link Engine}: the {@link ScriptEngine} the conformance tests
 * and {@code argus test promql} use. Thread-safe.
 */
public final class PromqlEngineAdapter implements ScriptEngine {
  /** Functions whose presence disables the {@code @} variants (FORMAT.md §10). */
  private static final Set<String> TIME_FUNCTIONS =
      Set.of(
          "time",
          "timestamp",
          "minute",
          "hour",
          "day_of_week",
          "day_of_month",
          "day_of_year",
          "days_in_month",
          "month",
          "year",
          "predict_linear",
          "start",
          "end",
          "range",
          "step");

  private final Engine engine;

  public PromqlEngineAdapter(Engine engine) {
    this.engine = engine;
  }

  @Override
  public Result instant(Queryable storage, String expr, long t) {
    return convert(engine.instantQuery(storage, expr, t));
  }

  @Override
  public Result range(Queryable storage, String expr, long start, long end, long step) {
    return convert(engine.rangeQuery(storage, expr, start, end, step));
  }

  private static Result convert(QueryResult r) {
    return new Result(r.value(), r.warnings(), r.infos());
  }

  private @Nullable Expr tryParse(String expr) {
    try {
      return engine.parse(expr);
    } catch (ParseException | IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public @Nullable String withAtModifier(String expr, long t) {
    Expr e = tryParse(expr);
    if (e == null) {
      return expr;
    }
    if (callsAny(e, TIME_FUNCTIONS)) {
      return null;
    }
    return addAt(e, t).toString();
  }

  @Override
  public @Nullable String unsupported(String expr) {
    Expr e = tryParse(expr);
    if (e == null) {
      return null;
    }
    return null;
  }

  @Override
  public @Nullable List<List<Matcher>> selectors(String expr) {
    Expr e = tryParse(expr);
    if (e == null) {
      return null;
    }
    List<List<Matcher>> out = new ArrayList<>();
    walk(
        e,
        x -> {
          if (x instanceof VectorSelector vs) {
            out.add(vs.matchers());
          }
        });
    return out;
  }

  private static boolean callsAny(Expr e, Set<String> names) {
    boolean[] found = {false};
    walk(
        e,
        x -> {
          if (x instanceof Call c && names.contains(c.function().name())) {
            found[0] = true;
          }
        });
    return found[0];
  }

  /** Visits every node, parents first. */
  static void walk(Expr e, java.util.function.Consumer<Expr> visitor) {
    visitor.accept(e);
    for (Expr child : children(e)) {
      walk(child, visitor);
    }
  }

  static List<Expr> children(Expr e) {
    return switch (e) {
      case NumberLiteral n -> List.of();
      case StringLiteral s -> List.of();
      case VectorSelector vs -> List.of();
      case MatrixSelector ms -> List.of(ms.selector());
      case SubqueryExpr sq -> List.of(sq.expr());
      case ParenExpr p -> List.of(p.expr());
      case UnaryExpr u -> List.of(u.expr());
      case BinaryExpr b -> List.of(b.lhs(), b.rhs());
      case AggregateExpr a -> a.param() == null ? List.of(a.expr()) : List.of(a.param(), a.expr());
      case Call c -> c.args();
    };
  }

  private static boolean needsAt(@Nullable Long ts, AtModifier at) {
    return ts == null || at != AtModifier.NONE;
  }

  /** Adds {@code @ t} to selectors and subqueries without one (FORMAT.md §10.2). */
  static Expr addAt(Expr e, long t) {
    return switch (e) {
      case NumberLiteral n -> n;
      case StringLiteral s -> s;
      case VectorSelector vs -> withAt(vs, t);
      case MatrixSelector ms ->
          new MatrixSelector(
              withAt(ms.selector(), t), ms.rangeMillis(), ms.rangeExpr(), ms.positionRange());
      case SubqueryExpr sq -> {
        if (!needsAt(sq.timestampMillis(), sq.at())) {
          yield sq;
        }
        yield new SubqueryExpr(
            sq.expr(),
            sq.rangeMillis(),
            sq.rangeExpr(),
            sq.stepMillis(),
            sq.stepExpr(),
            sq.offsetMillis(),
            sq.offsetExpr(),
            t,
            AtModifier.NONE,
            sq.positionRange());
      }
      case ParenExpr p -> new ParenExpr(addAt(p.expr(), t), p.positionRange());
      case UnaryExpr u -> new UnaryExpr(u.op(), addAt(u.expr(), t), u.positionRange());
      case BinaryExpr b ->
          new BinaryExpr(
              b.op(), addAt(b.lhs(), t), addAt(b.rhs(), t), b.matching(), b.returnBool());
      case AggregateExpr a ->
          new AggregateExpr(
              a.op(),
              addAt(a.expr(), t),
              a.param() == null ? null : addAt(a.param(), t),
              a.grouping(),
              a.without(),
              a.positionRange());
      case Call c -> {
        List<Expr> args = new ArrayList<>();
        for (Expr arg : c.args()) {
          args.add(addAt(arg, t));
        }
        yield new Call(c.function(), args, c.positionRange());
      }
    };
  }

  private static VectorSelector withAt(VectorSelector vs, long t) {
    if (!needsAt(vs.timestampMillis(), vs.at())) {
      return vs;
    }
    return new VectorSelector(
        vs.name(),
        vs.matchers(),
        vs.offsetMillis(),
        vs.offsetExpr(),
        t,
        AtModifier.NONE,
        vs.anchored(),
        vs.smoothed(),
        vs.positionRange());
  }
}
