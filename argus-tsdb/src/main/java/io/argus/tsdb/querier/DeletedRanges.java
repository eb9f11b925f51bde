package io.argus.tsdb.querier;

import io.argus.tsdb.tombstones.Interval;
import java.util.Arrays;
import java.util.List;

/**
 * The closed time ranges whose samples a query must not return for one series: its tombstones plus
 * everything outside the query range. Sorted, non-overlapping. Immutable once built.
 */
final class DeletedRanges {
  static final DeletedRanges NONE = new DeletedRanges(new long[0], new long[0], 0);

  final long[] mins;
  final long[] maxs;
  final int count;

  private DeletedRanges(long[] mins, long[] maxs, int count) {
    this.mins = mins;
    this.maxs = maxs;
    this.count = count;
  }

  /**
   * Returns the ranges deleted by {@code tombstones} (sorted and merged, as {@link
   * io.argus.tsdb.tombstones.TombstoneReader#get} returns them) and outside {@code [mint, maxt]}.
   */
  static DeletedRanges of(List<Interval> tombstones, long mint, long maxt) {
    int capacity = tombstones.size() + 2;
    long[] mins = new long[capacity];
    long[] maxs = new long[capacity];
    int n = 0;
    if (mint > Long.MIN_VALUE) {
      mins[0] = Long.MIN_VALUE;
      maxs[0] = mint - 1;
      n = 1;
    }
    for (Interval iv : tombstones) {
      n = add(mins, maxs, n, iv.minTime(), iv.maxTime());
    }
    if (maxt < Long.MAX_VALUE) {
      n = add(mins, maxs, n, maxt + 1, Long.MAX_VALUE);
    }
    return n == 0 ? NONE : new DeletedRanges(mins, maxs, n);
  }

  private static int add(long[] mins, long[] maxs, int n, long min, long max) {
    if (n > 0 && (maxs[n - 1] == Long.MAX_VALUE || min <= maxs[n - 1] + 1)) {
      maxs[n - 1] = Math.max(maxs[n - 1], max);
      return n;
    }
    mins[n] = min;
    maxs[n] = max;
    return n + 1;
  }

  /** Returns whether the closed range {@code [min, max]} is entirely deleted. */
  boolean covers(long min, long max) {
    int i = indexOfFirstEndingAtOrAfter(min);
    return i < count && mins[i] <= min && max <= maxs[i];
  }

  /** Returns whether any part of the closed range {@code [min, max]} is deleted. */
  boolean overlaps(long min, long max) {
    int i = indexOfFirstEndingAtOrAfter(min);
    return i < count && mins[i] <= max;
  }

  private int indexOfFirstEndingAtOrAfter(long t) {
    int i = Arrays.binarySearch(maxs, 0, count, t);
    return i >= 0 ? i : -i - 1;
  }
}
