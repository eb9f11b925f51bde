package io.argus.promql;

import io.argus.promql.Evaluator.Val;
import io.argus.promql.Evaluator.Windows;
import io.argus.promql.parser.Call;
import io.argus.promql.parser.Expr;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The experimental {@code anchored} and {@code smoothed} selector modifiers: range windows that
 * reach back (and for smoothed, ahead) by the lookback delta so that values at the window bounds
 * can be taken from, or interpolated between, the neighbouring samples. Stateless.
 */
final class ExtendedRanges {
  private static final List<String> ANCHORED_SAFE =
      List.of("changes", "delta", "increase", "rate", "resets");
  private static final List<String> SMOOTHED_SAFE = List.of("delta", "increase", "rate");

  private ExtendedRanges() {}

  static Val rangeFunction(Evaluator ev, Call c, String name, Expr matrixArg, boolean anchored) {
    List<String> safe = anchored ? ANCHORED_SAFE : SMOOTHED_SAFE;
    if (!safe.contains(name)) {
      throw Evaluator.error(
          (anchored ? "anchored" : "smoothed")
              + " modifier can only be used with: "
              + String.join(", ", safe)
              + " - not with "
              + name);
    }
    Windows w = ev.windows(matrixArg);
    boolean smoothed = !anchored;
    FunctionEvaluator.WindowFn fn;
    switch (name) {
      case "rate", "increase", "delta" -> {
        boolean counter = !name.equals("delta");
        boolean rate = name.equals("rate");
        fn =
            (t, v, from, to, step, evalTime) ->
                extendedRate(
                    t,
                    v,
                    from,
                    to,
                    w.refs()[step] - w.range(),
                    w.refs()[step],
                    smoothed,
                    counter,
                    rate ? w.range() / 1000.0 : 0);
      }
      default -> {
        boolean changes = name.equals("changes");
        fn =
            (t, v, from, to, step, evalTime) -> {
              long rangeStart = w.refs()[step] - w.range();
              int lastAtOrBefore = from - 1;
              while (lastAtOrBefore + 1 < to && t[lastAtOrBefore + 1] <= rangeStart) {
                lastAtOrBefore++;
              }
              if (lastAtOrBefore + 1 >= to) {
                return FunctionEvaluator.NO_RESULT;
              }
              int start = Math.max(from, lastAtOrBefore);
              return changes
                  ? RangeKernels.changes(v, start, to)
                  : RangeKernels.resets(v, start, to);
            };
      }
    }
    return FunctionEvaluator.applyWindows(ev, c, name, w, fn, 1, matrixArg);
  }

  private static double interpolate(
      long t1, double y1, long t2, double y2, long t, boolean isCounter) {
    if (isCounter && y2 < y1) {
      y1 = 0;
    }
    return y1 + (y2 - y1) * (double) (t - t1) / (double) (t2 - t1);
  }

  /** Index of the first sample in [from, limit) with time > t (or >= t when inclusive). */
  private static int search(long[] t, int from, int limit, long bound, boolean inclusive) {
    int i = from;
    while (i < limit && (inclusive ? t[i] < bound : t[i] <= bound)) {
      i++;
    }
    return i;
  }

  /**
   * Rate, increase or delta over the window {@code (rangeStart, rangeEnd]} using the samples of
   * {@code [from, to)}, which extend beyond it: the value at each bound is the nearest sample
   * inside (anchored) or interpolated across the bound (smoothed).
   *
   * @param rangeSeconds the window length for rate, or 0 for increase/delta
   */
  static double extendedRate(
      long[] t,
      double[] v,
      int from,
      int to,
      long rangeStart,
      long rangeEnd,
      boolean smoothed,
      boolean isCounter,
      double rangeSeconds) {
    int last = to - 1;
    int first = Math.max(from, search(t, from, last, rangeStart, false) - 1);
    if (smoothed) {
      last = search(t, from, last, rangeEnd, true);
    }
    if (t[last] <= rangeStart) {
      return FunctionEvaluator.NO_RESULT;
    }
    if (smoothed && t[first] > rangeEnd) {
      return FunctionEvaluator.NO_RESULT;
    }
    double left =
        smoothed && t[first] < rangeStart
            ? interpolate(t[first], v[first], t[first + 1], v[first + 1], rangeStart, isCounter)
            : v[first];
    double right =
        smoothed && last > from && t[last] > rangeEnd
            ? interpolate(t[last - 1], v[last - 1], t[last], v[last], rangeEnd, isCounter)
            : v[last];
    double result = right - left;
    if (isCounter) {
      if (t[first] <= rangeStart) {
        first++;
      }
      if (t[last] >= rangeEnd) {
        last--;
      }
      double correction = 0;
      double prev = left;
      for (int i = first; i <= last; i++) {
        if (v[i] < prev) {
          correction += prev;
        }
        prev = v[i];
      }
      if (right < prev) {
        correction += prev;
      }
      result += correction;
    }
    if (rangeSeconds > 0) {
      result /= rangeSeconds;
    }
    return result;
  }

  /**
   * The range vector of an anchored or smoothed selector in an instant query: the samples inside
   * {@code (mint, maxt]} framed by a point at each bound; null when there is nothing inside.
   */
  static @Nullable RawSeries extend(
      RawSeries r, int from, int to, long mint, long maxt, boolean smoothed) {
    long[] t = r.times();
    double[] v = r.values();
    int last = to - 1;
    int first = Math.max(from, search(t, from, last, mint, false) - 1);
    if (smoothed) {
      last = search(t, from, last, maxt, true);
    }
    if (t[last] <= mint) {
      return null;
    }
    double left =
        smoothed && t[first] < mint
            ? interpolate(t[first], v[first], t[first + 1], v[first + 1], mint, false)
            : v[first];
    double right =
        smoothed && last > from && t[last] > maxt
            ? interpolate(t[last - 1], v[last - 1], t[last], v[last], maxt, false)
            : v[last];
    if (t[first] <= mint) {
      first++;
    }
    if (t[last] >= maxt) {
      last--;
    }
    int count = Math.max(last - first + 1, 0);
    long[] ot = new long[count + 2];
    double[] ov = new double[count + 2];
    ot[0] = mint;
    ov[0] = left;
    if (count > 0) {
      System.arraycopy(t, first, ot, 1, count);
      System.arraycopy(v, first, ov, 1, count);
    }
    ot[count + 1] = maxt;
    ov[count + 1] = right;
    return new RawSeries(r.labels(), ot, ov, count + 2, r.dropName());
  }

  /**
   * Sets the value of a smoothed instant selector at {@code dataTs} from the samples of {@code
   * [from, to)}: the sample at that time, else interpolated between its neighbours, else the latest
   * earlier sample; nothing when there is no earlier sample.
   */
  static void smoothedValue(RawSeries r, int from, int to, long dataTs, StepSeries out, int step) {
    long[] t = r.times();
    double[] v = r.values();
    int i = search(t, from, to, dataTs, true);
    if (i < to && t[i] == dataTs) {
      out.set(step, v[i]);
    } else if (i > from && i < to) {
      out.set(step, interpolate(t[i - 1], v[i - 1], t[i], v[i], dataTs, false));
    } else if (i > from) {
      out.set(step, v[i - 1]);
    }
  }
}
