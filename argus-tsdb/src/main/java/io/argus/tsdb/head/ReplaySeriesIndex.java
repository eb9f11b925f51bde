package io.argus.tsdb.head;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The series of each WAL series ref seen during one replay. Refs are usually small and dense
 * (Prometheus and Argus hand them out from 1 upwards), so refs below {@value #MAX_DENSE_REF} are
 * kept in an array indexed by ref: samples records list their refs in ascending order, which
 * makes their lookups a sequential walk instead of random hash probes. Larger refs go to a hash
 * map. Not thread-safe; lives for one replay.
 */
final class ReplaySeriesIndex {
  /** Refs below this use the array (at most 4 bytes times this much memory). */
  static final int MAX_DENSE_REF = 1 << 23;

  private MemSeries[] dense = new MemSeries[4096];
  private final LongObjectMap<MemSeries> sparse = new LongObjectMap<>();

  void put(long ref, MemSeries series) {
    if (ref >= 0 && ref < MAX_DENSE_REF) {
      int i = (int) ref;
      if (i >= dense.length) {
        dense = Arrays.copyOf(dense, Math.min(MAX_DENSE_REF, Math.max(i + 1, dense.length * 2)));
      }
      dense[i] = series;
    } else {
      sparse.put(ref, series);
    }
  }

  @Nullable MemSeries get(long ref) {
    if (ref >= 0 && ref < MAX_DENSE_REF) {
      return ref < dense.length ? dense[(int) ref] : null;
    }
    return sparse.get(ref);
  }
}
