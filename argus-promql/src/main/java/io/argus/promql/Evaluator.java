package io.argus.promql;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.labels.Matcher;
import io.argus.promql.parser.AggregateExpr;
import io.argus.promql.parser.Aggregation;
import io.argus.promql.parser.AtModifier;
import io.argus.promql.parser.BinaryExpr;
import io.argus.promql.parser.BinaryOp;
import io.argus.promql.parser.Call;
import io.argus.promql.parser.DurationExpr;
import io.argus.promql.parser.Expr;
import io.argus.promql.parser.MatrixSelector;
import io.argus.promql.parser.NumberLiteral;
import io.argus.promql.parser.ParenExpr;
import io.argus.promql.parser.StringLiteral;
import io.argus.promql.parser.SubqueryExpr;
import io.argus.promql.parser.UnaryExpr;
import io.argus.promql.parser.VectorMatching;
import io.argus.promql.parser.VectorSelector;
import io.argus.storage.FloatSamples;
import io.argus.storage.Querier;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import io.argus.util.XxHash64;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates an AST over the steps {@code start, start+interval, ... <= end}. Every node yields its
 * value at all steps at once (scalars as arrays, vectors as {@link StepSeries}), which makes range
 * queries and subqueries the same code path. One instance per (sub)query evaluation; not
 * thread-safe.
 */
final class Evaluator {
  /** Shared per-query state. */
  static final class Context {
    final io.argus.storage.Queryable storage;
    final EngineOptions options;
    final Annotations annotations = new Annotations();
    final long queryStart;
    final long queryEnd;
    final long queryStep;
    final long deadlineNanos;
    final io.argus.util.Cancellation cancellation;
    long samplesLoaded;
    long peakSamples;

    Context(
        io.argus.storage.Queryable storage,
        EngineOptions options,
        long queryStart,
        long queryEnd,
        long queryStep,
        io.argus.util.Cancellation cancellation) {
      this.storage = storage;
      this.options = options;
      this.queryStart = queryStart;
      this.queryEnd = queryEnd;
      this.queryStep = queryStep;
      this.cancellation = cancellation;
      this.deadlineNanos = options.clock().nanoTime() + options.timeout().toNanos();
    }

    void check() {
      try {
        cancellation.check();
      } catch (io.argus.util.Cancellation.CancelledException e) {
        throw new QueryException(
            QueryException.Kind.CANCELED, "query was canceled in expression evaluation", e);
      }
      if (options.clock().nanoTime() - deadlineNanos > 0) {
        throw new QueryException(
            QueryException.Kind.TIMEOUT, "query timed out in expression evaluation");
      }
    }

    void samples(long n) {
      if (n > peakSamples) {
        peakSamples = n;
      }
      if (n > options.maxSamples()) {
        throw new QueryException(
            QueryException.Kind.TOO_MANY_SAMPLES,
            "query processing would load too many samples into memory in query execution");
      }
    }
  }

  /** A value during evaluation. */
  sealed interface Val permits ScalarVal, StringVal, VectorVal, MatrixVal {}

  record ScalarVal(double[] values) implements Val {}

  record StringVal(String value) implements Val {}

  record VectorVal(List<StepSeries> series) implements Val {}

  /** A range vector; only the value of a whole instant query. */
  record MatrixVal(List<RawSeries> series) implements Val {}

  static final String NAME = "__name__";

  private final Context ctx;
  final long start;
  final long end;
  final long interval;
  final int steps;

  Evaluator(Context ctx, long start, long end, long interval) {
    this.ctx = ctx;
    this.start = start;
    this.end = end;
    this.interval = interval;
    this.steps = (int) ((end - start) / interval) + 1;
  }

  long ts(int step) {
    return start + step * interval;
  }

  static boolean isStale(double v) {
    return Double.doubleToRawLongBits(v) == 0x7ff0000000000002L;
  }

  static QueryException error(String message) {
    return new QueryException(QueryException.Kind.EXECUTION, message);
  }

  // ---------------------------------------------------------------- dispatch

  Val eval(Expr e) {
    ctx.check();
    return switch (e) {
      case NumberLiteral n -> {
        double[] v = new double[steps];
        Arrays.fill(v, n.value());
        yield new ScalarVal(v);
      }
      case StringLiteral s -> new StringVal(s.value());
      case ParenExpr p -> eval(p.expr());
      case UnaryExpr u -> evalUnary(u);
      case VectorSelector vs -> evalVectorSelector(vs, false);
      case MatrixSelector ms -> {
        if (steps != 1) {
          throw error(
              "invalid expression type \"range vector\" for range query, must be Scalar or instant"
                  + " Vector");
        }
        yield new MatrixVal(windowsForInstant(ms));
      }
      case SubqueryExpr sq -> {
        if (steps != 1) {
          throw error(
              "invalid expression type \"range vector\" for range query, must be Scalar or instant"
                  + " Vector");
        }
        yield new MatrixVal(windowsForInstant(sq));
      }
      case BinaryExpr b -> evalBinary(b);
      case AggregateExpr a -> evalAggregate(a);
      case Call c -> evalCall(c);
    };
  }

  private Val evalUnary(UnaryExpr u) {
    Val v = eval(u.expr());
    if (u.op() != BinaryOp.SUB) {
      return v;
    }
    if (v instanceof ScalarVal s) {
      double[] out = new double[steps];
      for (int i = 0; i < steps; i++) {
        out[i] = -s.values()[i];
      }
      return new ScalarVal(out);
    }
    List<StepSeries> out = new ArrayList<>();
    for (StepSeries s : ((VectorVal) v).series()) {
      StepSeries n = new StepSeries(s.labels, true, steps);
      for (int i = 0; i < steps; i++) {
        if (s.present[i]) {
          n.set(i, -s.values[i]);
        }
      }
      out.add(n);
    }
    return new VectorVal(out);
  }

  // ---------------------------------------------------------------- selectors

  long offsetMillis(long offset, @Nullable DurationExpr expr) {
    return expr == null ? offset : Math.round(durationSeconds(expr) * 1000);
  }

  @Nullable Long atMillis(@Nullable Long timestamp, AtModifier at) {
    return switch (at) {
      case START -> ctx.queryStart;
      case END -> ctx.queryEnd;
      case NONE -> timestamp;
    };
  }

