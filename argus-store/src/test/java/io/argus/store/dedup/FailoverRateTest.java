package io.argus.store.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import io.argus.storage.merge.SeriesSets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A counter with a known true rate (10/s) scraped every 15 s by two replicas 7.3 s apart in phase,
 * with ±25 ms jitter, over 30 minutes; replica A is down from minute 10 to 12 and replica B from
 * minute 20 to 22. {@code rate(x[1m])} is evaluated every 15 s over the merged series.
 */
class FailoverRateTest {
  private static final Labels SERIES = Labels.of("__name__", "requests_total", "job", "t");
  private static final long INTERVAL = 15_000;
  private static final long END = 1_800_000;
  private static final double TRUE_RATE = 10;

  private record Figures(long maxGapMs, int missingRates, double minRate, double maxRate) {}

  private static List<Sample> replica(long phase, long downFrom, long downTo, long seed) {
    SplittableRandom jitter = new SplittableRandom(seed);
    List<Sample> out = new ArrayList<>();
    for (long nominal = phase; nominal < END; nominal += INTERVAL) {
      long t = nominal + jitter.nextLong(-25, 26);
      if (t >= downFrom && t < downTo) {
        continue;
      }
      out.add(new Sample(t, 5000 + TRUE_RATE * t / 1000.0));
    }
    return out;
  }

  private static List<Sample> merged(SeriesDeduplicator dedup, SelectHints hints) {
    return merged(dedup, hints, 7_300);
  }

  private static List<Sample> merged(SeriesDeduplicator dedup, SelectHints hints, long phaseB) {
    List<Sample> a = replica(0, 600_000, 720_000, 1);
    List<Sample> b = replica(phaseB, 1_200_000, 1_320_000, 2);
    SeriesSet set =
        dedup.deduplicate(
            SeriesSets.from(List.of(ArraySeries.of(SERIES, a), ArraySeries.of(SERIES, b))), hints);
    assertThat(set.next()).isTrue();
    return Sample.drain(set.at().iterator(null));
  }

  private static Figures figures(List<Sample> out) {
    long maxGap = 0;
    for (int i = 1; i < out.size(); i++) {
      maxGap = Math.max(maxGap, out.get(i).t() - out.get(i - 1).t());
    }
    int missing = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (long t = 120_000; t <= END - INTERVAL; t += INTERVAL) {
      double rate = PromRate.rate(out, t, 60_000);
      if (Double.isNaN(rate)) {
        missing++;
      } else {
        min = Math.min(min, rate);
        max = Math.max(max, rate);
      }
    }
    return new Figures(maxGap, missing, min, max);
  }

  @Test
  void rateOverFailover_gapFill_noLongGapNoSpike_penaltyLeavesLongerHoles() {
    SelectHints rateHints = new SelectHints(0, END, INTERVAL, 60_000, "rate", List.of(), false, 0);
    Figures gapFill = figures(merged(new GapFillDeduplicator(), rateHints));
    Figures penalty = figures(merged(new PenaltyDeduplicator(), rateHints));
    Figures chain = figures(merged(new ChainDeduplicator(), rateHints));
    System.out.printf(
        "failover rate(x[1m]), true 10/s: gap-fill %s%n  penalty %s%n  chain %s%n",
        gapFill, penalty, chain);

    assertThat(gapFill.maxGapMs()).isLessThanOrEqualTo(2 * INTERVAL);
    assertThat(gapFill.missingRates()).isZero();
    assertThat(gapFill.maxRate()).isLessThanOrEqualTo(TRUE_RATE * 1.1);
    // Prometheus' extrapolation dips where a window's samples are unevenly spaced (the extra
    // sample at a switch); a dip is not a spike, and stays small.
    assertThat(gapFill.minRate()).isGreaterThan(TRUE_RATE * 0.8);
    // Penalty keeps about two intervals of each failover empty (§1.3).
    assertThat(penalty.maxGapMs()).isGreaterThan(2 * INTERVAL);
  }

