package io.argus.tsdb.querier;

import io.argus.model.labels.LabelsBuilder;
import io.argus.tsdb.index.ChunkRef;
import io.argus.tsdb.index.IndexReader;
import io.argus.tsdb.index.Postings;
import io.argus.tsdb.tombstones.TombstoneReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Walks a postings list and, per series, reads its labels and chunk references, keeping the chunks
 * that overlap the query range and are not entirely deleted. Series left without chunks are
 * skipped. Each series is a fresh {@link SeriesChunkRefs}, so it may be captured by the series
 * handed out. Single-threaded.
 */
final class BlockSeriesCursor {
  private final IndexReader index;
  private final TombstoneReader tombstones;
  private final Postings postings;
  private final long mint;
  private final long maxt;
  private final LabelsBuilder builder = new LabelsBuilder();
  private final List<ChunkRef> chunkRefs = new ArrayList<>();

  private @Nullable SeriesChunkRefs at;

  BlockSeriesCursor(
      IndexReader index, TombstoneReader tombstones, Postings postings, long mint, long maxt) {
    this.index = index;
    this.tombstones = tombstones;
    this.postings = postings;
    this.mint = mint;
    this.maxt = maxt;
  }

  boolean next() {
    while (postings.next()) {
      long ref = postings.at();
      if (!index.series(ref, builder, chunkRefs)) {
        continue;
      }
      DeletedRanges del = DeletedRanges.of(tombstones.get(ref), mint, maxt);
      int n = 0;
      for (ChunkRef c : chunkRefs) {
        if (c.overlaps(mint, maxt) && !del.covers(c.minTime(), c.maxTime())) {
          n++;
        }
      }
      if (n == 0) {
        continue;
      }
      long[] r = new long[n];
      long[] mins = new long[n];
      long[] maxs = new long[n];
      int i = 0;
      for (ChunkRef c : chunkRefs) {
        if (c.overlaps(mint, maxt) && !del.covers(c.minTime(), c.maxTime())) {
          r[i] = c.ref();
          mins[i] = c.minTime();
          maxs[i] = c.maxTime();
          i++;
        }
      }
      at = new SeriesChunkRefs(builder.build(), r, mins, maxs, n, del);
      return true;
    }
    at = null;
    return false;
  }

  /** Returns the series {@link #next()} moved to. */
  SeriesChunkRefs at() {
    return Objects.requireNonNull(at, "cursor is not positioned on a series");
  }
}