  double durationSeconds(DurationExpr d) {
    return switch (d) {
      case DurationExpr.Number n -> n.seconds();
      case DurationExpr.Paren p -> durationSeconds(p.inner());
      case DurationExpr.Negate n -> -durationSeconds(n.operand());
      case DurationExpr.Step s -> ctx.queryStep / 1000.0;
      case DurationExpr.Range r -> (ctx.queryEnd - ctx.queryStart) / 1000.0;
      case DurationExpr.MinMax m -> {
        double a = durationSeconds(m.lhs());
        double b = durationSeconds(m.rhs());
        yield m.max() ? Math.max(a, b) : Math.min(a, b);
      }
      case DurationExpr.Binary b -> {
        double l = durationSeconds(b.lhs());
        double r = durationSeconds(b.rhs());
        yield switch (b.op()) {
          case ADD -> l + r;
          case SUB -> l - r;
          case MUL -> l * r;
          case DIV -> l / r;
          case MOD -> l % r;
          case POW -> Math.pow(l, r);
          default -> throw error("unsupported operator in duration expression: " + b.op());
        };
      }
    };
  }

  /** Reference times (ms) of a selector per step: the step time or @ time, minus the offset. */
  long[] refTimes(@Nullable Long at, long offset) {
    long[] refs = new long[steps];
    for (int i = 0; i < steps; i++) {
      refs[i] = (at != null ? at : ts(i)) - offset;
    }
    return refs;
  }

  /**
   * Streams the samples of every series matching {@code vs} with {@code mint <= t <= maxt} to
   * {@code consumer}, one series at a time. The arrays of the series passed are reused for the next
   * one: consumers must copy what they keep.
   */
  void select(
      VectorSelector vs,
      long mint,
      long maxt,
      boolean dropStale,
      java.util.function.Consumer<RawSeries> consumer) {
    SeriesBuffer shared = new SeriesBuffer();
    selectInto(
        vs,
        mint,
        maxt,
        dropStale,
        () -> shared,
        b ->
            consumer.accept(
                new RawSeries(
                    b.labels, b.samples.times, b.samples.values, b.samples.size, false)));
  }

  /**
   * Streams the samples of every series matching {@code vs} with {@code mint <= t <= maxt}: each
   * series with samples is decoded into a buffer from {@code buffers} and handed to {@code sink},
   * which owns it from then on; a buffer left empty is reused for the next series. Runs on the
   * calling thread (storage cursors are single-threaded).
   */
  void selectInto(
      VectorSelector vs,
      long mint,
      long maxt,
      boolean dropStale,
      java.util.function.Supplier<SeriesBuffer> buffers,
      java.util.function.Consumer<SeriesBuffer> sink) {
    Matcher[] matchers = vs.matchers().toArray(new Matcher[0]);
    long loaded = 0;
    try (Querier q = ctx.storage.querier(mint, maxt)) {
      SeriesSet set = q.select(false, SelectHints.range(mint, maxt), matchers);
      SampleIterator it = null;
      SeriesBuffer b = null;
      while (set.next()) {
        ctx.check();
        io.argus.storage.Series s = set.at();
        it = s.iterator(it);
        if (b == null) {
          b = buffers.get();
        }
        FloatSamples samples = b.samples;
        samples.size = 0;
        ValueType type = it.seek(mint);
        while (type != ValueType.NONE && it.atT() <= maxt) {
          type = type == ValueType.FLOAT ? it.readFloats(maxt, samples) : it.next();
        }
        int n = samples.size;
        if (dropStale) {
          n = dropStaleMarkers(samples.times, samples.values, n);
          samples.size = n;
        }
        loaded += n;
        if (n > 0) {
          b.labels = s.labels();
          sink.accept(b);
          b = null;
        }
      }
      for (String w : set.warnings()) {
        ctx.annotations.add(Annotations.Kind.STORAGE_WARNING, w, -1);
      }
    }
    ctx.samplesLoaded += loaded;
  }

  /**
   * The labels and float samples (ascending time) of one series as decoded by {@link
   * #selectInto}. Mutable and reusable; owned by one thread at a time.
   */
  static final class SeriesBuffer {
    Labels labels = Labels.EMPTY;
    final FloatSamples samples = new FloatSamples(64);
  }

  /** Removes stale markers from the first {@code n} samples in place; returns the new count. */
  private static int dropStaleMarkers(long[] times, double[] values, int n) {
    int kept = 0;
    for (int i = 0; i < n; i++) {
      if (!isStale(values[i])) {
        times[kept] = times[i];
        values[kept] = values[i];
        kept++;
      }
    }
    return kept;
  }

  /**
   * Evaluates an instant selector. With {@code timestamps} the values are the sample timestamps in
   * seconds (for {@code timestamp()}).
   */
  VectorVal evalVectorSelector(VectorSelector vs, boolean timestamps) {
    long offset = offsetMillis(vs.offsetMillis(), vs.offsetExpr());
    long[] refs = refTimes(atMillis(vs.timestampMillis(), vs.at()), offset);
    if (vs.smoothed() && !timestamps) {
      return smoothedSelector(vs, refs);
    }
    return lookbackSelect(vs, refs, timestamps ? 1000.0 : 0);
  }

  /**
   * Evaluates an instant selector at the given reference times (ms). With {@code timeDivisor} &gt;
   * 0 the values are the sample timestamps divided by it.
   */
  VectorVal lookbackSelect(VectorSelector vs, long[] refs, double timeDivisor) {
    boolean timestamps = timeDivisor > 0;
    long minRef = Long.MAX_VALUE;
    long maxRef = Long.MIN_VALUE;
    for (long r : refs) {
      minRef = Math.min(minRef, r);
      maxRef = Math.max(maxRef, r);
    }
    long lookback = ctx.options.lookbackMillis();
    List<StepSeries> out = new ArrayList<>();
    long[] total = {0};
    select(
        vs,
        minRef - lookback + 1,
        maxRef,
        false,
        r -> {
          StepSeries s = new StepSeries(r.labels(), timestamps, steps);
          long[] times = r.times();
          int next = 0;
          long prevRef = Long.MIN_VALUE;
          for (int i = 0; i < steps; i++) {
            if (refs[i] < prevRef) {
              next = 0;
            }
            prevRef = refs[i];
            while (next < r.n() && times[next] <= refs[i]) {
              next++;
            }
            int idx = next - 1;
            if (idx >= 0 && r.times()[idx] > refs[i] - lookback && !isStale(r.values()[idx])) {
              s.set(i, timestamps ? r.times()[idx] / timeDivisor : r.values()[idx]);
            }
          }
          if (s.count > 0) {
            out.add(s);
            total[0] += s.count;
          }
        });
    ctx.samples(total[0]);
    return new VectorVal(out);
  }

  private VectorVal smoothedSelector(VectorSelector vs, long[] refs) {
    long lb = ctx.options.lookbackMillis();
    long minRef = Arrays.stream(refs).min().orElseThrow();
    long maxRef = Arrays.stream(refs).max().orElseThrow();
    List<StepSeries> out = new ArrayList<>();
    select(
        vs,
        minRef - lb + 1,
        maxRef + lb,
        true,
        r -> {
          StepSeries s = new StepSeries(r.labels(), false, steps);
          for (int i = 0; i < steps; i++) {
            int from = r.upperBound(refs[i] - lb);
            int to = r.upperBound(refs[i] + lb);
            ExtendedRanges.smoothedValue(r, from, to, refs[i], s, i);
          }
          if (s.count > 0) {
            out.add(s);
          }
        });
    return new VectorVal(out);
  }

