package io.argus.tsdb.querier;

import io.argus.model.labels.Matcher;
import io.argus.storage.Querier;
import io.argus.storage.SelectHints;
import io.argus.storage.Series;
import io.argus.storage.SeriesSet;
import io.argus.tsdb.BlockReader;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A querier over one {@link BlockReader} (persisted block, head or head range) for the closed range
 * {@code [mint, maxt]} (Unix ms). Series come from the postings of the matchers; each keeps only
 * chunks overlapping the range and not entirely deleted, and its samples are read lazily, trimmed
 * to the range and with tombstoned samples hidden. Series without chunks left are omitted. Of the
 * hints only start and end are used, to narrow the range. Opening takes an index and a chunk reader
 * from the block (which may keep the block from being closed) until {@link #close()}.
 * Single-threaded.
 */
public final class BlockQuerier extends BlockLabelQuerier implements Querier {
  /**
   * Opens a querier over {@code block} for samples with {@code mint <= t <= maxt}.
   *
   * @throws IllegalArgumentException when {@code mint > maxt}
   */
  public BlockQuerier(BlockReader block, long mint, long maxt) {
    super(block, mint, maxt);
  }

  @Override
  public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
    BlockSeriesCursor cursor = cursor(sorted, hints, matchers);
    return new SeriesSet() {
      private @Nullable Series current;

      @Override
      public boolean next() {
        if (!cursor.next()) {
          current = null;
          return false;
        }
        current = new BlockSeries(cursor.at(), chunks);
        return true;
      }

      @Override
      public Series at() {
        return Objects.requireNonNull(current, "series set is not positioned on a series");
      }
    };
  }
}
