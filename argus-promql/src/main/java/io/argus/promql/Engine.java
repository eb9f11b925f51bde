package io.argus.promql;

import io.argus.model.labels.Labels;
import io.argus.promql.Evaluator.MatrixVal;
import io.argus.promql.Evaluator.ScalarVal;
import io.argus.promql.Evaluator.StringVal;
import io.argus.promql.Evaluator.Val;
import io.argus.promql.Evaluator.VectorVal;
import io.argus.promql.parser.Expr;
import io.argus.promql.parser.ParseException;
import io.argus.promql.parser.ParserOptions;
import io.argus.promql.parser.PromqlParser;
import io.argus.storage.Queryable;
import io.argus.util.Cancellation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PromQL query engine: parses a query and evaluates it over a {@link Queryable} as an instant
 * query (one time) or a range query (every step from start to end). Times are Unix ms. Errors are
 * thrown as {@link QueryException} (parse errors as the parser's {@link ParseException}).
 * Thread-safe: queries may run concurrently.
 */
public final class Engine {
  private final EngineOptions options;

  public Engine(EngineOptions options) {
    this.options = options;
  }

  public EngineOptions options() {
    return options;
  }

  /** Parses {@code query} with the parser features these options enable. */
  public Expr parse(String query) {
    return PromqlParser.parseExpr(
        query, options.experimentalFunctions() ? ParserOptions.ALL : ParserOptions.DEFAULT);
  }

  /** Evaluates {@code query} at time {@code t}. */
  public QueryResult instantQuery(Queryable storage, String query, long t) {
    return instantQuery(storage, query, t, Cancellation.NONE);
  }

  /** Evaluates {@code query} at time {@code t}, stopping when {@code cancellation} fires. */
  public QueryResult instantQuery(
      Queryable storage, String query, long t, Cancellation cancellation) {
    return evaluate(storage, parse(query), query, t, t, 0, cancellation);
  }

  /** Evaluates {@code query} at {@code start, start+step, ... <= end}. */
  public QueryResult rangeQuery(Queryable storage, String query, long start, long end, long step) {
    return rangeQuery(storage, query, start, end, step, Cancellation.NONE);
  }

  /** As {@link #rangeQuery(Queryable, String, long, long, long)} with cancellation. */
  public QueryResult rangeQuery(
      Queryable storage, String query, long start, long end, long step, Cancellation cancellation) {
    if (step <= 0) {
      throw new QueryException(
          QueryException.Kind.BAD_DATA,
          "zero or negative query resolution step widths are not accepted. Try a positive integer");
    }
    if (end < start) {
      throw new QueryException(
          QueryException.Kind.BAD_DATA, "end timestamp must not be before start time");
    }
    Expr expr = parse(query);
    switch (expr.type()) {
      case SCALAR, VECTOR -> {}
      default ->
          throw new QueryException(
              QueryException.Kind.BAD_DATA,
              "invalid expression type \""
                  + expr.type().documentedName()
                  + "\" for range query, must be Scalar or instant Vector");
    }
    return evaluate(storage, expr, query, start, end, step, cancellation);
  }

  /**
   * Evaluates a parsed expression. {@code step == 0} means an instant query at {@code start}.
   *
   * @param query the text {@code expr} was parsed from (for annotation positions)
   */
  public QueryResult evaluate(
      Queryable storage,
      Expr expr,
      String query,
      long start,
      long end,
      long step,
      Cancellation cancellation) {
    long began = options.clock().nanoTime();
    boolean instant = step == 0;
    Evaluator.Context ctx = new Evaluator.Context(storage, options, start, end, step, cancellation);
    Evaluator ev = new Evaluator(ctx, start, instant ? start : end, instant ? 1 : step);
    Val v = ev.eval(expr);
    Value result = instant ? toInstant(ev, v, start) : toRange(ev, v);
    QueryStats stats =
        new QueryStats(options.clock().nanoTime() - began, ctx.samplesLoaded, ctx.peakSamples);
    return new QueryResult(result, ctx.annotations, query, stats);
  }

  private static Labels finalLabels(Labels labels, boolean dropName) {
    if (!dropName) {
      return labels;
    }
    return labels.toBuilder().delete("__name__", "__type__", "__unit__").build();
  }

  private Value toInstant(Evaluator ev, Val v, long t) {
    return switch (v) {
      case ScalarVal s -> new Scalar(t, s.values()[0]);
      case StringVal s -> new StringValue(t, s.value());
      case VectorVal vec -> {
        List<Sample> out = new ArrayList<>();
        java.util.Set<Labels> seen = new java.util.HashSet<>();
        for (StepSeries s : vec.series()) {
          if (s.present[0]) {
            Labels l = finalLabels(s.labels, s.dropName);
            if (!seen.add(l)) {
              throw new QueryException(
                  QueryException.Kind.EXECUTION,
                  "vector cannot contain metrics with the same labelset");
            }
            out.add(new Sample(l, t, s.values[0]));
          }
        }
        yield new Vector(out);
      }
      case MatrixVal m -> {
        Map<Labels, List<RawSeries>> merged = new LinkedHashMap<>();
        for (RawSeries r : m.series()) {
          merged
              .computeIfAbsent(finalLabels(r.labels(), r.dropName()), k -> new ArrayList<>())
              .add(r);
        }
        List<SeriesPoints> out = new ArrayList<>();
        for (Map.Entry<Labels, List<RawSeries>> e : merged.entrySet()) {
          if (e.getValue().size() > 1) {
            throw new QueryException(
                QueryException.Kind.EXECUTION,
                "vector cannot contain metrics with the same labelset");
          }
          RawSeries r = e.getValue().get(0);
          out.add(new SeriesPoints(e.getKey(), r.times(), r.values(), r.n(), false));
        }
        out.sort((a, b) -> a.labels().compareTo(b.labels()));
        yield new Matrix(out);
      }
    };
  }

  private Value toRange(Evaluator ev, Val v) {
    int steps = ev.steps;
    List<SeriesPoints> out = new ArrayList<>();
    switch (v) {
      case ScalarVal s -> {
        long[] t = new long[steps];
        for (int i = 0; i < steps; i++) {
          t[i] = ev.ts(i);
        }
        out.add(new SeriesPoints(Labels.EMPTY, t, s.values().clone()));
      }
      case VectorVal vec -> {
        Map<Labels, StepSeries> merged = new HashMap<>();
        List<Labels> order = new ArrayList<>();
        for (StepSeries s : vec.series()) {
          if (s.count == 0) {
            continue;
          }
          Labels l = finalLabels(s.labels, s.dropName);
          StepSeries prev = merged.get(l);
          if (prev == null) {
            StepSeries copy = new StepSeries(l, false, steps);
            for (int i = 0; i < steps; i++) {
              if (s.present[i]) {
                copy.set(i, s.values[i]);
              }
            }
            merged.put(l, copy);
            order.add(l);
            continue;
          }
          for (int i = 0; i < steps; i++) {
            if (s.present[i]) {
              if (prev.present[i]) {
                throw new QueryException(
                    QueryException.Kind.EXECUTION,
                    "vector cannot contain metrics with the same labelset");
              }
              prev.set(i, s.values[i]);
            }
          }
        }
        for (Labels l : order) {
          StepSeries s = merged.get(l);
          long[] t = new long[s.count];
          double[] vals = new double[s.count];
          int n = 0;
          for (int i = 0; i < steps; i++) {
            if (s.present[i]) {
              t[n] = ev.ts(i);
              vals[n] = s.values[i];
              n++;
            }
          }
          out.add(new SeriesPoints(l, t, vals));
        }
        out.sort((a, b) -> a.labels().compareTo(b.labels()));
      }
      default ->
          throw new QueryException(
              QueryException.Kind.BAD_DATA,
              "invalid expression type for range query, must be Scalar or instant Vector");
    }
    return new Matrix(out);
  }
}
