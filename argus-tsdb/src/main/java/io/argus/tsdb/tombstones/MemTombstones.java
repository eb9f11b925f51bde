package io.argus.tsdb.tombstones;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * In-memory tombstones: per series reference a sorted, merged list of deleted intervals. Safe for
 * concurrent readers and writers; each series' list is replaced atomically, so a reader sees either
 * the old or the new list of a series.
 */
public final class MemTombstones implements TombstoneReader {
  private final ConcurrentHashMap<Long, List<Interval>> intervals = new ConcurrentHashMap<>();
  private final AtomicLong total = new AtomicLong();

  /** Adds deletion intervals to series {@code ref}, merging overlapping and adjacent ones. */
  public void addInterval(long ref, Interval... itvs) {
    if (itvs.length == 0) {
      return;
    }
    intervals.compute(
        ref,
        (k, old) -> {
          List<Interval> cur = old == null ? List.of() : old;
          for (Interval i : itvs) {
            cur = Intervals.add(cur, i);
          }
          total.addAndGet(cur.size() - (old == null ? 0 : old.size()));
          return cur;
        });
  }

  @Override
  public List<Interval> get(long ref) {
    List<Interval> l = intervals.get(ref);
    return l == null ? List.of() : l;
  }

  @Override
  public void forEach(BiConsumer<Long, List<Interval>> action) {
    intervals.forEach(action);
  }

  /** Returns the number of intervals after merging, over all series. */
  @Override
  public long total() {
    return total.get();
  }

  /** Returns the number of series with deletions. */
  public int seriesCount() {
    return intervals.size();
  }
}
