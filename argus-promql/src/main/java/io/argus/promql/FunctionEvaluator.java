package io.argus.promql;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.labels.MatchType;
import io.argus.model.labels.Matcher;
import io.argus.promql.Evaluator.ScalarVal;
import io.argus.promql.Evaluator.Val;
import io.argus.promql.Evaluator.VectorVal;
import io.argus.promql.Evaluator.Windows;
import io.argus.promql.parser.Call;
import io.argus.promql.parser.Expr;
import io.argus.promql.parser.MatrixSelector;
import io.argus.promql.parser.StringLiteral;
import io.argus.promql.parser.VectorSelector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Evaluates PromQL function calls on top of the kernels. Stateless. */
final class FunctionEvaluator {
  private FunctionEvaluator() {}

  /** A kernel over one window of a range vector. */
  @FunctionalInterface
  interface WindowFn {
    double apply(long[] t, double[] v, int from, int to, int step, long evalTime);

    /** Called before the windows of a series with its first {@code n} samples. */
    default void startSeries(long[] t, double[] v, int n) {}

    /**
     * Returns a function computing the same as this one that another thread may use while this one
     * is in use: this one when it keeps no per-series state.
     */
    default WindowFn forAnotherThread() {
      return this;
    }
  }

  /**
   * {@code rate}, {@code increase} and {@code delta} over sliding windows: counter resets are
   * located once per series, so a window without resets costs O(1) instead of a scan. Resets are
   * added in the same order as the scanning kernel adds them. Not thread-safe.
   */
  static final class RateWindowFn implements WindowFn {
    private final long[] refs;
    private final long range;
    private final boolean counter;
    private final boolean rate;

    /** nextReset[i]: the smallest j >= i with v[j] < v[j - 1], or n. */
    private int[] nextReset = new int[0];

    RateWindowFn(long[] refs, long range, boolean counter, boolean rate) {
      this.refs = refs;
      this.range = range;
      this.counter = counter;
      this.rate = rate;
    }

    @Override
    public void startSeries(long[] t, double[] v, int n) {
      if (!counter) {
        return;
      }
      if (nextReset.length < n + 1) {
        nextReset = new int[Math.max(n + 1, nextReset.length * 2)];
      }
      nextReset[n] = n;
      for (int i = n - 1; i >= 1; i--) {
        nextReset[i] = v[i] < v[i - 1] ? i : nextReset[i + 1];
      }
    }

    @Override
    public WindowFn forAnotherThread() {
      return new RateWindowFn(refs, range, counter, rate);
    }

    @Override
    public double apply(long[] t, double[] v, int from, int to, int step, long evalTime) {
      long rangeEnd = refs[step];
      long rangeStart = rangeEnd - range;
      if (!counter || to - from < 2) {
        return RangeKernels.extrapolatedRate(t, v, from, to, rangeStart, rangeEnd, counter, rate);
      }
      double change = v[to - 1] - v[from];
      for (int j = nextReset[from + 1]; j < to; j = nextReset[j + 1]) {
        change += v[j - 1];
      }
      long firstT = t[from];
      long lastT = t[to - 1];
      int n = to - from;
      if (firstT - rangeStart != gapStart
          || rangeEnd - lastT != gapEnd
          || lastT - firstT != span
          || n != count) {
        cacheGeometry(firstT - rangeStart, rangeEnd - lastT, lastT - firstT, n);
      }
      // The counter's zero point cannot bound the extrapolation when it lies more than twice the
      // extrapolated distance before the first sample; then the cached factor applies as is.
      if (change > MIN_CACHED_CHANGE && v[from] > change * zeroBound) {
        return change * factor;
      }
      return RangeKernels.extrapolatedRate(
          t, v, from, to, rangeStart, rangeEnd, change, counter, rate);
    }

    /** Smallest change for which {@code change * zeroBound} is computed without underflow. */
    private static final double MIN_CACHED_CHANGE = 0x1p-800;

    /** The window shape the cached factor is for: ms gaps to the bounds, ms span, sample count. */
    private long gapStart = -1;

    private long gapEnd = -1;
    private long span = -1;
    private int count = -1;

