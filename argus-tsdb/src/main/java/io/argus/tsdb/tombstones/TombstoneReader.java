package io.argus.tsdb.tombstones;

import java.util.List;
import java.util.function.BiConsumer;

/** Read access to deletion intervals per series reference. Thread-safe. */
public interface TombstoneReader {
  /**
   * Returns the deleted intervals of series {@code ref}, sorted and merged (no two overlap or
   * touch); empty when none.
   */
  List<Interval> get(long ref);

  /** Calls {@code action} for each series with deletions, in unspecified order. */
  void forEach(BiConsumer<Long, List<Interval>> action);

  /** Returns the total number of intervals. */
  long total();

  /** A reader without tombstones. */
  TombstoneReader EMPTY =
      new TombstoneReader() {
        @Override
        public List<Interval> get(long ref) {
          return List.of();
        }

        @Override
        public void forEach(BiConsumer<Long, List<Interval>> action) {}

        @Override
        public long total() {
          return 0;
        }
      };
}
