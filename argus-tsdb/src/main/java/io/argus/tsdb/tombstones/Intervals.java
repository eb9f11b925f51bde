package io.argus.tsdb.tombstones;

import java.util.ArrayList;
import java.util.List;

/**
 * Operations on lists of closed intervals that are sorted by start and merged: no two intervals
 * overlap or touch (because timestamps are discrete, {@code [1,2]} and {@code [3,4]} touch and
 * merge into {@code [1,4]}). All methods accept and return such lists, never modify their arguments
 * and are thread-safe.
 */
public final class Intervals {
  private Intervals() {}

  /**
   * Returns {@code sorted} with {@code n} added, merging every interval that overlaps or is
   * adjacent to it.
   */
  public static List<Interval> add(List<Interval> sorted, Interval n) {
    int size = sorted.size();
    // First interval that ends at or after n.minTime - 1 (could touch n from the left).
    int from = 0;
    while (from < size && endsBeforeAdjacent(sorted.get(from), n.minTime())) {
      from++;
    }
    // First interval (from 'from' on) that starts after n.maxTime + 1.
    int to = from;
    while (to < size && !startsAfterAdjacent(sorted.get(to), n.maxTime())) {
      to++;
    }
    List<Interval> out = new ArrayList<>(size + 1);
    out.addAll(sorted.subList(0, from));
    if (from == to) {
      out.add(n);
    } else {
      long min = Math.min(n.minTime(), sorted.get(from).minTime());
      long max = Math.max(n.maxTime(), sorted.get(to - 1).maxTime());
      out.add(new Interval(min, max));
    }
    out.addAll(sorted.subList(to, size));
    return List.copyOf(out);
  }

  /** Whether {@code i} ends before {@code t - 1}, so it neither overlaps nor touches {@code t}. */
  private static boolean endsBeforeAdjacent(Interval i, long t) {
    return t != Long.MIN_VALUE && i.maxTime() < t - 1;
  }

  /** Whether {@code i} starts after {@code t + 1}. */
  private static boolean startsAfterAdjacent(Interval i, long t) {
    return t != Long.MAX_VALUE && i.minTime() > t + 1;
  }

  /** Returns the union of two sorted, merged lists. */
  public static List<Interval> merge(List<Interval> a, List<Interval> b) {
    List<Interval> out = a;
    for (Interval i : b) {
      out = add(out, i);
    }
    return out;
  }

  /**
   * Returns whether {@code t} lies in one of the intervals. Binary search, allocation-free for
   * random-access lists; usable per sample by iterators.
   */
  public static boolean isDeleted(long t, List<Interval> sorted) {
    int lo = 0;
    int hi = sorted.size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Interval i = sorted.get(mid);
      if (t < i.minTime()) {
        hi = mid - 1;
      } else if (t > i.maxTime()) {
        lo = mid + 1;
      } else {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the intervals clipped to {@code [mint, maxt]} (inclusive); intervals entirely outside
   * are dropped.
   */
  public static List<Interval> truncate(List<Interval> sorted, long mint, long maxt) {
    List<Interval> out = new ArrayList<>(sorted.size());
    for (Interval i : sorted) {
      if (i.overlaps(mint, maxt)) {
        out.add(new Interval(Math.max(i.minTime(), mint), Math.min(i.maxTime(), maxt)));
      }
    }
    return List.copyOf(out);
  }

  /** Returns whether {@code [mint, maxt]} lies entirely inside one of the intervals. */
  public static boolean covers(List<Interval> sorted, long mint, long maxt) {
    for (Interval i : sorted) {
      if (i.minTime() <= mint && maxt <= i.maxTime()) {
        return true;
      }
    }
    return false;
  }
}
