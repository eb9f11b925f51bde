package io.argus.app.query;

import io.argus.store.dedup.ChainDeduplicator;
import io.argus.store.dedup.GapFillDeduplicator;
import io.argus.store.dedup.PenaltyDeduplicator;
import io.argus.store.dedup.SeriesDeduplicator;

/** The values of {@code --deduplication.func}. */
public enum DedupFunc {
  /** Argus' default: fill every gap from whichever replica has data, counters kept monotonic. */
  GAPFILL,
  /** Thanos' penalty algorithm (its default), counter mode by function name. */
  PENALTY,
  /** A plain sorted merge with equal timestamps collapsed. */
  CHAIN;

  /** The deduplicator this value names. */
  public SeriesDeduplicator deduplicator() {
    return switch (this) {
      case GAPFILL -> new GapFillDeduplicator();
      case PENALTY -> new PenaltyDeduplicator();
      case CHAIN -> new ChainDeduplicator();
    };
  }
}