    /** The extrapolation factor of the cached shape when the counter's zero point does not cut. */
    private double factor;

    /** 2 x (extrapolated s before the first sample) / (sampled s); +Inf: no shortcut. */
    private double zeroBound;

    /**
     * Computes the extrapolation of {@link RangeKernels#extrapolatedRate} for one window shape with
     * the same operations in the same order, so cached results are bit-identical.
     */
    private void cacheGeometry(long gapStartMs, long gapEndMs, long spanMs, int n) {
      gapStart = gapStartMs;
      gapEnd = gapEndMs;
      span = spanMs;
      count = n;
      double toStart = gapStartMs / 1000.0;
      double toEnd = gapEndMs / 1000.0;
      double sampled = spanMs / 1000.0;
      double avgGap = sampled / (n - 1);
      double threshold = avgGap * 1.1;
      if (toStart >= threshold) {
        toStart = avgGap / 2;
      }
      if (toEnd >= threshold) {
        toEnd = avgGap / 2;
      }
      double f = sampled != 0 ? (sampled + toStart + toEnd) / sampled : 1.0;
      if (rate) {
        f /= range / 1000.0;
      }
      factor = f;
      double bound = sampled > 0 && toStart > 0 ? 2 * toStart / sampled : Double.POSITIVE_INFINITY;
      zeroBound = Double.isFinite(bound) && bound < 0x1p100 ? bound : Double.POSITIVE_INFINITY;
    }
  }

