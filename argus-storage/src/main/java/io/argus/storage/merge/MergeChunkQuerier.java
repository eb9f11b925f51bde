package io.argus.storage.merge;

import io.argus.model.labels.Matcher;
import io.argus.storage.ChunkQuerier;
import io.argus.storage.ChunkSeriesSet;
import io.argus.storage.SelectHints;
import java.util.ArrayList;
import java.util.List;

/** A chunk querier over several chunk queriers; see {@link ChunkQueriers#merge}. */
final class MergeChunkQuerier implements ChunkQuerier {
  private final List<ChunkQuerier> queriers;

  MergeChunkQuerier(List<ChunkQuerier> queriers) {
    this.queriers = List.copyOf(queriers);
  }

  @Override
  public ChunkSeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
    List<ChunkSeriesSet> sets = new ArrayList<>(queriers.size());
    for (ChunkQuerier q : queriers) {
      sets.add(q.select(true, hints, matchers));
    }
    return new MergedChunkSeriesSet(sets);
  }

  @Override
  public List<String> labelValues(String name, Matcher... matchers) {
    List<List<String>> all = new ArrayList<>(queriers.size());
    for (ChunkQuerier q : queriers) {
      all.add(q.labelValues(name, matchers));
    }
    return SortedStrings.union(all);
  }

  @Override
  public List<String> labelNames(Matcher... matchers) {
    List<List<String>> all = new ArrayList<>(queriers.size());
    for (ChunkQuerier q : queriers) {
      all.add(q.labelNames(matchers));
    }
    return SortedStrings.union(all);
  }

  @Override
  public void close() {
    Closing.closeAll(queriers);
  }
}
