package io.argus.app.query;

import io.argus.store.dedup.ChainDeduplicator;
import io.argus.store.dedup.CounterClassifier;
import io.argus.store.dedup.GapFillDeduplicator;
import io.argus.store.dedup.PenaltyDeduplicator;
import io.argus.store.dedup.SeriesDeduplicator;

/** The values of {@code --deduplication.func}. */
public enum DedupFunc {
  /**
   * Argus' default: fill every gap from whichever replica has data, counters (by scraped type, else
   * by name) kept monotonic.
   */
  GAPFILL,
  /** Thanos' penalty algorithm (its default), counter mode by function name. */
  PENALTY,
  /** A plain sorted merge with equal timestamps collapsed. */
  CHAIN;

  /**
   * The deduplicator this value names.
   *
   * @param counters how {@code gapfill} recognises counters (the others decide by function name)
   */
  public SeriesDeduplicator deduplicator(CounterClassifier counters) {
    return switch (this) {
      case GAPFILL -> new GapFillDeduplicator(counters);
      case PENALTY -> new PenaltyDeduplicator();
      case CHAIN -> new ChainDeduplicator();
    };
  }
}
