package io.argus.storage.merge;

import io.argus.model.labels.Labels;
import io.argus.storage.ChunkSeries;
import io.argus.storage.ChunkSeriesSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The merge of chunk series sets each sorted by labels; itself sorted. Series with equal labels
 * become one {@link CompactingChunkSeries}. Single-threaded.
 */
final class MergedChunkSeriesSet implements ChunkSeriesSet {
  private final ChunkSeriesSet[] sets;
  private final LabelledMerge merge;
  private @Nullable ChunkSeries current;

  MergedChunkSeriesSet(List<ChunkSeriesSet> sets) {
    this.sets = sets.toArray(ChunkSeriesSet[]::new);
    this.merge =
        new LabelledMerge(this.sets.length) {
          @Override
          boolean advance(int i) {
            return MergedChunkSeriesSet.this.sets[i].next();
          }

          @Override
          Labels labelsAt(int i) {
            return MergedChunkSeriesSet.this.sets[i].at().labels();
          }
        };
  }

  @Override
  public boolean next() {
    current = null;
    if (!merge.nextGroup()) {
      return false;
    }
    int n = merge.groupSize();
    ChunkSeries first = sets[merge.groupMember(0)].at();
    if (n == 1) {
      current = first;
    } else {
      ChunkSeries[] sources = new ChunkSeries[n];
      for (int g = 0; g < n; g++) {
        sources[g] = sets[merge.groupMember(g)].at();
      }
      current = new CompactingChunkSeries(first.labels(), sources);
    }
    return true;
  }

  @Override
  public ChunkSeries at() {
    return Objects.requireNonNull(current, "series set is not positioned on a series");
  }

  @Override
  public List<String> warnings() {
    List<String> all = new ArrayList<>();
    for (ChunkSeriesSet s : sets) {
      all.addAll(s.warnings());
    }
    return all;
  }
}
