package io.argus.storage.merge;

import io.argus.storage.ChunkSeries;
import io.argus.storage.ChunkSeriesSet;
import java.util.List;

/**
 * The merge of chunk series sets each sorted by labels; itself sorted. Series with equal labels
 * become one {@link CompactingChunkSeries}. Single-threaded.
 */
final class MergedChunkSeriesSet extends SortedSetMerge<ChunkSeriesSet, ChunkSeries>
    implements ChunkSeriesSet {
  MergedChunkSeriesSet(List<ChunkSeriesSet> sets) {
    super(
        sets,
        ChunkSeriesSet::next,
        ChunkSeriesSet::at,
        ChunkSeries::labels,
        ChunkSeriesSet::warnings,
        (labels, group) -> new CompactingChunkSeries(labels, group.toArray(ChunkSeries[]::new)));
  }
}