  /**
   * A range-vector argument: its series (streamed from storage, or computed by a subquery) and how
   * to cut windows per step. {@link #forEach} may be called once.
   */
  record Windows(
      java.util.function.Consumer<java.util.function.Consumer<RawSeries>> source,
      @Nullable BufferedSource buffered,
      long range,
      long[] refs,
      boolean anchored,
      boolean smoothed) {
    Windows(
        java.util.function.Consumer<java.util.function.Consumer<RawSeries>> source,
        long range,
        long[] refs) {
      this(source, null, range, refs, false, false);
    }

    /** Exclusive lower bound of the samples a step needs (anchored and smoothed look back). */
    long low(int step, long lookback) {
      return refs[step] - range - (anchored || smoothed ? lookback : 0);
    }

    /** Inclusive upper bound of the samples a step needs (smoothed looks ahead). */
    long high(int step, long lookback) {
      return refs[step] + (smoothed ? lookback : 0);
    }

    void forEach(java.util.function.Consumer<RawSeries> consumer) {
      source.accept(consumer);
    }
  }

  /**
   * The storage-backed series of a range-vector argument, decoded into caller-supplied buffers (see
   * {@link #selectInto}). {@code run} may be called once, on the evaluating thread.
   */
  @FunctionalInterface
  interface BufferedSource {
    void run(
        java.util.function.Supplier<SeriesBuffer> buffers,
        java.util.function.Consumer<SeriesBuffer> sink);
  }

  Windows windows(Expr arg) {
    Expr e = unwrap(arg);
    if (e instanceof MatrixSelector ms) {
      VectorSelector vs = ms.selector();
      long range =
          ms.rangeExpr() != null
              ? Math.round(durationSeconds(ms.rangeExpr()) * 1000)
              : ms.rangeMillis();
      long offset = offsetMillis(vs.offsetMillis(), vs.offsetExpr());
      long[] refs = refTimes(atMillis(vs.timestampMillis(), vs.at()), offset);
      long minRef = Arrays.stream(refs).min().orElseThrow();
      long maxRef = Arrays.stream(refs).max().orElseThrow();
      long lb = ctx.options.lookbackMillis();
      boolean extended = vs.anchored() || vs.smoothed();
      long mint = minRef - range + 1 - (extended ? lb : 0);
      long maxt = maxRef + (vs.smoothed() ? lb : 0);
      return new Windows(
          c -> select(vs, mint, maxt, true, c),
          (buffers, sink) -> selectInto(vs, mint, maxt, true, buffers, sink),
          range,
          refs,
          vs.anchored(),
          vs.smoothed());
    }
    if (e instanceof SubqueryExpr sq) {
      return subqueryWindows(sq);
    }
    throw error("expected a range vector, got " + e);
  }

  private Windows subqueryWindows(SubqueryExpr sq) {
    long range =
        sq.rangeExpr() != null
            ? Math.round(durationSeconds(sq.rangeExpr()) * 1000)
            : sq.rangeMillis();
    long step =
        sq.stepExpr() != null
            ? Math.round(durationSeconds(sq.stepExpr()) * 1000)
            : sq.stepMillis() > 0 ? sq.stepMillis() : ctx.options.defaultSubqueryStepMillis();
    if (step <= 0) {
      throw error("zero or negative subquery step");
    }
    long offset = offsetMillis(sq.offsetMillis(), sq.offsetExpr());
    long[] refs = refTimes(atMillis(sq.timestampMillis(), sq.at()), offset);
    long minRef = Arrays.stream(refs).min().orElseThrow();
    long maxRef = Arrays.stream(refs).max().orElseThrow();
    long lowest = minRef - range;
    long innerStart = step * (lowest / step);
    if (innerStart <= lowest) {
      innerStart += step;
    }
    if (innerStart > maxRef) {
      return new Windows(c -> {}, range, refs);
    }
    Evaluator inner = new Evaluator(ctx, innerStart, maxRef, step);
    Val v = inner.eval(sq.expr());
    List<RawSeries> raw = new ArrayList<>();
    switch (v) {
      case ScalarVal s -> {
        long[] t = new long[inner.steps];
        for (int i = 0; i < inner.steps; i++) {
          t[i] = inner.ts(i);
        }
        raw.add(new RawSeries(Labels.EMPTY, t, s.values().clone(), inner.steps, false));
      }
      case VectorVal vec -> {
        for (StepSeries s : vec.series()) {
          long[] t = new long[s.count];
          double[] vals = new double[s.count];
          int n = 0;
          for (int i = 0; i < inner.steps; i++) {
            if (s.present[i]) {
              t[n] = inner.ts(i);
              vals[n] = s.values[i];
              n++;
            }
          }
          raw.add(new RawSeries(s.labels, t, vals, n, s.dropName));
        }
      }
      default -> throw error("subquery must be over an instant vector or scalar");
    }
    return new Windows(raw::forEach, range, refs);
  }

  private List<RawSeries> windowsForInstant(Expr e) {
    Windows w = windows(e);
    long ref = w.refs()[0];
    long lb = ctx.options.lookbackMillis();
    List<RawSeries> out = new ArrayList<>();
    w.forEach(
        r -> {
          int to = r.upperBound(w.high(0, lb));
          int from = r.upperBound(w.low(0, lb));
          if (to <= from) {
            return;
          }
          if (w.anchored() || w.smoothed()) {
            RawSeries ext = ExtendedRanges.extend(r, from, to, ref - w.range(), ref, w.smoothed());
            if (ext != null) {
              out.add(ext);
            }
            return;
          }
          out.add(
              new RawSeries(
                  r.labels(),
                  Arrays.copyOfRange(r.times(), from, to),
                  Arrays.copyOfRange(r.values(), from, to),
                  to - from,
                  r.dropName()));
        });
    out.sort(Comparator.comparing(RawSeries::labels));
    return out;
  }

  static Expr unwrap(Expr e) {
    while (e instanceof ParenExpr p) {
      e = p.expr();
    }
    return e;
  }

  // ---------------------------------------------------------------- output accumulation

  /** Collects output samples per label set across steps, detecting duplicates within a step. */
  final class Output {
    final Map<Labels, StepSeries> byLabels = new LinkedHashMap<>();

    void add(Labels labels, boolean dropName, int step, double v) {
      StepSeries s = byLabels.get(labels);
      if (s == null) {
        s = new StepSeries(labels, dropName, steps);
        byLabels.put(labels, s);
      } else if (s.present[step]) {
        throw error("vector cannot contain metrics with the same labelset");
      }
      s.dropName |= dropName;
      s.set(step, v);
    }