  static Val call(Evaluator ev, Call c) {
    String name = c.function().name();
    List<Expr> args = c.args();
    int steps = ev.steps;
    switch (name) {
      case "time" -> {
        double[] v = new double[steps];
        for (int i = 0; i < steps; i++) {
          v[i] = ev.ts(i) / 1000.0;
        }
        return new ScalarVal(v);
      }
      case "pi" -> {
        return constant(ev, Math.PI);
      }
      case "start" -> {
        return constant(ev, ev.context().queryStart / 1000.0);
      }
      case "end" -> {
        return constant(ev, ev.context().queryEnd / 1000.0);
      }
      case "range" -> {
        return constant(ev, (ev.context().queryEnd - ev.context().queryStart) / 1000.0);
      }
      case "step" -> {
        return constant(ev, ev.context().queryStep / 1000.0);
      }
      case "min_of", "max_of" -> {
        double[] a = scalar(ev, args.get(0));
        double[] b = scalar(ev, args.get(1));
        double[] v = new double[steps];
        for (int i = 0; i < steps; i++) {
          v[i] = name.equals("min_of") ? Math.min(a[i], b[i]) : Math.max(a[i], b[i]);
        }
        return new ScalarVal(v);
      }
      case "vector" -> {
        double[] a = scalar(ev, args.get(0));
        StepSeries s = new StepSeries(Labels.EMPTY, false, steps);
        for (int i = 0; i < steps; i++) {
          s.set(i, a[i]);
        }
        return new VectorVal(List.of(s));
      }
      case "scalar" -> {
        VectorVal in = vector(ev, args.get(0));
        double[] v = new double[steps];
        for (int i = 0; i < steps; i++) {
          int found = 0;
          double value = Double.NaN;
          for (StepSeries s : in.series()) {
            if (s.present[i]) {
              found++;
              value = s.values[i];
            }
          }
          v[i] = found == 1 ? value : Double.NaN;
        }
        return new ScalarVal(v);
      }
      case "timestamp" -> {
        Expr arg = Evaluator.unwrap(args.get(0));
        if (arg instanceof VectorSelector vs) {
          return ev.evalVectorSelector(vs, true);
        }
        VectorVal in = vector(ev, arg);
        List<StepSeries> out = new ArrayList<>();
        for (StepSeries s : in.series()) {
          StepSeries o = new StepSeries(s.labels, true, steps);
          for (int i = 0; i < steps; i++) {
            if (s.present[i]) {
              o.set(i, ev.ts(i) / 1000.0);
            }
          }
          out.add(o);
        }
        return new VectorVal(out);
      }
      case "absent" -> {
        VectorVal in = vector(ev, args.get(0));
        StepSeries s = new StepSeries(absentLabels(args.get(0)), false, steps);
        for (int i = 0; i < steps; i++) {
          boolean any = false;
          for (StepSeries x : in.series()) {
            any |= x.present[i];
          }
          if (!any) {
            s.set(i, 1);
          }
        }
        return new VectorVal(s.count > 0 ? List.of(s) : List.of());
      }
      case "absent_over_time" -> {
        Windows w = ev.windows(args.get(0));
        boolean[] any = new boolean[steps];
        w.forEach(
            r -> {
              for (int i = 0; i < steps; i++) {
                long ref = w.refs()[i];
                if (!any[i] && r.upperBound(ref) > r.upperBound(ref - w.range())) {
                  any[i] = true;
                }
              }
            });
        StepSeries s = new StepSeries(absentLabels(args.get(0)), false, steps);
        for (int i = 0; i < steps; i++) {
          if (!any[i]) {
            s.set(i, 1);
          }
        }
        return new VectorVal(s.count > 0 ? List.of(s) : List.of());
      }
      case "info" -> {
        return InfoFunction.eval(ev, args);
      }
      case "label_replace" -> {
        return labelReplace(ev, args);
      }
      case "label_join" -> {
        return labelJoin(ev, args);
      }
      case "sort", "sort_desc", "sort_by_label", "sort_by_label_desc" -> {
        return sort(ev, c, name, args);
      }
      case "histogram_quantile", "histogram_fraction", "histogram_quantiles" -> {
        return histogram(ev, name, args);
      }
      case "histogram_count",
          "histogram_sum",
          "histogram_avg",
          "histogram_stddev",
          "histogram_stdvar" -> {
        vector(ev, args.get(0));
        return new VectorVal(List.of());
      }
      case "clamp", "clamp_min", "clamp_max" -> {
        VectorVal in = vector(ev, args.get(0));
        double[] lo;
        double[] hi;
        if (name.equals("clamp")) {
          lo = scalar(ev, args.get(1));
          hi = scalar(ev, args.get(2));
        } else if (name.equals("clamp_min")) {
          lo = scalar(ev, args.get(1));
          hi = filled(steps, Double.POSITIVE_INFINITY);
        } else {
          lo = filled(steps, Double.NEGATIVE_INFINITY);
          hi = scalar(ev, args.get(1));
        }
        List<StepSeries> out = new ArrayList<>();
        for (StepSeries s : in.series()) {
          StepSeries o = new StepSeries(s.labels, true, steps);
          for (int i = 0; i < steps; i++) {
            if (s.present[i] && !(hi[i] < lo[i])) {
              o.set(i, InstantKernels.clamp(s.values[i], lo[i], hi[i]));
            }
          }
          if (o.count > 0) {
            out.add(o);
          }
        }
        return new VectorVal(out);
      }
      case "round" -> {
        VectorVal in = vector(ev, args.get(0));
        double[] to = args.size() > 1 ? scalar(ev, args.get(1)) : filled(steps, 1);
        List<StepSeries> out = new ArrayList<>();
        for (StepSeries s : in.series()) {
          StepSeries o = new StepSeries(s.labels, true, steps);
          for (int i = 0; i < steps; i++) {
            if (s.present[i]) {
              o.set(i, InstantKernels.round(s.values[i], to[i]));
            }
          }
          out.add(o);
        }
        return new VectorVal(out);
      }
      default -> {}
    }
    DoubleUnaryOperator simple = InstantKernels.simple(name);
    if (simple != null) {
      if (args.isEmpty()) {
        StepSeries s = new StepSeries(Labels.EMPTY, false, steps);
        for (int i = 0; i < steps; i++) {
          s.set(i, simple.applyAsDouble(ev.ts(i) / 1000.0));
        }
        return new VectorVal(List.of(s));
      }
      return ev.mapVector(vector(ev, args.get(0)), simple);
    }
    return rangeFunction(ev, c, name, args);
  }

