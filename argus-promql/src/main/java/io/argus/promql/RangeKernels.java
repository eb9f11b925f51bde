package io.argus.promql;

import java.util.Arrays;

/**
 * The float kernels of PromQL's range-vector functions ({@code rate}, {@code *_over_time}, ...) as
 * static methods over the window {@code [from, to)} of parallel time (Unix ms) and value arrays,
 * sorted by time. Functions that have no result for a window return NaN together with {@link
 * #hasResult}-style preconditions documented per method; callers check the sample count first.
 * Stateless and allocation-free unless noted.
 */
public final class RangeKernels {
  private RangeKernels() {}

  /**
   * {@code rate}, {@code increase} and {@code delta}: the change over the window, extrapolated to
   * the window bounds as Prometheus 3.x does (towards each boundary at most half an average sample
   * interval beyond the first/last sample when the gap exceeds 1.1 intervals, and for counters
   * never below the counter's zero point). Needs at least two samples; returns NaN otherwise, which
   * callers must treat as "no result".
   *
   * @param rangeStart exclusive start of the window (ms)
   * @param rangeEnd inclusive end of the window (ms)
   * @param isCounter handle counter resets (rate, increase)
   * @param isRate divide by the window length in seconds
   */
  public static double extrapolatedRate(
      long[] t,
      double[] v,
      int from,
      int to,
      long rangeStart,
      long rangeEnd,
      boolean isCounter,
      boolean isRate) {
    if (to - from < 2) {
      return Double.NaN;
    }
    double change = v[to - 1] - v[from];
    if (isCounter) {
      for (int i = from + 1; i < to; i++) {
        if (v[i] < v[i - 1]) {
          change += v[i - 1];
        }
      }
    }
    return extrapolatedRate(t, v, from, to, rangeStart, rangeEnd, change, isCounter, isRate);
  }

  /**
   * As {@link #extrapolatedRate(long[], double[], int, int, long, long, boolean, boolean)} with
   * the raw change over the window already known: {@code v[to - 1] - v[from]}, to which a counter
   * adds the value before each reset, in time order.
   */
  public static double extrapolatedRate(
      long[] t,
      double[] v,
      int from,
      int to,
      long rangeStart,
      long rangeEnd,
      double change,
      boolean isCounter,
      boolean isRate) {
    int n = to - from;
    if (n < 2) {
      return Double.NaN;
    }
    long firstT = t[from];
    long lastT = t[to - 1];
    double result = change;
    double toStart = (firstT - rangeStart) / 1000.0;
    double toEnd = (rangeEnd - lastT) / 1000.0;
    double sampled = (lastT - firstT) / 1000.0;
    double avgGap = sampled / (n - 1);
    double threshold = avgGap * 1.1;
    if (toStart >= threshold) {
      toStart = avgGap / 2;
    }
    if (isCounter && result > 0 && v[from] >= 0) {
      double toZero = sampled * (v[from] / result);
      if (toZero < toStart) {
        toStart = toZero;
      }
    }
    if (toEnd >= threshold) {
      toEnd = avgGap / 2;
    }
    double factor = sampled != 0 ? (sampled + toStart + toEnd) / sampled : 1.0;
    if (isRate) {
      factor /= (rangeEnd - rangeStart) / 1000.0;
    }
    return result * factor;
  }

  /**
   * {@code irate} ({@code isRate}) and {@code idelta}: from the last two samples. Returns NaN (no
   * result) with fewer than two samples or when both have the same timestamp.
   */
  public static double instantValue(long[] t, double[] v, int from, int to, boolean isRate) {
    if (to - from < 2) {
      return Double.NaN;
    }
    long dt = t[to - 1] - t[to - 2];
    if (dt == 0) {
      return Double.NaN;
    }
    double last = v[to - 1];
    double prev = v[to - 2];
    double result = last;
    if (!isRate || !(last < prev)) {
      result = last - prev;
    }
    return isRate ? result / (dt / 1000.0) : result;
  }

  /** Whether {@link #instantValue} has a result. */
  public static boolean instantValueDefined(long[] t, int from, int to) {
    return to - from >= 2 && t[to - 1] != t[to - 2];
  }