    VectorVal result() {
      return new VectorVal(new ArrayList<>(byLabels.values()));
    }
  }

  // ---------------------------------------------------------------- binary operators

  private Val evalBinary(BinaryExpr b) {
    Val lv = eval(b.lhs());
    Val rv = eval(b.rhs());
    BinaryOp op = b.op();
    if (lv instanceof ScalarVal ls && rv instanceof ScalarVal rs) {
      double[] out = new double[steps];
      for (int i = 0; i < steps; i++) {
        out[i] = scalarBinop(op, ls.values()[i], rs.values()[i]);
      }
      return new ScalarVal(out);
    }
    if (lv instanceof VectorVal vec && rv instanceof ScalarVal s) {
      return vectorScalar(op, vec, s, false, b.returnBool());
    }
    if (lv instanceof ScalarVal s && rv instanceof VectorVal vec) {
      return vectorScalar(op, vec, s, true, b.returnBool());
    }
    VectorVal l = (VectorVal) lv;
    VectorVal r = (VectorVal) rv;
    VectorMatching m = b.matching();
    if (m == null) {
      m =
          new VectorMatching(
              op.isSetOperator()
                  ? VectorMatching.Cardinality.MANY_TO_MANY
                  : VectorMatching.Cardinality.ONE_TO_ONE,
              List.of(),
              false,
              List.of(),
              null,
              null);
    }
    return switch (op) {
      case AND -> setOp(l, r, m, 0);
      case OR -> setOp(l, r, m, 1);
      case UNLESS -> setOp(l, r, m, 2);
      default -> vectorVector(op, l, r, m, b.returnBool());
    };
  }

  static boolean changesSchema(BinaryOp op) {
    return switch (op) {
      case ADD, SUB, MUL, DIV, POW, MOD, ATAN2 -> true;
      default -> false;
    };
  }

  static double goPow(double x, double y) {
    if (y == 0) {
      return 1;
    }
    if (x == 1) {
      return 1;
    }
    if (x == -1 && Double.isInfinite(y)) {
      return 1;
    }
    return Math.pow(x, y);
  }

  static double scalarBinop(BinaryOp op, double l, double r) {
    return switch (op) {
      case ADD -> l + r;
      case SUB -> l - r;
      case MUL -> l * r;
      case DIV -> l / r;
      case POW -> goPow(l, r);
      case MOD -> l % r;
      case ATAN2 -> Math.atan2(l, r);
      case EQL -> l == r ? 1 : 0;
      case NEQ -> l != r ? 1 : 0;
      case GTR -> l > r ? 1 : 0;
      case LSS -> l < r ? 1 : 0;
      case GTE -> l >= r ? 1 : 0;
      case LTE -> l <= r ? 1 : 0;
      default -> throw error("operator \"" + op + "\" not allowed for Scalar operations");
    };
  }

  /** Returns whether a comparison holds; for arithmetic always true. */
  static boolean keep(BinaryOp op, double l, double r) {
    return switch (op) {
      case EQL -> l == r;
      case NEQ -> l != r;
      case GTR -> l > r;
      case LSS -> l < r;
      case GTE -> l >= r;
      case LTE -> l <= r;
      default -> true;
    };
  }

  static double arith(BinaryOp op, double l, double r) {
    return op.isComparison() ? l : scalarBinop(op, l, r);
  }

  private Val vectorScalar(BinaryOp op, VectorVal vec, ScalarVal s, boolean swap, boolean bool) {
    if (op == BinaryOp.TRIM_LOWER || op == BinaryOp.TRIM_UPPER) {
      return new VectorVal(List.of());
    }
    List<StepSeries> out = new ArrayList<>();
    boolean drop = changesSchema(op) || bool;
    for (StepSeries in : vec.series()) {
      StepSeries o = new StepSeries(in.labels, in.dropName || drop, steps);
      for (int i = 0; i < steps; i++) {
        if (!in.present[i]) {
          continue;
        }
        double l = in.values[i];
        double r = s.values()[i];
        if (swap) {
          double t = l;
          l = r;
          r = t;
        }
        double value = arith(op, l, r);
        boolean k = keep(op, l, r);
        if (op.isComparison() && swap) {
          value = r;
        }
        if (bool) {
          value = k ? 1 : 0;
          k = true;
        }
        if (k) {
          o.set(i, value);
        }
      }
      if (o.count > 0) {
        out.add(o);
      }
    }
    return new VectorVal(out);
  }

  /** The matching signature of a series' labels. */
  static Labels signature(Labels ls, VectorMatching m) {
    if (m.on()) {
      LabelsBuilder b = new LabelsBuilder();
      for (String n : m.matchingLabels()) {
        String v = ls.get(n);
        if (v != null) {
          b.set(n, v);
        }
      }
      return b.build();
    }
    LabelsBuilder b = ls.toBuilder();
    b.delete(NAME);
    for (String n : m.matchingLabels()) {
      b.delete(n);
    }
    return b.build();
  }

  private Val setOp(VectorVal l, VectorVal r, VectorMatching m, int kind) {
    Labels[] lsig = new Labels[l.series().size()];
    for (int i = 0; i < lsig.length; i++) {
      lsig[i] = signature(l.series().get(i).labels, m);
    }
    Labels[] rsig = new Labels[r.series().size()];
    for (int i = 0; i < rsig.length; i++) {
      rsig[i] = signature(r.series().get(i).labels, m);
    }
    Output out = new Output();
    Set<Labels> sigs = new HashSet<>();
    for (int step = 0; step < steps; step++) {
      sigs.clear();
      if (kind == 1) {
        for (int i = 0; i < lsig.length; i++) {
          StepSeries s = l.series().get(i);
          if (s.present[step]) {
            sigs.add(lsig[i]);
            out.add(s.labels, s.dropName, step, s.values[step]);
          }
        }
        for (int i = 0; i < rsig.length; i++) {
          StepSeries s = r.series().get(i);
          if (s.present[step] && !sigs.contains(rsig[i])) {
            out.add(s.labels, s.dropName, step, s.values[step]);
          }
        }
        continue;
      }
      for (int i = 0; i < rsig.length; i++) {
        if (r.series().get(i).present[step]) {
          sigs.add(rsig[i]);
        }
      }
      for (int i = 0; i < lsig.length; i++) {
        StepSeries s = l.series().get(i);
        if (s.present[step] && (sigs.contains(lsig[i]) == (kind == 0))) {
          out.add(s.labels, s.dropName, step, s.values[step]);
        }
      }
    }
    return out.result();
  }

