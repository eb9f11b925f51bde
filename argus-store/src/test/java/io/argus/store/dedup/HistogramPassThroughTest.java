package io.argus.store.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.Series;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import io.argus.storage.merge.SeriesSets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Native histogram samples take part in the timing, pass through with their type, never offset. */
class HistogramPassThroughTest {
  private static final Labels SERIES = Labels.of("__name__", "requests_total", "job", "a");

  /** A series whose samples have the given types (histogram values are not readable here). */
  private record TypedSeries(long[] ts, double[] vs, ValueType[] types) implements Series {
    @Override
    public Labels labels() {
      return SERIES;
    }

    @Override
    public SampleIterator iterator(@Nullable SampleIterator reuse) {
      return new SampleIterator() {
        private int i = -1;

        @Override
        public ValueType next() {
          if (i < ts.length) {
            i++;
          }
          return i < ts.length ? types[i] : ValueType.NONE;
        }

        @Override
        public ValueType seek(long t) {
          if (i < 0) {
            i = 0;
          }
          while (i < ts.length && ts[i] < t) {
            i++;
          }
          return i < ts.length ? types[i] : ValueType.NONE;
        }

        @Override
        public long atT() {
          return ts[i];
        }

        @Override
        public double atFloat() {
          if (types[i] != ValueType.FLOAT) {
            throw new IllegalStateException("not a float sample");
          }
          return vs[i];
        }
      };
    }
  }

  private static final ValueType F = ValueType.FLOAT;
  private static final ValueType H = ValueType.HISTOGRAM;

  /** Reads "t:type[:value]" entries. */
  private static List<String> read(SeriesDeduplicator dedup, Series... replicas) {
    SeriesSet set =
        dedup.deduplicate(
            SeriesSets.from(List.of(replicas)),
            new SelectHints(0, 1_000_000, 0, 60_000, "rate", List.of(), false, 0));
    assertThat(set.next()).isTrue();
    SampleIterator it = set.at().iterator(null);
    List<String> out = new ArrayList<>();
    for (ValueType type = it.next(); type != ValueType.NONE; type = it.next()) {
      out.add(it.atT() / 1000 + ":" + type + (type == F ? ":" + it.atFloat() : ""));
    }
    return out;
  }

  @Test
  void gapFill_histogramSamplesPassThrough_andDoNotOffset() {
    TypedSeries a =
        new TypedSeries(
            new long[] {0, 10_000, 20_000, 30_000},
            new double[] {10, 0, 30, 40},
            new ValueType[] {F, H, F, F});
    TypedSeries b =
        new TypedSeries(new long[] {43_000, 53_000}, new double[] {38, 47}, new ValueType[] {F, F});
    TypedSeries endsInHistogram =
        new TypedSeries(
            new long[] {0, 10_000, 20_000}, new double[] {10, 20, 0}, new ValueType[] {F, F, H});
    TypedSeries c =
        new TypedSeries(new long[] {33_000, 43_000}, new double[] {5, 15}, new ValueType[] {F, F});

    assertThat(read(new GapFillDeduplicator(), a, b))
        .containsExactly(
            "0:FLOAT:10.0",
            "10:HISTOGRAM",
            "20:FLOAT:30.0",
            "30:FLOAT:40.0",
            "43:FLOAT:40.0",
            "53:FLOAT:49.0");
    // After a histogram sample there is no float to continue from: no offset.
    assertThat(read(new GapFillDeduplicator(), endsInHistogram, c))
        .containsExactly(
            "0:FLOAT:10.0", "10:FLOAT:20.0", "20:HISTOGRAM", "33:FLOAT:5.0", "43:FLOAT:15.0");
  }

  @Test
  void penalty_histogramSamplesPassThrough() {
    TypedSeries a =
        new TypedSeries(
            new long[] {0, 10_000, 20_000}, new double[] {10, 0, 30}, new ValueType[] {F, H, F});
    TypedSeries b =
        new TypedSeries(new long[] {50_000, 60_000}, new double[] {38, 47}, new ValueType[] {F, F});

    assertThat(read(new PenaltyDeduplicator(), a, b))
        .containsExactly(
            "0:FLOAT:10.0", "10:HISTOGRAM", "20:FLOAT:30.0", "50:FLOAT:38.0", "60:FLOAT:47.0");
  }
}