  /** Every phase of B relative to A, from 0.1 s to 14.9 s. */
  @Test
  void rateOverFailover_gapFill_anyPhase_noLongGapNoSpike() {
    SelectHints none = SelectHints.NONE;
    double gapFillMin = Double.POSITIVE_INFINITY;
    double penaltyMin = Double.POSITIVE_INFINITY;
    long penaltyMaxGap = 0;
    for (long phase = 100; phase < INTERVAL; phase += 700) {
      Figures gapFill = figures(merged(new GapFillDeduplicator(), none, phase));
      Figures penalty =
          figures(
              merged(
                  new PenaltyDeduplicator(),
                  new SelectHints(0, END, INTERVAL, 60_000, "rate", List.of(), false, 0),
                  phase));
      assertThat(gapFill.maxGapMs()).as("phase %d", phase).isLessThanOrEqualTo(2 * INTERVAL);
      assertThat(gapFill.missingRates()).as("phase %d", phase).isZero();
      assertThat(gapFill.maxRate()).as("phase %d", phase).isLessThanOrEqualTo(TRUE_RATE * 1.1);
      gapFillMin = Math.min(gapFillMin, gapFill.minRate());
      penaltyMin = Math.min(penaltyMin, penalty.minRate());
      penaltyMaxGap = Math.max(penaltyMaxGap, penalty.maxGapMs());
    }
    System.out.printf(
        "all phases: gap-fill min rate %.2f; penalty min rate %.2f, max gap %d ms%n",
        gapFillMin, penaltyMin, penaltyMaxGap);
    assertThat(penaltyMaxGap).isGreaterThan(2 * INTERVAL);
    // Dips come from rate()'s extrapolation over unevenly spaced samples (see GapFillDeduplicator).
    assertThat(gapFillMin).isGreaterThan(TRUE_RATE * 0.8).isGreaterThan(penaltyMin);
  }

  /**
   * Replica B's counter is 3000 lower than A's (e.g. per-replica reset-adjusted aggregates). By
   * type the series is a counter: the switch to B offsets B instead of showing a reset of 3000, so
   * no reset-sized spike; the same data as a gauge (no offset) makes rate() see a reset.
   */
  @Test
  void rateOverFailover_replicasDisagree_counterOffsetAvoidsResetSpike() {
    List<Sample> a = replica(0, 600_000, 720_000, 1);
    List<Sample> b = new ArrayList<>();
    for (Sample x : replica(7_300, 1_200_000, 1_320_000, 2)) {
      b.add(new Sample(x.t(), x.v() - 3000));
    }
    Figures asCounter = figures(disagreeing(a, b, labels -> true));
    Figures asGauge = figures(disagreeing(a, b, labels -> false));
    System.out.printf("disagreeing replicas: counter %s%n  gauge %s%n", asCounter, asGauge);

    assertThat(asCounter.maxGapMs()).isLessThanOrEqualTo(2 * INTERVAL);
    assertThat(asCounter.missingRates()).isZero();
    // The offset joins B to A's last value: the increase across the switch is lost once, and
    // when A returns 3000 above, that shows once; a reset would add B's whole value (~11000).
    assertThat(asCounter.maxRate()).isLessThan(TRUE_RATE * 1.5);
    assertThat(asGauge.maxRate()).isGreaterThan(TRUE_RATE * 10);
  }

  private static List<Sample> disagreeing(
      List<Sample> a, List<Sample> b, CounterClassifier classifier) {
    SeriesSet set =
        new GapFillDeduplicator(classifier)
            .deduplicate(
                SeriesSets.from(List.of(ArraySeries.of(SERIES, a), ArraySeries.of(SERIES, b))),
                SelectHints.NONE);
    assertThat(set.next()).isTrue();
    return Sample.drain(set.at().iterator(null));
  }
}
