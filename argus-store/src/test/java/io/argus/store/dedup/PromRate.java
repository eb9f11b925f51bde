package io.argus.store.dedup;

import java.util.ArrayList;
import java.util.List;

/**
 * PromQL's {@code rate(x[range])} at one evaluation time, for tests of the merged series: the float
 * samples in {@code (t − range, t]} without stale markers, counter resets compensated, and the
 * result extrapolated towards the window's edges (at most half an average interval beyond the first
 * and last samples unless they are within 1.1 average intervals of the edge; not below zero),
 * divided by the range in seconds.
 */
final class PromRate {
  private PromRate() {}

  /** Returns the rate per second, or NaN when the window holds fewer than two samples. */
  static double rate(List<Sample> series, long t, long rangeMs) {
    long start = t - rangeMs;
    List<Sample> w = new ArrayList<>();
    for (Sample s : series) {
      if (s.t() > start && s.t() <= t && !Double.isNaN(s.v())) {
        w.add(s);
      }
    }
    if (w.size() < 2) {
      return Double.NaN;
    }
    Sample first = w.get(0);
    Sample last = w.get(w.size() - 1);
    double increase = last.v() - first.v();
    for (int i = 1; i < w.size(); i++) {
      if (w.get(i).v() < w.get(i - 1).v()) {
        increase += w.get(i - 1).v();
      }
    }
    double sampled = (last.t() - first.t()) / 1000.0;
    double average = sampled / (w.size() - 1);
    double toStart = (first.t() - start) / 1000.0;
    double toEnd = (t - last.t()) / 1000.0;
    if (increase > 0 && first.v() >= 0) {
      double toZero = sampled * (first.v() / increase);
      toStart = Math.min(toStart, toZero);
    }
    double threshold = average * 1.1;
    double extrapolated = sampled;
    extrapolated += toStart < threshold ? toStart : average / 2;
    extrapolated += toEnd < threshold ? toEnd : average / 2;
    return increase * (extrapolated / sampled) / (rangeMs / 1000.0);
  }
}
