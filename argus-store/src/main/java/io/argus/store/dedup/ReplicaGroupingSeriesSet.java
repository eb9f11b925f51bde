package io.argus.store.dedup;

import io.argus.model.labels.Labels;
import io.argus.storage.Series;
import io.argus.storage.SeriesSet;
import io.argus.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * Collects runs of adjacent series with equal labels from a set sorted by labels and yields one
 * series per run: a run of one is passed through unchanged, a longer run is handed to a {@link
 * GroupMerger}. Reads the input lazily, one series ahead of the run it yields; relies, as every
 * merge over series sets does, on a series staying usable after its set has moved on. An input that
 * is not sorted fails with a {@link StorageException}, since its replicas would not be adjacent.
 * Single-threaded.
 */
final class ReplicaGroupingSeriesSet implements SeriesSet {
  /** Makes one series of the replicas of one label set. */
  @FunctionalInterface
  interface GroupMerger {
    /**
     * @param labels the labels the replicas share
     * @param replicas two or more series in input order; the array is owned by the callee
     */
    Series merge(Labels labels, Series[] replicas);
  }

  private final SeriesSet input;
  private final GroupMerger merger;
  private final List<Series> group = new ArrayList<>();
  private @Nullable Series lookahead;
  private @Nullable Series current;
  private boolean inputDone;

  ReplicaGroupingSeriesSet(SeriesSet input, GroupMerger merger) {
    this.input = input;
    this.merger = merger;
  }

  @Override
  public boolean next() {
    Series first = lookahead;
    lookahead = null;
    if (first == null) {
      if (inputDone || !input.next()) {
        inputDone = true;
        current = null;
        return false;
      }
      first = input.at();
    }
    Labels labels = first.labels();
    group.clear();
    group.add(first);
    while (true) {
      if (!input.next()) {
        inputDone = true;
        break;
      }
      Series s = input.at();
      int cmp = s.labels().compareTo(labels);
      if (cmp == 0) {
        group.add(s);
      } else if (cmp > 0) {
        lookahead = s;
        break;
      } else {
        throw new StorageException(
            "replica dedup needs series sorted by labels without replica labels, got "
                + s.labels()
                + " after "
                + labels);
      }
    }
    current = group.size() == 1 ? first : merger.merge(labels, group.toArray(new Series[0]));
    group.clear();
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
    return input.warnings();
  }
}
