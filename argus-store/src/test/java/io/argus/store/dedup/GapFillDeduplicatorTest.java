package io.argus.store.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.Series;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import io.argus.storage.merge.SeriesSets;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class GapFillDeduplicatorTest {
  private static final Labels COUNTER = Labels.of("__name__", "requests_total", "job", "a");
  private static final Labels GAUGE = Labels.of("__name__", "temperature", "job", "a");
  private static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

  private final GapFillDeduplicator dedup = new GapFillDeduplicator();

  private static long[] seconds(long... s) {
    return LongStream.of(s).map(x -> x * 1000).toArray();
  }

  private static long[] secondsRange(long from, long to, long step) {
    return LongStream.iterate(from, x -> x <= to, x -> x + step).map(x -> x * 1000).toArray();
  }

  private static Long[] boxed(long[] times) {
    return LongStream.of(times).boxed().toArray(Long[]::new);
  }

  private static long[] concat(long[]... parts) {
    return java.util.Arrays.stream(parts).flatMapToLong(LongStream::of).toArray();
  }

  private static Series only(SeriesSet set) {
    assertThat(set.next()).isTrue();
    Series s = set.at();
    assertThat(set.next()).isFalse();
    return s;
  }

  private List<Sample> merge(Series... replicas) {
    return Sample.drain(
        only(dedup.deduplicate(SeriesSets.from(List.of(replicas)), SelectHints.NONE))
            .iterator(null));
  }

  @Test
  void deduplicate_replicasKeepingCadence_staysOnTheFirst() {
    ArraySeries a = ArraySeries.atTimes(GAUGE, 0, 10_004, 19_998, 30_001, 40_000, 50_003);
    ArraySeries b = ArraySeries.atTimes(GAUGE, 2_990, 13_010, 22_995, 33_000, 43_004, 52_999);

    // B's last sample comes after A has run out.
    assertThat(Sample.times(merge(a, b)))
        .containsExactly(0L, 10_004L, 19_998L, 30_001L, 40_000L, 50_003L, 52_999L);
  }

  /** §1.3's data: penalty turns A's 50 s hole into 23 s; here no step is longer than 7 s. */
  @Test
  void deduplicate_gapInCurrentReplica_filledFromTheOther() {
    ArraySeries a =
        ArraySeries.atTimes(GAUGE, concat(seconds(0, 10, 20, 30), secondsRange(80, 150, 10)));
    ArraySeries b = ArraySeries.atTimes(GAUGE, secondsRange(3, 83, 10));

    List<Sample> out = merge(a, b);

    // After B runs out at 83, A's 80 is passed and 90 follows.
    assertThat(Sample.times(out))
        .containsExactly(
            boxed(
                concat(
                    seconds(0, 10, 20, 30), secondsRange(33, 83, 10), secondsRange(90, 150, 10))));
    assertThat(out.get(4).v()).isEqualTo(33.0);
  }

  @Test
  void deduplicate_gapInEveryReplica_fillsWhatItCan() {
    ArraySeries a = ArraySeries.atTimes(GAUGE, seconds(0, 10, 20, 90, 100));
    ArraySeries b = ArraySeries.atTimes(GAUGE, seconds(5, 15, 25, 95, 105));

    // A's gap after 20: B's 25; B's gap after 25: A's 90 comes before B's 95; A runs out: B's 105.
    assertThat(Sample.times(merge(a, b)))
        .containsExactly(boxed(seconds(0, 10, 20, 25, 90, 100, 105)));
  }

  @Test
  void deduplicate_nearDuplicateOfOtherReplica_notUsed() {
    ArraySeries a = ArraySeries.atTimes(GAUGE, seconds(0, 20, 40, 60));
    ArraySeries b = ArraySeries.atTimes(GAUGE, 64_500, 81_000, 100_500, 101_000, 121_000);

    // At 60 A runs out (d = 20 s); B's 64.5 s is more than d/5 = 4 s later. At 101 s B's last
    // interval is 0.5 s; its 121 s is a gap, but A has nothing.
    assertThat(Sample.times(merge(a, b)))
        .containsExactly(
            boxed(
                concat(
                    seconds(0, 20, 40, 60),
                    new long[] {64_500, 81_000, 100_500, 101_000, 121_000})));
    ArraySeries c = ArraySeries.atTimes(GAUGE, 60_900, 80_900);
    // C's 60.9 s is within 4 s of A's 60 s: skipped; 80.9 s follows.
    assertThat(Sample.times(merge(a, c)))
        .containsExactly(boxed(concat(seconds(0, 20, 40, 60), new long[] {80_900})));
  }

  @Test
  void deduplicate_singleMissedScrape_filled() {
    ArraySeries a = ArraySeries.atTimes(GAUGE, seconds(0, 10, 20, 40, 50));
    ArraySeries b = ArraySeries.atTimes(GAUGE, seconds(7, 17, 27, 37, 47, 57));

    // A's 20 -> 40 is 2 intervals (> 1.5): B's 27 fills it, and the output stays on B.
    assertThat(Sample.times(merge(a, b)))
        .containsExactly(boxed(seconds(0, 10, 20, 27, 37, 47, 57)));
  }

  /** d = 10 s: a step of exactly 15 s is no gap, 15.001 s is; offers must be > 2 s later. */
  @Test
  void deduplicate_gapAndSpacingBoundaries() {
    ArraySeries b = ArraySeries.atTimes(GAUGE, 12_001, 20_000);

    assertThat(Sample.times(merge(ArraySeries.atTimes(GAUGE, 0, 10_000, 25_000), b)))
        .containsExactly(0L, 10_000L, 25_000L);
    assertThat(Sample.times(merge(ArraySeries.atTimes(GAUGE, 0, 10_000, 25_001), b)))
        .containsExactly(0L, 10_000L, 12_001L, 20_000L, 25_001L);
    assertThat(
            Sample.times(
                merge(
                    ArraySeries.atTimes(GAUGE, 0, 10_000, 25_001),
                    ArraySeries.atTimes(GAUGE, 12_000, 20_000))))
        .containsExactly(0L, 10_000L, 20_000L, 25_001L);
  }

  @Test
  void deduplicate_counter_offsetsTheReplicaSwitchedTo_evenForRawSelectors() {
    ArraySeries a =
        new ArraySeries(COUNTER, seconds(0, 10, 20, 30, 100), new double[] {10, 20, 30, 40, 200});
    ArraySeries b =
        new ArraySeries(COUNTER, seconds(3, 13, 23, 33, 43), new double[] {1, 2, 3, 38, 47});

    List<Sample> out = merge(a, b);

    assertThat(Sample.times(out)).containsExactly(boxed(seconds(0, 10, 20, 30, 33, 43, 100)));
    // B is offset by 2 at the switch; A at 100 (200) is above B's last output and is not offset.
    assertThat(Sample.values(out)).containsExactly(10.0, 20.0, 30.0, 40.0, 40.0, 49.0, 200.0);
  }

  @Test
  void deduplicate_gauge_notOffset() {
    ArraySeries a = new ArraySeries(GAUGE, seconds(0, 10, 20, 30), new double[] {10, 20, 30, 40});
    ArraySeries b = new ArraySeries(GAUGE, seconds(43, 53), new double[] {38, 47});

    assertThat(Sample.values(merge(a, b))).containsExactly(10.0, 20.0, 30.0, 40.0, 38.0, 47.0);
  }

  @Test
  void deduplicate_counterResetWithinOneReplica_staysAReset() {
    ArraySeries a =
        new ArraySeries(COUNTER, seconds(0, 10, 20, 30, 40), new double[] {50, 60, 2, 12, 22});
    ArraySeries b =
        new ArraySeries(COUNTER, seconds(5, 15, 25, 35, 45), new double[] {55, 65, 7, 17, 27});

    assertThat(Sample.values(merge(a, b))).containsExactly(50.0, 60.0, 2.0, 12.0, 22.0, 27.0);
  }

  @Test
  void deduplicate_counter_staleMarkersKeepTheirBitsAndStopOffsets() {
    ArraySeries a = new ArraySeries(COUNTER, seconds(0, 10, 20), new double[] {10, 20, STALE_NAN});
    ArraySeries b = new ArraySeries(COUNTER, seconds(33, 43), new double[] {3, 13});

    List<Sample> out = merge(a, b);

    assertThat(Double.doubleToRawLongBits(out.get(2).v())).isEqualTo(0x7ff0000000000002L);
    // After a stale marker the series starts anew: B is not lifted to A's old values.
    assertThat(Sample.values(out).subList(3, 5)).containsExactly(3.0, 13.0);
  }

  @Test
  void deduplicate_threeReplicas_eachFillsTheNext() {
    ArraySeries a = ArraySeries.atTimes(GAUGE, secondsRange(0, 30, 10));
    ArraySeries b = ArraySeries.atTimes(GAUGE, secondsRange(4, 64, 10));
    ArraySeries c = ArraySeries.atTimes(GAUGE, secondsRange(48, 118, 10));

    // C's 48 is later than B's 34; after B's last (64) C's 68 follows.

    assertThat(Sample.times(merge(a, b, c)))
        .containsExactly(
            boxed(
                concat(
                    secondsRange(0, 30, 10), secondsRange(34, 64, 10), secondsRange(68, 118, 10))));
  }

  @Test
  void deduplicate_startsOnTheFirstReplica_unlessAnotherStartsOneAndAHalfIntervalsEarlier() {
    ArraySeries a = new ArraySeries(GAUGE, seconds(5, 15), new double[] {1, 2});
    ArraySeries b = new ArraySeries(GAUGE, seconds(5, 15), new double[] {7, 8});
    ArraySeries early = new ArraySeries(GAUGE, seconds(2, 12, 22), new double[] {0, 0, 0});
    ArraySeries late = new ArraySeries(GAUGE, seconds(30, 40), new double[] {3, 4});
    ArraySeries single = new ArraySeries(GAUGE, seconds(5), new double[] {5});

    assertThat(Sample.values(merge(a, b))).containsExactly(1.0, 2.0);
    assertThat(Sample.values(merge(b, a))).containsExactly(7.0, 8.0);
    // early starts 3 s before a, within 1.5 x a's 10 s interval: a's samples, then early's after
    assertThat(Sample.times(merge(a, early))).containsExactly(boxed(seconds(5, 15, 22)));
    // late starts 28 s after early (more than 1.5 x its 10 s interval): early's samples first,
    // then late's after early ends
    assertThat(Sample.times(merge(late, early, a)))
        .containsExactly(boxed(seconds(2, 12, 22, 30, 40)));
    // a first replica with one sample has no interval: the earliest first sample
    assertThat(Sample.times(merge(single, early))).containsExactly(boxed(seconds(2, 12, 22)));
  }

  @Test
  void deduplicate_emptyReplicas() {
    ArraySeries empty = ArraySeries.atTimes(GAUGE);
    ArraySeries b = ArraySeries.atTimes(GAUGE, seconds(3, 13, 60));

    assertThat(merge(empty, b)).isEqualTo(Sample.drain(b.iterator(null)));
    assertThat(merge(b, empty)).isEqualTo(Sample.drain(b.iterator(null)));
    assertThat(merge(empty, ArraySeries.atTimes(GAUGE))).isEmpty();
  }

  @Test
  void seek_stepsThroughTheGapLogic() {
    ArraySeries a =
        ArraySeries.atTimes(GAUGE, concat(seconds(0, 10, 20, 30), secondsRange(80, 150, 10)));
    ArraySeries b = ArraySeries.atTimes(GAUGE, secondsRange(3, 83, 10));
    SampleIterator it =
        only(dedup.deduplicate(SeriesSets.from(List.of(a, b)), SelectHints.NONE)).iterator(null);

    assertThat(it.seek(31_000)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(33_000);
    assertThat(it.seek(32_000)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(33_000);
    assertThat(it.seek(84_000)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(90_000);
    assertThat(it.seek(151_000)).isEqualTo(ValueType.NONE);
    assertThat(it.next()).isEqualTo(ValueType.NONE);
  }

  @Test
  void iterator_reusedWithTheReplicasIterators() {
    ArraySeries a = ArraySeries.atTimes(GAUGE, seconds(0, 10, 20));
    ArraySeries b = ArraySeries.atTimes(GAUGE, seconds(5, 15, 25, 35));
    Series merged = only(dedup.deduplicate(SeriesSets.from(List.of(a, b)), SelectHints.NONE));

    SampleIterator first = merged.iterator(null);
    List<Sample> once = Sample.drain(first);
    SampleIterator second = merged.iterator(first);

    assertThat(second).isSameAs(first);
    assertThat(Sample.drain(second)).isEqualTo(once);
    assertThat(a.created + b.created).isEqualTo(2);
  }

  @Test
  void deduplicate_classifierDecidesCounterMode() {
    ArraySeries a = new ArraySeries(GAUGE, seconds(0, 10, 20, 30), new double[] {10, 20, 30, 40});
    ArraySeries b = new ArraySeries(GAUGE, seconds(43, 53), new double[] {38, 47});
    GapFillDeduplicator everythingCounts = new GapFillDeduplicator(labels -> true);

    List<Sample> out =
        Sample.drain(
            only(everythingCounts.deduplicate(SeriesSets.from(List.of(a, b)), SelectHints.NONE))
                .iterator(null));

    assertThat(Sample.values(out)).containsExactly(10.0, 20.0, 30.0, 40.0, 40.0, 49.0);
  }
}
