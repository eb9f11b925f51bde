package io.argus.storage.merge;

import io.argus.model.labels.Labels;
import io.argus.storage.Series;
import io.argus.storage.SeriesSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The merge of series sets each sorted by labels; itself sorted. Single-threaded. */
final class MergedSeriesSet implements SeriesSet {
  private final SeriesSet[] sets;
  private final LabelledMerge merge;
  private @Nullable Series current;

  MergedSeriesSet(List<SeriesSet> sets) {
    this.sets = sets.toArray(SeriesSet[]::new);
    this.merge =
        new LabelledMerge(this.sets.length) {
          @Override
          boolean advance(int i) {
            return MergedSeriesSet.this.sets[i].next();
          }

          @Override
          Labels labelsAt(int i) {
            return MergedSeriesSet.this.sets[i].at().labels();
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
    Series first = sets[merge.groupMember(0)].at();
    if (n == 1) {
      current = first;
    } else {
      Series[] sources = new Series[n];
      for (int g = 0; g < n; g++) {
        sources[g] = sets[merge.groupMember(g)].at();
      }
      current = new MergedSeries(first.labels(), sources);
    }
    return true;
  }

  @Override
  public Series at() {
    return Objects.requireNonNull(current, "series set is not positioned on a series");
  }

  @Override
  public List<String> warnings() {
    List<String> all = new ArrayList<>();
    for (SeriesSet s : sets) {
      all.addAll(s.warnings());
    }
    return all;
  }
}