  private Val vectorVector(
      BinaryOp op, VectorVal lhs, VectorVal rhs, VectorMatching m, boolean bool) {
    if (op == BinaryOp.TRIM_LOWER || op == BinaryOp.TRIM_UPPER) {
      return new VectorVal(List.of());
    }
    boolean oneToMany = m.cardinality() == VectorMatching.Cardinality.ONE_TO_MANY;
    boolean oneToOne = m.cardinality() == VectorMatching.Cardinality.ONE_TO_ONE;
    // "many" side is lhs after the swap; "one" side is rhs.
    List<StepSeries> many = oneToMany ? rhs.series() : lhs.series();
    List<StepSeries> one = oneToMany ? lhs.series() : rhs.series();
    // The parser stores fill values for the swapped orientation of group_right, as upstream.
    Double fillMany = m.fillLeft();
    Double fillOne = m.fillRight();
    Labels[] manySig = new Labels[many.size()];
    for (int i = 0; i < manySig.length; i++) {
      manySig[i] = signature(many.get(i).labels, m);
    }
    Labels[] oneSig = new Labels[one.size()];
    for (int i = 0; i < oneSig.length; i++) {
      oneSig[i] = signature(one.get(i).labels, m);
    }
    Map<Long, Labels> resultLabels = new HashMap<>();
    Output out = new Output();
    Map<Labels, Integer> oneBySig = new HashMap<>();
    Map<Labels, Set<Labels>> matched = new HashMap<>();
    for (int step = 0; step < steps; step++) {
      oneBySig.clear();
      matched.clear();
      for (int j = 0; j < one.size(); j++) {
        if (!one.get(j).present[step]) {
          continue;
        }
        Integer prev = oneBySig.put(oneSig[j], j);
        if (prev != null) {
          String a = one.get(prev).labels.toString();
          String c = one.get(j).labels.toString();
          if (a.compareTo(c) > 0) {
            String t = a;
            a = c;
            c = t;
          }
          throw error(
              "found duplicate series for the match group "
                  + oneSig[j]
                  + " on the "
                  + (oneToMany ? "left" : "right")
                  + " hand-side of the operation: ["
                  + a
                  + ", "
                  + c
                  + "];many-to-many matching not allowed: matching labels must be unique on one"
                  + " side");
        }
      }
      for (int i = 0; i < many.size(); i++) {
        StepSeries ms = many.get(i);
        if (!ms.present[step]) {
          continue;
        }
        Integer j = oneBySig.get(manySig[i]);
        double oneValue;
        Labels oneLabels;
        if (j == null) {
          if (fillOne == null) {
            continue;
          }
          oneValue = fillOne;
          oneLabels = manySig[i];
        } else {
          oneValue = one.get(j).values[step];
          oneLabels = one.get(j).labels;
        }
        long key = ((long) i << 32) | (j == null ? 0xffffffffL : j);
        binop(
            op,
            m,
            bool,
            oneToMany,
            oneToOne,
            ms.labels,
            ms.values[step],
            oneLabels,
            oneValue,
            manySig[i],
            key,
            resultLabels,
            matched,
            out,
            step);
      }
      if (fillMany != null) {
        for (Map.Entry<Labels, Integer> e : oneBySig.entrySet()) {
          if (matched.containsKey(e.getKey())) {
            continue;
          }
          StepSeries os = one.get(e.getValue());
          long key = (0x7fffffffL << 32) | e.getValue();
          binop(
              op,
              m,
              bool,
              oneToMany,
              oneToOne,
              e.getKey(),
              fillMany,
              os.labels,
              os.values[step],
              e.getKey(),
              key,
              resultLabels,
              matched,
              out,
              step);
        }
      }
    }
    return out.result();
  }

  private void binop(
      BinaryOp op,
      VectorMatching m,
      boolean bool,
      boolean oneToMany,
      boolean oneToOne,
      Labels manyLabels,
      double manyValue,
      Labels oneLabels,
      double oneValue,
      Labels sig,
      long key,
      Map<Long, Labels> cache,
      Map<Labels, Set<Labels>> matched,
      Output out,
      int step) {
    double l = oneToMany ? oneValue : manyValue;
    double r = oneToMany ? manyValue : oneValue;
    double value = arith(op, l, r);
    boolean k = keep(op, l, r);
    if (bool) {
      value = k ? 1 : 0;
    }
    Labels metric = cache.get(key);
    if (metric == null) {
      metric = resultMetric(manyLabels, oneLabels, op, m);
      cache.put(key, metric);
    }
    Set<Labels> seen = matched.computeIfAbsent(sig, x -> new HashSet<>());
    if (oneToOne) {
      if (!seen.isEmpty()) {
        throw error(
            "multiple matches for labels: many-to-one matching must be explicit"
                + " (group_left/group_right)");
      }
    } else if (seen.contains(metric)) {
      throw error("multiple matches for labels: grouping labels must ensure unique matches");
    }
    seen.add(metric);
    if (!k && !bool) {
      return;
    }
    out.add(metric, bool, step, value);
  }

  private static Labels resultMetric(Labels lhs, Labels rhs, BinaryOp op, VectorMatching m) {
    LabelsBuilder b = lhs.toBuilder();
    if (changesSchema(op)) {
      b.delete(NAME, "__type__", "__unit__");
    }
    if (m.cardinality() == VectorMatching.Cardinality.ONE_TO_ONE) {
      if (m.on()) {
        Set<String> keepNames = new HashSet<>(m.matchingLabels());
        for (int i = 0; i < lhs.size(); i++) {
          if (!keepNames.contains(lhs.name(i))) {
            b.delete(lhs.name(i));
          }
        }
      } else {
        for (String n : m.matchingLabels()) {
          b.delete(n);
        }
      }
    }
    for (String n : m.include()) {
      String v = rhs.get(n);
      b.set(n, v == null ? "" : v);
    }
    return b.build();
  }

  // ---------------------------------------------------------------- aggregations

  private double[] scalarParam(@Nullable Expr e) {
    if (e == null) {
      return new double[steps];
    }
    Val v = eval(e);
    if (v instanceof ScalarVal s) {
      return s.values();
    }
    throw error("expected scalar parameter");
  }

  private static Labels groupLabels(Labels in, List<String> grouping, boolean without) {
    if (without) {
      LabelsBuilder b = in.toBuilder();
      b.delete(NAME);
      for (String g : grouping) {
        b.delete(g);
      }
      return b.build();
    }
    if (grouping.isEmpty()) {
      return Labels.EMPTY;
    }
    LabelsBuilder b = new LabelsBuilder();
    for (String g : grouping) {
      String v = in.get(g);
      if (v != null) {
        b.set(g, v);
      }
    }
    return b.build();
  }

