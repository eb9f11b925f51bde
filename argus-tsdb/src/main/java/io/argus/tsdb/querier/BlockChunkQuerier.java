package io.argus.tsdb.querier;

import io.argus.model.labels.Matcher;
import io.argus.storage.ChunkQuerier;
import io.argus.storage.ChunkSeries;
import io.argus.storage.ChunkSeriesSet;
import io.argus.storage.SelectHints;
import io.argus.tsdb.BlockReader;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The chunk twin of {@link BlockQuerier}: series as chunks overlapping {@code [mint, maxt]}. Chunks
 * that a tombstone or the edge of the range cuts into are re-encoded without the removed samples
 * (XOR, reference 0); chunks left intact are returned as stored. Used by compaction.
 * Single-threaded.
 */
public final class BlockChunkQuerier extends BlockLabelQuerier implements ChunkQuerier {
  /**
   * Opens a chunk querier over {@code block} for samples with {@code mint <= t <= maxt}.
   *
   * @throws IllegalArgumentException when {@code mint > maxt}
   */
  public BlockChunkQuerier(BlockReader block, long mint, long maxt) {
    super(block, mint, maxt);
  }

  @Override
  public ChunkSeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
    BlockSeriesCursor cursor = cursor(sorted, hints, matchers);
    return new ChunkSeriesSet() {
      private @Nullable ChunkSeries current;

      @Override
      public boolean next() {
        if (!cursor.next()) {
          current = null;
          return false;
        }
        current = new BlockChunkSeries(cursor.at(), chunks);
        return true;
      }

      @Override
      public ChunkSeries at() {
        return Objects.requireNonNull(current, "series set is not positioned on a series");
      }
    };
  }
}
