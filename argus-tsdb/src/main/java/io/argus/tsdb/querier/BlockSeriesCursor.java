package io.argus.tsdb.querier;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.tsdb.index.ChunkRef;
import io.argus.tsdb.index.IndexReader;
import io.argus.tsdb.index.Postings;
import io.argus.tsdb.tombstones.TombstoneReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a postings list and, per series, reads its labels and chunk references, keeping the chunks
 * that overlap the query range and are not entirely deleted. Series left without chunks are
 * skipped. The state after {@link #next()} (labels, chunk arrays, deleted ranges) is fresh per
 * series, so it may be captured by the series handed out. Single-threaded.
 */
final class BlockSeriesCursor {
  private final IndexReader index;
  private final TombstoneReader tombstones;
  private final Postings postings;
  private final long mint;
  private final long maxt;
  private final LabelsBuilder builder = new LabelsBuilder();
  private final List<ChunkRef> chunkRefs = new ArrayList<>();

  Labels labels = Labels.EMPTY;
  long[] refs = new long[0];
  long[] chunkMins = new long[0];
  long[] chunkMaxs = new long[0];
  int chunkCount;
  DeletedRanges deleted = DeletedRanges.NONE;

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
      labels = builder.build();
      refs = r;
      chunkMins = mins;
      chunkMaxs = maxs;
      chunkCount = n;
      deleted = del;
      return true;
    }
    return false;
  }
}