  private static Val rangeFunction(Evaluator ev, Call c, String name, List<Expr> args) {
    int steps = ev.steps;
    int matrixIndex = name.equals("quantile_over_time") ? 1 : 0;
    double[] p1 = null;
    double[] p2 = null;
    if (name.equals("quantile_over_time")) {
      p1 = scalar(ev, args.get(0));
    } else if (name.equals("predict_linear")) {
      p1 = scalar(ev, args.get(1));
    } else if (name.equals("double_exponential_smoothing")) {
      p1 = scalar(ev, args.get(1));
      p2 = scalar(ev, args.get(2));
    }
    Expr matrixArg = args.get(matrixIndex);
    if (Evaluator.unwrap(matrixArg) instanceof MatrixSelector ms
        && (ms.selector().anchored() || ms.selector().smoothed())) {
      return ExtendedRanges.rangeFunction(ev, c, name, matrixArg, ms.selector().anchored());
    }
    final double[] a1 = p1;
    final double[] a2 = p2;
    int minSamples = 1;
    WindowFn fn;
    switch (name) {
      case "rate", "increase", "delta" -> {
        boolean counter = !name.equals("delta");
        boolean rate = name.equals("rate");
        Windows w = ev.windows(matrixArg, name);
        return applyWindows(
            ev, c, name, w, new RateWindowFn(w.refs(), w.range(), counter, rate), 2, matrixArg);
      }
      case "irate", "idelta" -> {
        boolean rate = name.equals("irate");
        fn =
            (t, v, from, to, step, evalTime) ->
                RangeKernels.instantValueDefined(t, from, to)
                    ? RangeKernels.instantValue(t, v, from, to, rate)
                    : NO_RESULT;
        minSamples = 2;
      }
      case "avg_over_time" -> fn = (t, v, from, to, s, e) -> RangeKernels.avg(v, from, to);
      case "sum_over_time" -> fn = (t, v, from, to, s, e) -> RangeKernels.sum(v, from, to);
      case "count_over_time" -> fn = (t, v, from, to, s, e) -> to - from;
      case "min_over_time" -> fn = (t, v, from, to, s, e) -> RangeKernels.min(v, from, to);
      case "max_over_time" -> fn = (t, v, from, to, s, e) -> RangeKernels.max(v, from, to);
      case "last_over_time" -> fn = (t, v, from, to, s, e) -> v[to - 1];
      case "first_over_time" -> fn = (t, v, from, to, s, e) -> v[from];
      case "ts_of_last_over_time" -> fn = (t, v, from, to, s, e) -> t[to - 1] / 1000.0;
      case "ts_of_first_over_time" -> fn = (t, v, from, to, s, e) -> t[from] / 1000.0;
      case "ts_of_max_over_time" ->
          fn = (t, v, from, to, s, e) -> tsOfExtreme(t, v, from, to, true);
      case "ts_of_min_over_time" ->
          fn = (t, v, from, to, s, e) -> tsOfExtreme(t, v, from, to, false);
      case "stddev_over_time" -> fn = (t, v, from, to, s, e) -> RangeKernels.stddev(v, from, to);
      case "stdvar_over_time" -> fn = (t, v, from, to, s, e) -> RangeKernels.variance(v, from, to);
      case "mad_over_time" ->
          fn = (t, v, from, to, s, e) -> RangeKernels.medianAbsoluteDeviation(v, from, to);
      case "present_over_time" -> fn = (t, v, from, to, s, e) -> 1;
      case "changes" -> fn = (t, v, from, to, s, e) -> RangeKernels.changes(v, from, to);
      case "resets" -> fn = (t, v, from, to, s, e) -> RangeKernels.resets(v, from, to);
      case "deriv" -> {
        minSamples = 2;
        fn = (t, v, from, to, s, e) -> RangeKernels.deriv(t, v, from, to);
      }
      case "predict_linear" -> {
        minSamples = 2;
        fn = (t, v, from, to, s, e) -> RangeKernels.predictLinear(t, v, from, to, e, a1[s]);
      }
      case "quantile_over_time" -> {
        for (double q : a1) {
          if (Double.isNaN(q) || q < 0 || q > 1) {
            ev.context()
                .annotations
                .add(
                    Annotations.Kind.WARNING,
                    Annotations.invalidQuantile(q),
                    args.get(0).positionRange().start());
          }
        }
        fn = (t, v, from, to, s, e) -> RangeKernels.quantile(a1[s], v, from, to);
      }
      case "double_exponential_smoothing" -> {
        for (int i = 0; i < steps; i++) {
          if (a1[i] <= 0 || a1[i] >= 1) {
            throw Evaluator.error(
                "invalid smoothing factor. Expected: 0 < sf < 1, got: " + goF(a1[i]));
          }
          if (a2[i] <= 0 || a2[i] >= 1) {
            throw Evaluator.error("invalid trend factor. Expected: 0 < tf < 1, got: " + goF(a2[i]));
          }
        }
        minSamples = 2;
        fn =
            (t, v, from, to, s, e) ->
                RangeKernels.doubleExponentialSmoothing(v, from, to, a1[s], a2[s]);
      }
      default -> throw Evaluator.error("function \"" + name + "\" is not supported");
    }
    return applyWindows(ev, c, name, ev.windows(matrixArg, name), fn, minSamples, matrixArg);
  }

