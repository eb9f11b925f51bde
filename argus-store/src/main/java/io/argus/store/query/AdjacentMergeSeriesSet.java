package io.argus.store.query;

import io.argus.model.labels.Labels;
import io.argus.storage.SampleIterator;
import io.argus.storage.Series;
import io.argus.storage.SeriesSet;
import io.argus.storage.merge.MergeSampleIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * Makes one series of each run of adjacent series with equal labels (the same series from several
 * stores), merging their samples by timestamp with one sample per timestamp, the earlier series
 * winning ties. Used when deduplication is off. Single-threaded; carries the input's warnings.
 */
final class AdjacentMergeSeriesSet implements SeriesSet {
  private final SeriesSet in;
  private @Nullable Series pending;
  private @Nullable Series current;
  private boolean started;

  AdjacentMergeSeriesSet(SeriesSet in) {
    this.in = in;
  }

  @Override
  public boolean next() {
    if (!started) {
      started = true;
      pending = in.next() ? in.at() : null;
    }
    Series first = pending;
    if (first == null) {
      current = null;
      return false;
    }
    List<Series> group = null;
    while (true) {
      if (!in.next()) {
        pending = null;
        break;
      }
      Series s = in.at();
      if (!s.labels().equals(first.labels())) {
        pending = s;
        break;
      }
      if (group == null) {
        group = new ArrayList<>(2);
        group.add(first);
      }
      group.add(s);
    }
    current = group == null ? first : new Merged(first.labels(), group.toArray(Series[]::new));
    return true;
  }

  @Override
  public Series at() {
    Series s = current;
    if (s == null) {
      throw new NoSuchElementException("series set is not positioned on a series");
    }
    return s;
  }

  @Override
  public List<String> warnings() {
    return in.warnings();
  }

  private record Merged(Labels labels, Series[] sources) implements Series {
    @Override
    public SampleIterator iterator(@Nullable SampleIterator reuse) {
      SampleIterator[] its = new SampleIterator[sources.length];
      for (int i = 0; i < sources.length; i++) {
        its[i] = sources[i].iterator(null);
      }
      return new MergeSampleIterator(its);
    }
  }
}
