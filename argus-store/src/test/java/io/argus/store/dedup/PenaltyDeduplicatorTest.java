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
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class PenaltyDeduplicatorTest {
  private static final Labels SERIES = Labels.of("__name__", "x_total", "job", "a");
  private static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

  private final PenaltyDeduplicator dedup = new PenaltyDeduplicator();

  /** Seconds to ms. */
  private static long[] seconds(long... s) {
    return LongStream.of(s).map(x -> x * 1000).toArray();
  }

  private static long[] secondsRange(long from, long to, long step) {
    return LongStream.iterate(from, x -> x <= to, x -> x + step).map(x -> x * 1000).toArray();
  }

  private static Series only(SeriesSet set) {
    assertThat(set.next()).isTrue();
    Series s = set.at();
    assertThat(set.next()).isFalse();
    return s;
  }

  private List<Sample> merge(SelectHints hints, Series... replicas) {
    return Sample.drain(
        only(dedup.deduplicate(SeriesSets.from(List.of(replicas)), hints)).iterator(null));
  }

  /** §1.3's table: A = 0..30 then 80.., B = 3..83, 10 s apart. */
  @Test
  void deduplicate_workedExampleOfSpec() {
    ArraySeries a =
        ArraySeries.atTimes(SERIES, concat(seconds(0, 10, 20, 30), secondsRange(80, 150, 10)));
    ArraySeries b = ArraySeries.atTimes(SERIES, secondsRange(3, 83, 10));

    List<Sample> out = merge(SelectHints.NONE, a, b);

    // 80, 90 and 100 of A are skipped by the penalty of 46 s and then 20 s; B runs out after 83.
    assertThat(Sample.times(out))
        .containsExactly(
            LongStream.of(0, 10, 20, 30, 53, 63, 73, 83, 110, 120, 130, 140, 150)
                .map(x -> x * 1000)
                .boxed()
                .toArray(Long[]::new));
  }

  /** §1.4's example: A's last value before its gap is 40, B's next is 38, then 47. */
  @Test
  void deduplicate_counterFunction_offsetsTheReplicaSwitchedTo() {
    ArraySeries a =
        new ArraySeries(
            SERIES, seconds(0, 10, 20, 30, 110, 120), new double[] {10, 20, 30, 40, 100, 110});
    ArraySeries b =
        new ArraySeries(
            SERIES,
            seconds(3, 13, 23, 33, 43, 53, 63, 73, 83),
            new double[] {13, 23, 33, 36, 37, 38, 47, 57, 66});

    List<Sample> rate = merge(hints("rate"), a, b);
    List<Sample> raw = merge(SelectHints.NONE, a, b);

    assertThat(Sample.times(rate)).isEqualTo(Sample.times(raw));
    assertThat(Sample.values(rate))
        .containsExactly(10.0, 20.0, 30.0, 40.0, 40.0, 49.0, 59.0, 68.0, 100.0, 110.0);
    assertThat(Sample.values(raw))
        .containsExactly(10.0, 20.0, 30.0, 40.0, 38.0, 47.0, 57.0, 66.0, 100.0, 110.0);
  }

  @Test
  void deduplicate_counterModeOnlyForCounterFunctions() {
    ArraySeries a = new ArraySeries(SERIES, seconds(0, 10, 20, 30), new double[] {10, 20, 30, 40});
    ArraySeries b = new ArraySeries(SERIES, seconds(53, 63), new double[] {38, 47});

    for (String func : List.of("rate", "irate", "increase", "resets")) {
      assertThat(Sample.values(merge(hints(func), a, b))).as(func).endsWith(40.0, 49.0);
    }
    for (String func : List.of("delta", "max_over_time", "deriv")) {
      assertThat(Sample.values(merge(hints(func), a, b))).as(func).endsWith(38.0, 47.0);
    }
  }

  @Test
  void deduplicate_counterMode_keepsStaleMarkerBits() {
    ArraySeries a = new ArraySeries(SERIES, seconds(0, 10, 20, 30), new double[] {10, 20, 30, 40});
    ArraySeries b = new ArraySeries(SERIES, seconds(53, 63, 73), new double[] {38, STALE_NAN, 50});

    List<Sample> out = merge(hints("rate"), a, b);

    assertThat(Sample.times(out))
        .containsExactly(
            LongStream.of(seconds(0, 10, 20, 30, 53, 63, 73)).boxed().toArray(Long[]::new));
    assertThat(Double.doubleToRawLongBits(out.get(5).v())).isEqualTo(0x7ff0000000000002L);
    assertThat(out.get(4).v()).isEqualTo(40.0);
    assertThat(out.get(6).v()).isEqualTo(52.0);
  }

  /** After A@10000 (delta 10 s), B is sought at lastT + 1 + 20 s: 30001 is kept, 30000 not. */
  @Test
  void deduplicate_penaltyBoundaryIsInclusive() {
    ArraySeries a = ArraySeries.atTimes(SERIES, 0, 10_000);

    assertThat(
            Sample.times(merge(SelectHints.NONE, a, ArraySeries.atTimes(SERIES, 30_001, 40_000))))
        .containsExactly(0L, 10_000L, 30_001L, 40_000L);
    assertThat(
            Sample.times(merge(SelectHints.NONE, a, ArraySeries.atTimes(SERIES, 30_000, 40_000))))
        .containsExactly(0L, 10_000L, 40_000L);
    // the first penalty is 5 s: B's 5000 is skipped after A's 0, 5001 is not
    assertThat(
            Sample.times(
                merge(
                    SelectHints.NONE,
                    ArraySeries.atTimes(SERIES, 0),
                    ArraySeries.atTimes(SERIES, 5_000, 5_001))))
        .containsExactly(0L, 5_001L);
  }

  @Test
  void deduplicate_equalTimestamps_tiesGoToFirstReplica() {
    ArraySeries a = new ArraySeries(SERIES, seconds(0, 10, 20), new double[] {1, 2, 3});
    ArraySeries b = new ArraySeries(SERIES, seconds(0, 10, 20), new double[] {7, 8, 9});

    assertThat(Sample.values(merge(SelectHints.NONE, a, b))).containsExactly(1.0, 2.0, 3.0);
    assertThat(Sample.values(merge(SelectHints.NONE, b, a))).containsExactly(7.0, 8.0, 9.0);
  }

  /** Left fold: merge(merge(A, B), C); the inner merge switches to B, the outer to C. */
  @Test
  void deduplicate_threeReplicas_foldsFromTheLeft() {
    ArraySeries a = ArraySeries.atTimes(SERIES, seconds(0, 10, 20, 30));
    ArraySeries b = ArraySeries.atTimes(SERIES, seconds(100, 110, 120));
    ArraySeries c = ArraySeries.atTimes(SERIES, secondsRange(5, 145, 10));

    List<Sample> out = merge(SelectHints.NONE, a, b, c);

    assertThat(Sample.times(out))
        .containsExactly(
            LongStream.concat(
                    LongStream.of(0, 10, 20, 30),
                    LongStream.iterate(55, x -> x <= 145, x -> x + 10))
                .map(x -> x * 1000)
                .boxed()
                .toArray(Long[]::new));
  }

  @Test
  void deduplicate_emptyReplica_yieldsTheOther() {
    ArraySeries empty = ArraySeries.atTimes(SERIES);
    ArraySeries b = new ArraySeries(SERIES, seconds(3, 13, 23, 60), new double[] {1, 2, 3, 4});

    assertThat(merge(SelectHints.NONE, empty, b)).isEqualTo(Sample.drain(b.iterator(null)));
    assertThat(merge(SelectHints.NONE, b, empty)).isEqualTo(Sample.drain(b.iterator(null)));
    assertThat(merge(SelectHints.NONE, empty, ArraySeries.atTimes(SERIES))).isEmpty();
  }

  @Test
  void seek_stepsThroughTheGapLogic() {
    ArraySeries a =
        ArraySeries.atTimes(SERIES, concat(seconds(0, 10, 20, 30), secondsRange(80, 150, 10)));
    ArraySeries b = ArraySeries.atTimes(SERIES, secondsRange(3, 83, 10));
    SampleIterator it =
        only(dedup.deduplicate(SeriesSets.from(List.of(a, b)), SelectHints.NONE)).iterator(null);

    // A raw seek of both inputs would land on B's 43 s; stepping keeps A until its gap.
    assertThat(it.seek(41_000)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(53_000);
    assertThat(it.seek(50_000)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(53_000);
    assertThat(it.seek(84_000)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(110_000);
    assertThat(it.next()).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(120_000);
    assertThat(it.seek(151_000)).isEqualTo(ValueType.NONE);
    assertThat(it.next()).isEqualTo(ValueType.NONE);
  }

  @Test
  void iterator_reusesTheMergeIterators() {
    ArraySeries a = ArraySeries.atTimes(SERIES, seconds(0, 10));
    ArraySeries b = ArraySeries.atTimes(SERIES, seconds(5, 15));
    ArraySeries c = ArraySeries.atTimes(SERIES, seconds(7, 17));
    Series merged = only(dedup.deduplicate(SeriesSets.from(List.of(a, b, c)), SelectHints.NONE));

    SampleIterator first = merged.iterator(null);
    List<Sample> once = Sample.drain(first);
    SampleIterator second = merged.iterator(first);

    assertThat(second).isSameAs(first);
    assertThat(Sample.drain(second)).isEqualTo(once);
    assertThat(a.created + b.created + c.created).isEqualTo(3);
  }

  private static SelectHints hints(String func) {
    return new SelectHints(0, 1_000_000, 0, 60_000, func, List.of(), false, 0);
  }

  private static long[] concat(long[] x, long[] y) {
    List<Long> all = new ArrayList<>();
    LongStream.of(x).forEach(all::add);
    LongStream.of(y).forEach(all::add);
    return all.stream().mapToLong(Long::longValue).toArray();
  }
}
