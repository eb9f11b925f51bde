package io.argus.storage.merge;

import io.argus.model.labels.Matcher;
import io.argus.storage.ChunkQuerier;
import io.argus.storage.ChunkSeriesSet;
import io.argus.storage.SelectHints;
import java.util.ArrayList;
import java.util.List;

/** A chunk querier over several chunk queriers; see {@link ChunkQueriers#merge}. */
final class MergeChunkQuerier extends MergeLabelQuerier<ChunkQuerier> implements ChunkQuerier {
  MergeChunkQuerier(List<ChunkQuerier> queriers) {
    super(queriers);
  }

  @Override
  public ChunkSeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
    List<ChunkSeriesSet> sets = new ArrayList<>(queriers.size());
    for (ChunkQuerier q : queriers) {
      sets.add(q.select(true, hints, matchers));
    }
    return new MergedChunkSeriesSet(sets);
  }
}