  private Val evalAggregate(AggregateExpr a) {
    Aggregation op = a.op();
    if (op == Aggregation.COUNT_VALUES) {
      return countValues(a);
    }
    double[] param = op.hasParameter() ? scalarParam(a.param()) : new double[steps];
    VectorVal in = (VectorVal) eval(a.expr());
    List<StepSeries> series = in.series();
    int n = series.size();
    Map<Labels, Integer> groupIndex = new LinkedHashMap<>();
    int[] groupOf = new int[n];
    List<Labels> groupLabels = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Labels g = groupLabels(series.get(i).labels, a.grouping(), a.without());
      Integer idx = groupIndex.get(g);
      if (idx == null) {
        idx = groupLabels.size();
        groupIndex.put(g, idx);
        groupLabels.add(g);
      }
      groupOf[i] = idx;
    }
    int groups = groupLabels.size();
    switch (op) {
      case TOPK, BOTTOMK, LIMITK, LIMIT_RATIO -> {
        return aggregateK(a, series, groupOf, groups, param);
      }
      case QUANTILE -> {
        for (double q : param) {
          if (Double.isNaN(q) || q < 0 || q > 1) {
            ctx.annotations.add(
                Annotations.Kind.WARNING,
                Annotations.invalidQuantile(q),
                a.param().positionRange().start());
          }
        }
      }
      case SUM, COUNT, MAX, MIN, GROUP -> {
        return aggregateSeriesMajor(op, series, groupOf, groupLabels);
      }
      default -> {}
    }
    StepSeries[] out = new StepSeries[groups];
    for (int g = 0; g < groups; g++) {
      out[g] = new StepSeries(groupLabels.get(g), false, steps);
    }
    double[] value = new double[groups];
    double[] comp = new double[groups];
    double[] mean = new double[groups];
    double[] count = new double[groups];
    boolean[] seen = new boolean[groups];
    boolean[] incremental = new boolean[groups];
    boolean[] dropName = new boolean[groups];
    double[][] heaps = op == Aggregation.QUANTILE ? new double[groups][] : null;
    int[] heapSize = new int[groups];
    KahanSum k = new KahanSum();
    for (int step = 0; step < steps; step++) {
      Arrays.fill(seen, false);
      for (int i = 0; i < n; i++) {
        StepSeries s = series.get(i);
        if (!s.present[step]) {
          continue;
        }
        double f = s.values[step];
        int g = groupOf[i];
        if (!seen[g]) {
          seen[g] = true;
          value[g] = f;
          mean[g] = f;
          comp[g] = 0;
          count[g] = 1;
          incremental[g] = false;
          dropName[g] = s.dropName;
          switch (op) {
            case STDDEV, STDVAR ->
                value[g] = Double.isNaN(f) || Double.isInfinite(f) ? Double.NaN : 0;
            case GROUP -> value[g] = 1;
            case QUANTILE -> {
              heaps[g] = new double[8];
              heaps[g][0] = f;
              heapSize[g] = 1;
            }
            default -> {}
          }
          continue;
        }
        dropName[g] |= s.dropName;
        switch (op) {
          case SUM -> {
            k.set(value[g], comp[g]);
            k.add(f);
            value[g] = k.rawSum();
            comp[g] = k.compensation();
          }
          case AVG -> {
            count[g]++;
            if (!incremental[g]) {
              k.set(value[g], comp[g]);
              k.add(f);
              if (!Double.isInfinite(k.rawSum())) {
                value[g] = k.rawSum();
                comp[g] = k.compensation();
                break;
              }
              incremental[g] = true;
              mean[g] = value[g] / (count[g] - 1);
              comp[g] /= count[g] - 1;
            }
            double q = (count[g] - 1) / count[g];
            k.set(q * mean[g], q * comp[g]);
            k.add(f / count[g]);
            mean[g] = k.rawSum();
            comp[g] = k.compensation();
          }
          case MAX -> {
            if (value[g] < f || Double.isNaN(value[g])) {
              value[g] = f;
            }
          }
          case MIN -> {
            if (value[g] > f || Double.isNaN(value[g])) {
              value[g] = f;
            }
          }
          case COUNT -> count[g]++;
          case GROUP -> {}
          case STDDEV, STDVAR -> {
            count[g]++;
            double delta = f - mean[g];
            mean[g] += delta / count[g];
            value[g] += delta * (f - mean[g]);
          }
          case QUANTILE -> {
            if (heapSize[g] == heaps[g].length) {
              heaps[g] = Arrays.copyOf(heaps[g], heapSize[g] * 2);
            }
            heaps[g][heapSize[g]++] = f;
          }
          default -> throw error("unexpected aggregation " + op);
        }
      }
      for (int g = 0; g < groups; g++) {
        if (!seen[g]) {
          continue;
        }
        double r =
            switch (op) {
              case SUM -> Double.isInfinite(value[g]) ? value[g] : value[g] + comp[g];
              case AVG ->
                  incremental[g] ? mean[g] + comp[g] : value[g] / count[g] + comp[g] / count[g];
              case COUNT -> count[g];
              case STDVAR -> value[g] / count[g];
              case STDDEV -> Math.sqrt(value[g] / count[g]);
              case QUANTILE -> RangeKernels.quantileInPlace(param[step], heaps[g], heapSize[g]);
              default -> value[g];
            };
        out[g].set(step, r);
        out[g].dropName |= dropName[g];
      }
    }
    List<StepSeries> result = new ArrayList<>();
    for (StepSeries s : out) {
      if (s.count > 0) {
        result.add(s);
      }
    }
    return new VectorVal(result);
  }

  /**
   * {@code sum}, {@code count}, {@code max}, {@code min} and {@code group}, walking each input
   * series once over all steps (sequential memory access). Per group and step the inputs are folded
   * in series order, as the step-major loop does, so results are identical.
   */
  private Val aggregateSeriesMajor(
      Aggregation op, List<StepSeries> series, int[] groupOf, List<Labels> groupLabels) {
    int groups = groupLabels.size();
    StepSeries[] out = new StepSeries[groups];
    double[][] comp = op == Aggregation.SUM ? new double[groups][] : null;
    for (int g = 0; g < groups; g++) {
      out[g] = new StepSeries(groupLabels.get(g), false, steps);
      if (comp != null) {
        comp[g] = new double[steps];
      }
    }
    for (int i = 0; i < series.size(); i++) {
      StepSeries s = series.get(i);
      int g = groupOf[i];
      StepSeries o = out[g];
      double[] in = s.values;
      boolean[] inPresent = s.present;
      double[] acc = o.values;
      boolean[] seen = o.present;
      double[] c = comp == null ? null : comp[g];
      boolean any = false;
      for (int step = 0; step < steps; step++) {
        if (!inPresent[step]) {
          continue;
        }
        any = true;
        double f = in[step];
        if (!seen[step]) {
          seen[step] = true;
          o.count++;
          acc[step] = op == Aggregation.GROUP || op == Aggregation.COUNT ? 1 : f;
          continue;
        }
        switch (op) {
          case SUM -> {
            double sum = acc[step];
            double t = sum + f;
            if (Double.isInfinite(t)) {
              c[step] = 0;
            } else if (Math.abs(sum) >= Math.abs(f)) {
              c[step] += (sum - t) + f;
            } else {
              c[step] += (f - t) + sum;
            }
            acc[step] = t;
          }
          case MAX -> {
            if (acc[step] < f || Double.isNaN(acc[step])) {
              acc[step] = f;
            }
          }
          case MIN -> {
            if (acc[step] > f || Double.isNaN(acc[step])) {
              acc[step] = f;
            }
          }
          case COUNT -> acc[step]++;
          default -> {}
        }
      }
      if (any) {
        o.dropName |= s.dropName;
      }
    }
    List<StepSeries> result = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      StepSeries o = out[g];
      if (o.count == 0) {
        continue;
      }
      if (comp != null) {
        double[] acc = o.values;
        double[] c = comp[g];
        for (int step = 0; step < steps; step++) {
          if (o.present[step] && !Double.isInfinite(acc[step])) {
            acc[step] += c[step];
          }
        }
      }
      result.add(o);
    }
    return new VectorVal(result);
  }

  private Val aggregateK(
      AggregateExpr a, List<StepSeries> series, int[] groupOf, int groups, double[] param) {
    Aggregation op = a.op();
    Output out = new Output();
    List<StepSeries> ordered = new ArrayList<>();
    if (op == Aggregation.LIMIT_RATIO) {
      for (double p : param) {
        if (Double.isNaN(p)) {
          throw error("Ratio value is NaN");
        }
        if (p > 1) {
          ctx.annotations.add(
              Annotations.Kind.WARNING,
              "ratio value should be between -1 and 1, got " + Format.goFloat(p) + ", capping to 1",
              a.param().positionRange().start());
        } else if (p < -1) {
          ctx.annotations.add(
              Annotations.Kind.WARNING,
              "ratio value should be between -1 and 1, got "
                  + Format.goFloat(p)
                  + ", capping to -1",
              a.param().positionRange().start());
        }
      }
    } else {
      double maxParam = Double.NEGATIVE_INFINITY;
      for (double p : param) {
        maxParam = Math.max(maxParam, p);
      }
      if (maxParam < 1) {
        return new VectorVal(List.of());
      }
      for (double p : param) {
        if (Double.isNaN(p)) {
          throw error("Parameter value is NaN");
        }
        if (p <= -9.223372036854776E18) {
          throw error("Scalar value " + Format.goValue(p) + " underflows int64");
        }
        if (p >= 9.223372036854776E18) {
          throw error("Scalar value " + Format.goValue(p) + " overflows int64");
        }
      }
    }
    if (steps > 1 && (op == Aggregation.TOPK || op == Aggregation.BOTTOMK)) {
      VectorVal fast = topKSeriesMajor(series, groupOf, groups, param, op == Aggregation.TOPK);
      if (fast != null) {
        return fast;
      }
    }
    List<List<Integer>> members = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      members.add(new ArrayList<>());
    }
    for (int step = 0; step < steps; step++) {
      for (List<Integer> mlist : members) {
        mlist.clear();
      }
      for (int i = 0; i < series.size(); i++) {
        if (series.get(i).present[step]) {
          members.get(groupOf[i]).add(i);
        }
      }
      final int st = step;
      for (int g = 0; g < groups; g++) {
        List<Integer> idx = members.get(g);
        if (idx.isEmpty()) {
          continue;
        }
        List<Integer> chosen;
        switch (op) {
          case TOPK, BOTTOMK -> {
            long kk = Math.min((long) param[step], series.size());
            if (kk < 1) {
              continue;
            }
            chosen = selectK(series, idx, st, (int) kk, op == Aggregation.TOPK);
          }
          case LIMITK -> {
            long kk = Math.min((long) param[step], series.size());
            if (kk < 1) {
              continue;
            }
            chosen = idx.subList(0, (int) Math.min(kk, idx.size()));
          }
          default -> {
            double r = Math.max(-1, Math.min(1, param[step]));
            chosen = new ArrayList<>();
            for (int i : idx) {
              double sample = ratioSample(series.get(i).labels);
              if ((r >= 0 && sample < r) || (r < 0 && sample >= 1 + r)) {
                chosen.add(i);
              }
            }
          }
        }
        for (int i : chosen) {
          StepSeries s = series.get(i);
          out.add(s.labels, s.dropName, step, s.values[step]);
          if (steps == 1) {
            ordered.add(out.byLabels.get(s.labels));
          }
        }
      }
    }
    return steps == 1 ? new VectorVal(ordered) : out.result();
  }

  /** Heap slots (groups x steps x k) above which topk/bottomk falls back to step-major. */
  private static final long TOPK_MAX_HEAP_SLOTS = 1L << 22;

  /**
   * {@code topk}/{@code bottomk} over a range, walking each input series once over all steps and
   * keeping one bounded heap per group and step. Per heap the series are offered in series order
   * with the same sift rules as {@link #selectK}, so the chosen series and the output order are
   * those of the step-major loop. Returns null when the heaps would be too large.
   */
  private @Nullable VectorVal topKSeriesMajor(
      List<StepSeries> series, int[] groupOf, int groups, double[] param, boolean top) {
    int n = series.size();
    int[] kAt = new int[steps];
    int maxK = 0;
    for (int step = 0; step < steps; step++) {
      long kk = Math.min((long) param[step], n);
      kAt[step] = (int) Math.max(0, kk);
      maxK = Math.max(maxK, kAt[step]);
    }
    if (maxK == 0) {
      return new VectorVal(List.of());
    }
    long slots = (long) groups * steps * maxK;
    if (slots > TOPK_MAX_HEAP_SLOTS) {
      return null;
    }
    int[] heapIdx = new int[(int) slots];
    double[] heapVal = new double[(int) slots];
    int[] heapSize = new int[groups * steps];
    for (int i = 0; i < n; i++) {
      if ((i & 255) == 0) {
        ctx.check();
      }
      StepSeries s = series.get(i);
      boolean[] present = s.present;
      double[] values = s.values;
      int g = groupOf[i];
      for (int step = 0; step < steps; step++) {
        if (!present[step]) {
          continue;
        }
        int k = kAt[step];
        if (k == 0) {
          continue;
        }
        int h = g * steps + step;
        int base = h * maxK;
        int size = heapSize[h];
        double v = values[step];
        if (size < k) {
          int c = size;
          heapIdx[base + c] = i;
          heapVal[base + c] = v;
          heapSize[h] = size + 1;
          while (c > 0) {
            int p = (c - 1) / 2;
            if (!ranksBefore(heapVal[base + p], heapVal[base + c], top)) {
              break;
            }
            swap(heapIdx, heapVal, base + p, base + c);
            c = p;
          }
        } else if (ranksBefore(v, heapVal[base], top)) {
          heapIdx[base] = i;
          heapVal[base] = v;
          int c = 0;
          while (true) {
            int l = 2 * c + 1;
            int r = l + 1;
            int worst = c;
            if (l < size && ranksBefore(heapVal[base + worst], heapVal[base + l], top)) {
              worst = l;
            }
            if (r < size && ranksBefore(heapVal[base + worst], heapVal[base + r], top)) {
              worst = r;
            }
            if (worst == c) {
              break;
            }
            swap(heapIdx, heapVal, base + c, base + worst);
            c = worst;
          }
        }
      }
    }
    Output out = new Output();
    List<Integer> chosen = new ArrayList<>(maxK);
    for (int step = 0; step < steps; step++) {
      final int st = step;
      for (int g = 0; g < groups; g++) {
        int h = g * steps + step;
        int base = h * maxK;
        chosen.clear();
        for (int j = 0; j < heapSize[h]; j++) {
          chosen.add(heapIdx[base + j]);
        }
        chosen.sort(
            (x, y) -> {
              double vx = series.get(x).values[st];
              double vy = series.get(y).values[st];
              return ranksBefore(vx, vy, top) ? -1 : ranksBefore(vy, vx, top) ? 1 : 0;
            });
        for (int i : chosen) {
          StepSeries s = series.get(i);
          out.add(s.labels, s.dropName, step, s.values[step]);
        }
      }
    }
    return out.result();
  }

  private static void swap(int[] idx, double[] val, int a, int b) {
    int ti = idx[a];
    idx[a] = idx[b];
    idx[b] = ti;
    double tv = val[a];
    val[a] = val[b];
    val[b] = tv;
  }

  /** Whether value a ranks before b in topk (or bottomk when {@code !top}); NaN ranks last. */
  private static boolean ranksBefore(double a, double b, boolean top) {
    if (Double.isNaN(a)) {
      return false;
    }
    if (Double.isNaN(b)) {
      return true;
    }
    return top ? a > b : a < b;
  }

  /**
   * Picks the {@code k} best of the given series at {@code step} with a bounded heap whose root is
   * the worst kept element, and returns them best first.
   */
  static List<Integer> selectK(
      List<StepSeries> series, List<Integer> idx, int step, int k, boolean top) {
    int[] heap = new int[Math.min(k, idx.size())];
    int size = 0;
    for (int i : idx) {
      double v = series.get(i).values[step];
      if (size < heap.length) {
        heap[size] = i;
        int c = size++;
        while (c > 0) {
          int p = (c - 1) / 2;
          if (ranksBefore(
              series.get(heap[p]).values[step], series.get(heap[c]).values[step], top)) {
            int t = heap[p];
            heap[p] = heap[c];
            heap[c] = t;
            c = p;
          } else {
            break;
          }
        }
      } else if (ranksBefore(v, series.get(heap[0]).values[step], top)) {
        heap[0] = i;
        int c = 0;
        while (true) {
          int l = 2 * c + 1;
          int r = l + 1;
          int worst = c;
          if (l < size
              && ranksBefore(
                  series.get(heap[worst]).values[step], series.get(heap[l]).values[step], top)) {
            worst = l;
          }
          if (r < size
              && ranksBefore(
                  series.get(heap[worst]).values[step], series.get(heap[r]).values[step], top)) {
            worst = r;
          }
          if (worst == c) {
            break;
          }
          int t = heap[c];
          heap[c] = heap[worst];
          heap[worst] = t;
          c = worst;
        }
      }
    }
    List<Integer> out = new ArrayList<>(size);
    for (int j = 0; j < size; j++) {
      out.add(heap[j]);
    }
    out.sort(
        (x, y) -> {
          double vx = series.get(x).values[step];
          double vy = series.get(y).values[step];
          return ranksBefore(vx, vy, top) ? -1 : ranksBefore(vy, vx, top) ? 1 : 0;
        });
    return out;
  }

  /** The sampling offset in [0, 1] of a label set for limit_ratio, as upstream's hash ratio. */
  static double ratioSample(Labels labels) {
    return XxHash64.unsignedToDouble(StringLabelsHash.of(labels)) / 0x1.0p64;
  }

  private Val countValues(AggregateExpr a) {
    String label = ((StringLiteral) unwrap(a.param())).value();
    if (!isValidLabelName(label)) {
      throw error("invalid label name \"" + label + "\"");
    }
    VectorVal in = (VectorVal) eval(a.expr());
    Map<Labels, StepSeries> out = new LinkedHashMap<>();
    for (int step = 0; step < steps; step++) {
      Map<Labels, Integer> counts = new LinkedHashMap<>();
      for (StepSeries s : in.series()) {
        if (!s.present[step]) {
          continue;
        }
        LabelsBuilder b = groupLabels(s.labels, a.grouping(), a.without()).toBuilder();
        b.set(label, formatPlain(s.values[step]));
        counts.merge(b.build(), 1, Integer::sum);
      }
      for (Map.Entry<Labels, Integer> e : counts.entrySet()) {
        final int st = step;
        out.computeIfAbsent(e.getKey(), l -> new StepSeries(l, false, steps)).set(st, e.getValue());
      }
    }
    return new VectorVal(new ArrayList<>(out.values()));
  }

  /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}. */
  static String formatPlain(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return Double.doubleToRawLongBits(v) < 0 ? "-0" : "0";
    }
    return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  static boolean isValidLabelName(String s) {
    return !s.isEmpty()
        && s.codePoints().noneMatch(c -> c == 0xFFFD)
        && s.chars().allMatch(c -> c != 0)
        && java.nio.charset.StandardCharsets.UTF_8.newEncoder().canEncode(s);
  }

  // ---------------------------------------------------------------- functions

  private Val evalCall(Call c) {
    return FunctionEvaluator.call(this, c);
  }

  Context context() {
    return ctx;
  }

  /** Applies {@code f} to every present sample; output keeps labels and marks the name dropped. */
  VectorVal mapVector(VectorVal in, DoubleUnaryOperator f) {
    List<StepSeries> out = new ArrayList<>();
    for (StepSeries s : in.series()) {
      StepSeries o = new StepSeries(s.labels, true, steps);
      for (int i = 0; i < steps; i++) {
        if (s.present[i]) {
          o.set(i, f.applyAsDouble(s.values[i]));
        }
      }
      out.add(o);
    }
    return new VectorVal(out);
  }

  /** Compiles a label_replace regex anchored and with dot-all, as Go's {@code ^(?s:re)$}. */
  static Pattern compileAnchored(String re) {
    try {
      io.argus.model.labels.Matcher.regex("x", re);
      return Pattern.compile("^(?s:" + re + ")$");
    } catch (IllegalArgumentException e) {
      throw error("invalid regular expression in label_replace(): " + re);
    }
  }
}
