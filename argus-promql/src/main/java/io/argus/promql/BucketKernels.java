package io.argus.promql;

/**
 * {@code histogram_quantile} and {@code histogram_fraction} over classic histograms: buckets given
 * as parallel arrays of upper bounds ({@code le}) and cumulative counts. The arrays are sorted and
 * merged in place. Stateless.
 */
public final class BucketKernels {
  /** Relative differences below this between successive buckets are float noise. */
  static final double SMALL_DELTA_TOLERANCE = 1e-12;

  private BucketKernels() {}

  /**
   * The result of {@link #quantile}.
   *
   * @param forcedMonotonic some bucket count decreased and was raised to its predecessor's
   * @param fixedPrecision tiny differences between buckets were ignored
   */
  public record QuantileResult(double value, boolean forcedMonotonic, boolean fixedPrecision) {}

  /**
   * The φ-quantile of the first {@code n} buckets, interpolating linearly inside a bucket (from 0
   * in the lowest bucket when its bound is positive). NaN when φ is NaN, the highest bound is not
   * +Inf, fewer than two buckets remain after merging equal bounds, or there are no observations;
   * -Inf/+Inf for φ below 0/above 1. A quantile in the +Inf bucket gives the second highest bound.
   */
  public static QuantileResult quantile(double q, double[] upper, double[] counts, int n) {
    if (Double.isNaN(q)) {
      return new QuantileResult(Double.NaN, false, false);
    }
    if (q < 0) {
      return new QuantileResult(Double.NEGATIVE_INFINITY, false, false);
    }
    if (q > 1) {
      return new QuantileResult(Double.POSITIVE_INFINITY, false, false);
    }
    sortByBound(upper, counts, n);
    if (upper[n - 1] != Double.POSITIVE_INFINITY) {
      return new QuantileResult(Double.NaN, false, false);
    }
    n = coalesce(upper, counts, n);
    boolean forced = false;
    boolean fixed = false;
    double prev = counts[0];
    for (int i = 1; i < n; i++) {
      double cur = counts[i];
      if (cur == prev) {
        continue;
      }
      if (almostEqual(prev, cur, SMALL_DELTA_TOLERANCE)) {
        counts[i] = prev;
        fixed = true;
        continue;
      }
      if (cur < prev) {
        counts[i] = prev;
        forced = true;
        continue;
      }
      prev = cur;
    }
    if (n < 2) {
      return new QuantileResult(Double.NaN, forced, fixed);
    }
    double observations = counts[n - 1];
    if (observations == 0) {
      return new QuantileResult(Double.NaN, forced, fixed);
    }
    double rank = q * observations;
    int b = 0;
    int hi = n - 1;
    while (b < hi) {
      int mid = (b + hi) >>> 1;
      if (counts[mid] >= rank) {
        hi = mid;
      } else {
        b = mid + 1;
      }
    }
    double value;
    if (b == n - 1) {
      value = upper[n - 2];
    } else if (b == 0 && upper[0] <= 0) {
      value = upper[0];
    } else {
      double start = 0;
      double end = upper[b];
      double count = counts[b];
      if (b > 0) {
        start = upper[b - 1];
        count -= counts[b - 1];
        rank -= counts[b - 1];
      }
      value = start + (end - start) * (rank / count);
    }
    return new QuantileResult(value, forced, fixed);
  }

  /**
   * The estimated fraction of observations between {@code lower} and {@code upperValue},
   * interpolating linearly inside buckets (the lowest bucket starts at 0 when its bound is
   * positive, else at -Inf, where no interpolation happens). NaN when the highest bound is not
   * +Inf, there are no observations or a bound is NaN; 0 when lower &gt;= upper.
   */
  public static double fraction(
      double lower, double upperValue, double[] upper, double[] counts, int n) {
    sortByBound(upper, counts, n);
    if (upper[n - 1] != Double.POSITIVE_INFINITY) {
      return Double.NaN;
    }
    n = coalesce(upper, counts, n);
    double count = counts[n - 1];
    if (count == 0 || Double.isNaN(lower) || Double.isNaN(upperValue)) {
      return Double.NaN;
    }
    if (lower >= upperValue) {
      return 0;
    }
    double rank = 0;
    double lowerRank = 0;
    double upperRank = 0;
    boolean lowerSet = false;
    boolean upperSet = false;
    double lowerBound = upper[0] <= 0 ? Double.NEGATIVE_INFINITY : 0;
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        lowerBound = upper[i - 1];
      }
      double upperBound = upper[i];
      if (!lowerSet && lowerBound >= lower) {
        lowerRank = rank;
        lowerSet = true;
      }
      if (!upperSet && lowerBound >= upperValue) {
        upperRank = rank;
        upperSet = true;
      }
      if (lowerSet && upperSet) {
        break;
      }
      if (!lowerSet && lowerBound < lower && upperBound > lower) {
        lowerRank = interpolate(lower, lowerBound, upperBound, rank, counts[i]);
        lowerSet = true;
      }
      if (!upperSet && lowerBound < upperValue && upperBound > upperValue) {
        upperRank = interpolate(upperValue, lowerBound, upperBound, rank, counts[i]);
        upperSet = true;
      }
      if (lowerSet && upperSet) {
        break;
      }
      rank = counts[i];
    }
    if (!lowerSet || lowerRank > count) {
      lowerRank = count;
    }
    if (!upperSet || upperRank > count) {
      upperRank = count;
    }
    return (upperRank - lowerRank) / count;
  }

  private static double interpolate(
      double v, double lowerBound, double upperBound, double rankBefore, double bucketCount) {
    if (lowerBound == Double.NEGATIVE_INFINITY) {
      return bucketCount;
    }
    return rankBefore + (bucketCount - rankBefore) * (v - lowerBound) / (upperBound - lowerBound);
  }

  /** Insertion sort by bound (bucket lists are short and usually sorted already). */
  private static void sortByBound(double[] upper, double[] counts, int n) {
    for (int i = 1; i < n; i++) {
      double u = upper[i];
      double c = counts[i];
      int j = i - 1;
      while (j >= 0 && upper[j] > u) {
        upper[j + 1] = upper[j];
        counts[j + 1] = counts[j];
        j--;
      }
      upper[j + 1] = u;
      counts[j + 1] = c;
    }
  }

  /** Merges buckets with equal bounds by adding their counts; returns the new count. */
  private static int coalesce(double[] upper, double[] counts, int n) {
    int out = 0;
    for (int i = 1; i < n; i++) {
      if (upper[i] == upper[out]) {
        counts[out] += counts[i];
      } else {
        out++;
        upper[out] = upper[i];
        counts[out] = counts[i];
      }
    }
    return out + 1;
  }

  /** Relative float equality as Prometheus' {@code almost.Equal}. */
  static boolean almostEqual(double a, double b, double epsilon) {
    if (Double.isNaN(a) && Double.isNaN(b)) {
      return true;
    }
    if (a == b) {
      return true;
    }
    double absSum = Math.abs(a) + Math.abs(b);
    double diff = Math.abs(a - b);
    if (a == 0 || b == 0 || absSum < Double.MIN_NORMAL) {
      return diff < epsilon * Double.MIN_NORMAL;
    }
    return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
  }
}