  /** {@code sum_over_time}, compensated. */
  public static double sum(double[] v, int from, int to) {
    KahanSum k = new KahanSum();
    for (int i = from; i < to; i++) {
      k.add(v[i]);
    }
    return k.value();
  }

  /**
   * {@code avg_over_time}: compensated direct mean while the running sum stays finite, switching to
   * a compensated incremental mean when it would overflow. Needs at least one sample.
   */
  public static double avg(double[] v, int from, int to) {
    double sum = v[from];
    double c = 0;
    double mean = 0;
    double count = 1;
    boolean incremental = false;
    KahanSum k = new KahanSum();
    for (int i = from + 1; i < to; i++) {
      count = i - from + 1;
      if (!incremental) {
        k.set(sum, c);
        k.add(v[i]);
        if (!Double.isInfinite(k.rawSum())) {
          sum = k.rawSum();
          c = k.compensation();
          continue;
        }
        incremental = true;
        mean = sum / (count - 1);
        c /= count - 1;
      }
      double q = (count - 1) / count;
      k.set(q * mean, q * c);
      k.add(v[i] / count);
      mean = k.rawSum();
      c = k.compensation();
    }
    if (incremental) {
      return mean + c;
    }
    return sum / count + c / count;
  }

  /** {@code max_over_time}: NaN only when every value is NaN. Needs at least one sample. */
  public static double max(double[] v, int from, int to) {
    double m = v[from];
    for (int i = from; i < to; i++) {
      if (v[i] > m || Double.isNaN(m)) {
        m = v[i];
      }
    }
    return m;
  }

  /** {@code min_over_time}: NaN only when every value is NaN. Needs at least one sample. */
  public static double min(double[] v, int from, int to) {
    double m = v[from];
    for (int i = from; i < to; i++) {
      if (v[i] < m || Double.isNaN(m)) {
        m = v[i];
      }
    }
    return m;
  }

  /**
   * {@code stdvar_over_time}: population variance by Welford's method with compensated sums. Needs
   * at least one sample.
   */
  public static double variance(double[] v, int from, int to) {
    double count = 0;
    KahanSum mean = new KahanSum();
    KahanSum aux = new KahanSum();
    for (int i = from; i < to; i++) {
      count++;
      double delta = v[i] - (mean.rawSum() + mean.compensation());
      mean.add(delta / count);
      aux.add(delta * (v[i] - (mean.rawSum() + mean.compensation())));
    }
    return (aux.rawSum() + aux.compensation()) / count;
  }

  /** {@code stddev_over_time}. */
  public static double stddev(double[] v, int from, int to) {
    return Math.sqrt(variance(v, from, to));
  }

  /** {@code quantile_over_time}; copies the window. Needs at least one sample. */
  public static double quantile(double q, double[] v, int from, int to) {
    return quantileInPlace(q, Arrays.copyOfRange(v, from, to), to - from);
  }

