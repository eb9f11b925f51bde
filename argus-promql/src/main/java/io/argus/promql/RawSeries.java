package io.argus.promql;

import io.argus.model.labels.Labels;

/**
 * Samples of one series as read from storage or produced by a subquery: {@code n} points in
 * ascending time order (ms). Immutable once built.
 */
record RawSeries(Labels labels, long[] times, double[] values, int n, boolean dropName) {
  /** Returns the index of the first sample with time {@code > t}. */
  int upperBound(long t) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