  /** Go's {@code %f}. */
  private static String goF(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return String.format(java.util.Locale.ROOT, "%.6f", v);
  }

  static final double NO_RESULT = Double.longBitsToDouble(0x7ff00000000dead1L);

  private static boolean isNoResult(double v) {
    return Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(NO_RESULT);
  }

  private static double tsOfExtreme(long[] t, double[] v, int from, int to, boolean max) {
    double best = v[from];
    long bestT = t[from];
    for (int i = from; i < to; i++) {
      if ((max ? v[i] > best : v[i] < best) || Double.isNaN(best)) {
        best = v[i];
        bestT = t[i];
      }
    }
    return bestT / 1000.0;
  }

  static Val applyWindows(
      Evaluator ev, Call c, String name, Windows w, WindowFn fn, int minSamples, Expr matrixArg) {
    boolean dropName = !name.equals("last_over_time") && !name.equals("first_over_time");
    boolean counterCheck = name.equals("rate") || name.equals("increase");
    long lookback = ev.context().options.lookbackMillis();
    List<StepSeries> out = new ArrayList<>();
    long windowSamples = 0;
    List<@Nullable StepSeries> evaluated;
    Evaluator.BufferedSource buffered = w.buffered();
    if (buffered != null) {
      evaluated =
          SeriesPipeline.run(
              ev.context(),
              buffered,
              () -> {
                WindowFn own = fn.forAnotherThread();
                return b ->
                    windowsOfSeries(
                        ev,
                        w,
                        own,
                        minSamples,
                        lookback,
                        b.labels,
                        dropName,
                        b.samples.times,
                        b.samples.values,
                        b.samples.size);
              });
    } else {
      List<@Nullable StepSeries> collected = new ArrayList<>();
      w.forEach(
          r ->
              collected.add(
                  windowsOfSeries(
                      ev,
                      w,
                      fn,
                      minSamples,
                      lookback,
                      r.labels(),
                      dropName || r.dropName(),
                      r.times(),
                      r.values(),
                      r.n())));
      evaluated = collected;
    }
    for (StepSeries o : evaluated) {
      if (o == null) {
        continue;
      }
      out.add(o);
      windowSamples += o.count;
      if (counterCheck) {
        String metric = o.labels.get(Evaluator.NAME);
        if (metric != null
            && !metric.endsWith("_total")
            && !metric.endsWith("_sum")
            && !metric.endsWith("_count")
            && !metric.endsWith("_bucket")) {
          ev.context()
              .annotations
              .add(
                  Annotations.Kind.INFO,
                  Annotations.possibleNonCounter(metric),
                  matrixArg.positionRange().start());
        }
      }
    }
    ev.context().samples(windowSamples);
    return new VectorVal(out);
  }