  /**
   * The φ-quantile of the first {@code n} values, which are sorted in place: linear interpolation
   * between the closest ranks; NaN for no values or NaN φ, -Inf for φ &lt; 0, +Inf for φ &gt; 1.
   */
  public static double quantileInPlace(double q, double[] values, int n) {
    if (n == 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    sortNaNFirst(values, n);
    double rank = q * (n - 1);
    double lower = Math.max(0, Math.floor(rank));
    double upper = Math.min(n - 1, lower + 1);
    double weight = rank - Math.floor(rank);
    return values[(int) lower] * (1 - weight) + values[(int) upper] * weight;
  }

  /** Sorts ascending with NaNs first, as PromQL's value heap orders them. */
  static void sortNaNFirst(double[] values, int n) {
    Arrays.sort(values, 0, n);
    int nans = 0;
    for (int i = n - 1; i >= 0 && Double.isNaN(values[i]); i--) {
      nans++;
    }
    if (nans > 0) {
      System.arraycopy(values, 0, values, nans, n - nans);
      Arrays.fill(values, 0, nans, Double.NaN);
    }
  }

  /** {@code changes}: the number of times the value changed (NaN to NaN is no change). */
  public static double changes(double[] v, int from, int to) {
    int changes = 0;
    for (int i = from + 1; i < to; i++) {
      double prev = v[i - 1];
      double cur = v[i];
      if (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
        changes++;
      }
    }
    return changes;
  }

  /** {@code resets}: the number of decreases. */
  public static double resets(double[] v, int from, int to) {
    int resets = 0;
    for (int i = from + 1; i < to; i++) {
      if (v[i] < v[i - 1]) {
        resets++;
      }
    }
    return resets;
  }

  /**
   * Least-squares fit of value over time (seconds relative to {@code interceptTime} ms), with
   * compensated sums. Returns {@code {slope, intercept}}; a constant series gives slope 0 (or NaN,
   * NaN when the constant is infinite). Needs at least two samples.
   */
  public static double[] linearRegression(
      long[] t, double[] v, int from, int to, long interceptTime) {
    double n = 0;
    KahanSum sumX = new KahanSum();
    KahanSum sumY = new KahanSum();
    KahanSum sumXY = new KahanSum();
    KahanSum sumX2 = new KahanSum();
    double initY = v[from];
    boolean constY = true;
    for (int i = from; i < to; i++) {
      if (constY && i > from && v[i] != initY) {
        constY = false;
      }
      n += 1;
      double x = (t[i] - interceptTime) / 1e3;
      sumX.add(x);
      sumY.add(v[i]);
      sumXY.add(x * v[i]);
      sumX2.add(x * x);
    }
    if (constY) {
      if (Double.isInfinite(initY)) {
        return new double[] {Double.NaN, Double.NaN};
      }
      return new double[] {0, initY};
    }
    double sx = sumX.rawSum() + sumX.compensation();
    double sy = sumY.rawSum() + sumY.compensation();
    double sxy = sumXY.rawSum() + sumXY.compensation();
    double sx2 = sumX2.rawSum() + sumX2.compensation();
    double covXY = sxy - sx * sy / n;
    double varX = sx2 - sx * sx / n;
    double slope = covXY / varX;
    double intercept = sy / n - slope * sx / n;
    return new double[] {slope, intercept};
  }

  /** {@code deriv}: the regression slope per second. Needs at least two samples. */
  public static double deriv(long[] t, double[] v, int from, int to) {
    return linearRegression(t, v, from, to, t[from])[0];
  }

  /**
   * {@code predict_linear}: the fitted value {@code seconds} after {@code evalTime} (ms). Needs at
   * least two samples.
   */
  public static double predictLinear(
      long[] t, double[] v, int from, int to, long evalTime, double seconds) {
    double[] si = linearRegression(t, v, from, to, evalTime);
    return si[0] * seconds + si[1];
  }

  /**
   * {@code double_exponential_smoothing} (experimental) with smoothing factor {@code sf} and trend
   * factor {@code tf}, both in (0, 1) (checked by the caller). Needs at least two samples.
   */
  public static double doubleExponentialSmoothing(
      double[] v, int from, int to, double sf, double tf) {
    double s0 = 0;
    double s1 = v[from];
    double b = v[from + 1] - v[from];
    for (int i = from + 1; i < to; i++) {
      double x = sf * v[i];
      if (i - from - 1 != 0) {
        b = tf * (s1 - s0) + (1 - tf) * b;
      }
      double y = (1 - sf) * (s1 + b);
      s0 = s1;
      s1 = x + y;
    }
    return s1;
  }

  /** {@code mad_over_time} (experimental): median absolute deviation. Copies the window. */
  public static double medianAbsoluteDeviation(double[] v, int from, int to) {
    int n = to - from;
    for (int i = from; i < to; i++) {
      if (Double.isNaN(v[i])) {
        return Double.NaN;
      }
    }
    double[] copy = Arrays.copyOfRange(v, from, to);
    double median = quantileInPlace(0.5, copy, n);
    for (int i = 0; i < n; i++) {
      copy[i] = Math.abs(v[from + i] - median);
    }
    return quantileInPlace(0.5, copy, n);
  }
}
