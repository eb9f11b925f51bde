package io.argus.store.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.storage.SelectHints;
import io.argus.storage.Series;
import io.argus.storage.SeriesSet;
import io.argus.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class ReplicaGroupingSeriesSetTest {
  private static final Labels X = Labels.of("__name__", "m", "i", "x");
  private static final Labels Y = Labels.of("__name__", "m", "i", "y");
  private static final Labels Z = Labels.of("__name__", "m", "i", "z");

  /** A list-backed set with warnings that counts how far it has been read. */
  private static final class CountingSet implements SeriesSet {
    private final List<? extends Series> series;
    private final List<String> warnings;
    int read;

    CountingSet(List<? extends Series> series, List<String> warnings) {
      this.series = series;
      this.warnings = warnings;
    }

    @Override
    public boolean next() {
      if (read >= series.size()) {
        return false;
      }
      read++;
      return true;
    }

    @Override
    public Series at() {
      return series.get(read - 1);
    }

    @Override
    public List<String> warnings() {
      return warnings;
    }
  }

  static List<SeriesDeduplicator> all() {
    return List.of(new ChainDeduplicator(), new PenaltyDeduplicator(), new GapFillDeduplicator());
  }

  @Test
  void deduplicate_oneSeriesPerLabelSetInOrder_lazily_withWarnings() {
    for (SeriesDeduplicator dedup : all()) {
      ArraySeries x1 = ArraySeries.atTimes(X, 1, 2);
      ArraySeries x2 = ArraySeries.atTimes(X, 1, 3);
      ArraySeries y = ArraySeries.atTimes(Y, 5);
      ArraySeries z1 = ArraySeries.atTimes(Z, 7);
      ArraySeries z2 = ArraySeries.atTimes(Z, 20_000);
      ArraySeries z3 = ArraySeries.atTimes(Z, 100_000);
      CountingSet input = new CountingSet(List.of(x1, x2, y, z1, z2, z3), List.of("store b down"));

      SeriesSet set = dedup.deduplicate(input, SelectHints.NONE);
      List<Labels> labels = new ArrayList<>();
      List<Integer> readAfterEach = new ArrayList<>();
      List<Series> series = new ArrayList<>();
      while (set.next()) {
        labels.add(set.at().labels());
        series.add(set.at());
        readAfterEach.add(input.read);
      }

      assertThat(labels).as(dedup.getClass().getSimpleName()).containsExactly(X, Y, Z);
      assertThat(readAfterEach).containsExactly(3, 4, 6);
      assertThat(series.get(1)).isSameAs(y);
      assertThat(Sample.times(Sample.drain(series.get(2).iterator(null)))).hasSize(3);
      assertThat(set.warnings()).containsExactly("store b down");
      assertThat(set.next()).isFalse();
      assertThatThrownBy(set::at).isInstanceOf(NoSuchElementException.class);
    }
  }

  @Test
  void deduplicate_unsortedInput_failsClearly() {
    for (SeriesDeduplicator dedup : all()) {
      CountingSet input =
          new CountingSet(List.of(ArraySeries.atTimes(Y, 1), ArraySeries.atTimes(X, 1)), List.of());
      SeriesSet set = dedup.deduplicate(input, SelectHints.NONE);

      assertThatThrownBy(set::next)
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("sorted by labels");
    }
  }

  @Test
  void deduplicate_emptyInput() {
    for (SeriesDeduplicator dedup : all()) {
      SeriesSet set = dedup.deduplicate(new CountingSet(List.of(), List.of()), SelectHints.NONE);
      assertThat(set.next()).isFalse();
      assertThat(set.warnings()).isEmpty();
    }
  }
}