  /**
   * Applies {@code fn} to the window of every step over the first {@code n} samples of one series;
   * null when no step has a result. Thread-safe when {@code fn} is confined to the calling thread.
   */
  private static @Nullable StepSeries windowsOfSeries(
      Evaluator ev,
      Windows w,
      WindowFn fn,
      int minSamples,
      long lookback,
      Labels labels,
      boolean dropName,
      long[] times,
      double[] values,
      int n) {
    ev.context().check();
    int steps = ev.steps;
    long[] refs = w.refs();
    StepSeries o = new StepSeries(labels, dropName, steps);
    fn.startSeries(times, values, n);
    int from = 0;
    int to = 0;
    long prevRef = Long.MIN_VALUE;
    for (int i = 0; i < steps; i++) {
      long ref = refs[i];
      if (ref < prevRef) {
        from = 0;
        to = 0;
      }
      prevRef = ref;
      // Reference times ascend with the steps, so the window bounds only move forward.
      long low = w.low(i, lookback);
      long high = w.high(i, lookback);
      while (to < n && times[to] <= high) {
        to++;
      }
      while (from < n && times[from] <= low) {
        from++;
      }
      if (to - from < minSamples) {
        continue;
      }
      double v = fn.apply(times, values, from, to, i, ev.ts(i));
      if (!isNoResult(v)) {
        o.set(i, v);
      }
    }
    return o.count > 0 ? o : null;
  }

  private static Val constant(Evaluator ev, double v) {
    return new ScalarVal(filled(ev.steps, v));
  }

  private static double[] filled(int n, double v) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  private static double[] scalar(Evaluator ev, Expr e) {
    return ((ScalarVal) ev.eval(e)).values();
  }

  private static VectorVal vector(Evaluator ev, Expr e) {
    return (VectorVal) ev.eval(e);
  }

  private static String string(Expr e) {
    return ((StringLiteral) Evaluator.unwrap(e)).value();
  }

  static Labels absentLabels(Expr arg) {
    Expr e = Evaluator.unwrap(arg);
    List<Matcher> matchers;
    if (e instanceof VectorSelector vs) {
      matchers = vs.matchers();
    } else if (e instanceof MatrixSelector ms) {
      matchers = ms.selector().matchers();
    } else {
      return Labels.EMPTY;
    }
    LabelsBuilder b = new LabelsBuilder();
    Set<String> has = new HashSet<>();
    for (Matcher m : matchers) {
      if (m.name().equals(Evaluator.NAME)) {
        continue;
      }
      if (m.type() == MatchType.EQUAL && !has.contains(m.name())) {
        b.set(m.name(), m.value());
        has.add(m.name());
      } else {
        b.delete(m.name());
      }
    }
    return b.build();
  }

  private static Val labelReplace(Evaluator ev, List<Expr> args) {
    String dst = string(args.get(1));
    String repl = string(args.get(2));
    String src = string(args.get(3));
    String re = string(args.get(4));
    Pattern pattern = Evaluator.compileAnchored(re);
    if (!Evaluator.isValidLabelName(dst)) {
      throw Evaluator.error("invalid destination label name in label_replace(): " + dst);
    }
    VectorVal in = vector(ev, args.get(0));
    List<StepSeries> out = new ArrayList<>();
    for (StepSeries s : in.series()) {
      String value = s.labels.getOrEmpty(src);
      java.util.regex.Matcher m = pattern.matcher(value);
      if (m.matches()) {
        String res = InstantKernels.expand(repl, m);
        s.labels = s.labels.toBuilder().set(dst, res).build();
        if (dst.equals(Evaluator.NAME)) {
          s.dropName = false;
        }
      }
      out.add(s);
    }
    return merge(ev, out);
  }

