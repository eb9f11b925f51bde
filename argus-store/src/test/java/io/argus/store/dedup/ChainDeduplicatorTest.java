package io.argus.store.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import io.argus.storage.merge.SeriesSets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainDeduplicatorTest {
  private static final Labels SERIES = Labels.of("__name__", "up", "job", "a");

  @Test
  void deduplicate_mergesByTimeAndCollapsesEqualTimestamps() {
    ArraySeries a = new ArraySeries(SERIES, new long[] {0, 10, 20, 40}, new double[] {1, 2, 3, 4});
    ArraySeries b = new ArraySeries(SERIES, new long[] {5, 10, 30, 40}, new double[] {9, 8, 7, 6});
    ArraySeries c = new ArraySeries(SERIES, new long[] {10, 50}, new double[] {5, 5});

    SeriesSet set =
        new ChainDeduplicator().deduplicate(SeriesSets.from(List.of(a, b, c)), SelectHints.NONE);

    assertThat(set.next()).isTrue();
    List<Sample> out = Sample.drain(set.at().iterator(null));
    assertThat(set.next()).isFalse();
    assertThat(out)
        .containsExactly(
            new Sample(0, 1),
            new Sample(5, 9),
            new Sample(10, 2),
            new Sample(20, 3),
            new Sample(30, 7),
            new Sample(40, 4),
            new Sample(50, 5));
  }

  @Test
  void seek_positionsOnTheFirstSampleAtOrAfter() {
    ArraySeries a = new ArraySeries(SERIES, new long[] {0, 10, 20}, new double[] {1, 2, 3});
    ArraySeries b = new ArraySeries(SERIES, new long[] {5, 15}, new double[] {9, 8});
    SeriesSet set =
        new ChainDeduplicator().deduplicate(SeriesSets.from(List.of(a, b)), SelectHints.NONE);
    set.next();
    SampleIterator it = set.at().iterator(null);

    assertThat(it.seek(11)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(15);
    assertThat(it.next()).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(20);
    assertThat(it.seek(21)).isEqualTo(ValueType.NONE);
  }
}