  private static Val labelJoin(Evaluator ev, List<Expr> args) {
    String dst = string(args.get(1));
    String sep = string(args.get(2));
    List<String> srcs = new ArrayList<>();
    for (int i = 3; i < args.size(); i++) {
      String src = string(args.get(i));
      if (!Evaluator.isValidLabelName(src)) {
        throw Evaluator.error("invalid source label name in label_join(): " + src);
      }
      srcs.add(src);
    }
    if (!Evaluator.isValidLabelName(dst)) {
      throw Evaluator.error("invalid destination label name in label_join(): " + dst);
    }
    VectorVal in = vector(ev, args.get(0));
    List<StepSeries> out = new ArrayList<>();
    for (StepSeries s : in.series()) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < srcs.size(); i++) {
        if (i > 0) {
          sb.append(sep);
        }
        sb.append(s.labels.getOrEmpty(srcs.get(i)));
      }
      s.labels = s.labels.toBuilder().set(dst, sb.toString()).build();
      if (dst.equals(Evaluator.NAME)) {
        s.dropName = false;
      }
      out.add(s);
    }
    return merge(ev, out);
  }

  /** Merges series that now share a label set; overlapping steps are an error. */
  static VectorVal merge(Evaluator ev, List<StepSeries> series) {
    Map<Labels, StepSeries> byLabels = new LinkedHashMap<>();
    for (StepSeries s : series) {
      StepSeries prev = byLabels.get(s.labels);
      if (prev == null) {
        byLabels.put(s.labels, s);
        continue;
      }
      for (int i = 0; i < ev.steps; i++) {
        if (s.present[i]) {
          if (prev.present[i]) {
            throw Evaluator.error("vector cannot contain metrics with the same labelset");
          }
          prev.set(i, s.values[i]);
        }
      }
    }
    return new VectorVal(new ArrayList<>(byLabels.values()));
  }

  private static Val sort(Evaluator ev, Call c, String name, List<Expr> args) {
    VectorVal in = vector(ev, args.get(0));
    if (ev.steps > 1) {
      ev.context()
          .annotations
          .add(Annotations.Kind.WARNING, Annotations.ineffectiveSort(), c.positionRange().start());
      return in;
    }
    List<StepSeries> out = new ArrayList<>(in.series());
    Comparator<StepSeries> cmp;
    switch (name) {
      case "sort" -> cmp = (a, b) -> byValue(a.values[0], b.values[0], false);
      case "sort_desc" -> cmp = (a, b) -> byValue(a.values[0], b.values[0], true);
      default -> {
        List<String> labels = new ArrayList<>();
        for (int i = 1; i < args.size(); i++) {
          labels.add(string(args.get(i)));
        }
        boolean desc = name.equals("sort_by_label_desc");
        cmp =
            (a, b) -> {
              for (String l : labels) {
                int r = naturalCompare(a.labels.getOrEmpty(l), b.labels.getOrEmpty(l));
                if (r != 0) {
                  return desc ? -r : r;
                }
              }
              int r = a.labels.compareTo(b.labels);
              return desc ? -r : r;
            };
      }
    }
    out.sort(cmp);
    return new VectorVal(out);
  }

  private static int byValue(double a, double b, boolean desc) {
    boolean na = Double.isNaN(a);
    boolean nb = Double.isNaN(b);
    if (na || nb) {
      return Boolean.compare(na, nb);
    }
    return desc ? Double.compare(b, a) : Double.compare(a, b);
  }

  /** Compares strings treating digit runs as numbers. */
  static int naturalCompare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int si = i;
        int sj = j;
        while (i < a.length() && Character.isDigit(a.charAt(i))) {
          i++;
        }
        while (j < b.length() && Character.isDigit(b.charAt(j))) {
          j++;
        }
        java.math.BigInteger x = new java.math.BigInteger(a.substring(si, i));
        java.math.BigInteger y = new java.math.BigInteger(b.substring(sj, j));
        int r = x.compareTo(y);
        if (r != 0) {
          return r;
        }
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static final Pattern GO_FLOAT =
      Pattern.compile(
          "[+-]?(?:(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|(?i:inf|infinity|nan))");

  /** Parses a {@code le} label like Go's {@code strconv.ParseFloat}; null when malformed. */
  static Double parseLe(String s) {
    if (!GO_FLOAT.matcher(s).matches()) {
      return null;
    }
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    if (lower.endsWith("inf") || lower.endsWith("infinity")) {
      return lower.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (lower.endsWith("nan")) {
      return Double.NaN;
    }
    return Double.parseDouble(s);
  }

  /** {@code FormatOpenMetricsFloat}: Go's %g, with ".0" appended to integers. */
  static String openMetricsFloat(double v) {
    String s = Format.goFloat(v);
    if (Double.isNaN(v) || Double.isInfinite(v) || s.contains(".") || s.contains("e")) {
      return s;
    }
    return s + ".0";
  }

  private static Val histogram(Evaluator ev, String name, List<Expr> args) {
    boolean multi = name.equals("histogram_quantiles");
    boolean quantile = multi || name.equals("histogram_quantile");
    int steps = ev.steps;
    Annotations annos = ev.context().annotations;
    List<double[]> qs = new ArrayList<>();
    List<Expr> qArgs = new ArrayList<>();
    double[] lower = null;
    double[] upper = null;
    Expr vecArg;
    String qLabel = null;
    if (multi) {
      vecArg = args.get(0);
      qLabel = string(args.get(1));
      qArgs.addAll(args.subList(2, args.size()));
    } else if (quantile) {
      vecArg = args.get(1);
      qArgs.add(args.get(0));
    } else {
      lower = scalar(ev, args.get(0));
      upper = scalar(ev, args.get(1));
      vecArg = args.get(2);
    }
    for (Expr qa : qArgs) {
      double[] q = scalar(ev, qa);
      qs.add(q);
      for (double x : q) {
        if (Double.isNaN(x) || x < 0 || x > 1) {
          annos.add(
              Annotations.Kind.WARNING, Annotations.invalidQuantile(x), qa.positionRange().start());
        }
      }
    }
    VectorVal in = vector(ev, vecArg);
    int n = in.series().size();
    double[] les = new double[n];
    Map<Labels, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      StepSeries s = in.series().get(i);
      String le = s.labels.getOrEmpty("le");
      Double parsed = parseLe(le);
      if (parsed == null) {
        String metric = s.labels.getOrEmpty(Evaluator.NAME);
        String text = "bucket label \"le\" is missing or has a malformed value of \"" + le + "\"";
        if (!metric.isEmpty() && ev.context().options.delayedNameRemoval()) {
          text += " for metric name \"" + metric + "\"";
        }
        annos.add(Annotations.Kind.WARNING, text, vecArg.positionRange().start());
        continue;
      }
      les[i] = parsed;
      Labels sig = s.labels.toBuilder().delete("le").build();
      groups.computeIfAbsent(sig, k -> new ArrayList<>()).add(i);
    }
    Evaluator.Output out = ev.new Output();
    double[] bounds = new double[Math.max(1, n)];
    double[] counts = new double[Math.max(1, n)];
    for (int step = 0; step < steps; step++) {
      int rounds = quantile ? qs.size() : 1;
      for (int qi = 0; qi < rounds; qi++) {
        for (Map.Entry<Labels, List<Integer>> g : groups.entrySet()) {
          int m = 0;
          for (int i : g.getValue()) {
            StepSeries s = in.series().get(i);
            if (s.present[step]) {
              bounds[m] = les[i];
              counts[m] = s.values[step];
              m++;
            }
          }
          if (m == 0) {
            continue;
          }
          double v;
          Labels labels = g.getKey();
          if (quantile) {
            double q = qs.get(qi)[step];
            BucketKernels.QuantileResult r = BucketKernels.quantile(q, bounds, counts, m);
            v = r.value();
            if (r.forcedMonotonic()) {
              String metric = g.getKey().getOrEmpty(Evaluator.NAME);
              String text =
                  "input to histogram_quantile needed to be fixed for monotonicity (see "
                      + "https://prometheus.io/docs/prometheus/latest/querying/functions/"
                      + "#histogram_quantile)";
              if (!metric.isEmpty()) {
                text += " for metric name \"" + metric + "\"";
              }
              annos.add(Annotations.Kind.INFO, text, vecArg.positionRange().start());
            }
            if (multi) {
              labels = labels.toBuilder().set(qLabel, openMetricsFloat(q)).build();
            }
          } else {
            v = BucketKernels.fraction(lower[step], upper[step], bounds, counts, m);
          }
          out.add(labels, true, step, v);
        }
      }
    }
    return out.result();
  }
}
