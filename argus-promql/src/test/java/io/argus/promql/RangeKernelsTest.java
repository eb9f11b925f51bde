package io.argus.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RangeKernelsTest {
  private static long[] times(long step, int n) {
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = i * step;
    }
    return t;
  }

  @Test
  void extrapolatedRate_counterOverFullWindow() {
    // functions.test: http_requests_total 0+10x10 every 5m; rate over [50m] at 50m is 10/300s.
    long[] t = times(300_000, 11);
    double[] v = new double[11];
    for (int i = 0; i < 11; i++) {
      v[i] = 10 * i;
    }
    // (0, 50m] excludes the sample at 0: samples 5m..50m.
    double r = RangeKernels.extrapolatedRate(t, v, 1, 11, 0, 3_000_000, true, true);
    assertThat(r).isCloseTo(100.0 / 3000, within(1e-12));
  }

  @Test
  void extrapolatedRate_handlesResetsAndZeroPoint() {
    // Counter 5, 10, 2 (reset), 7 at 1m spacing, window (0, 4m].
    long[] t = {60_000, 120_000, 180_000, 240_000};
    double[] v = {5, 10, 2, 7};
    double increase = RangeKernels.extrapolatedRate(t, v, 0, 4, 0, 240_000, true, false);
    // Raw increase 12 over 180s; zero point 180*5/12=75s > 60s, so extrapolate 60s: 12*240/180.
    assertThat(increase).isCloseTo(16.0, within(1e-12));
  }

  @Test
  void extrapolatedRate_capsExtrapolationAtHalfInterval() {
    // testcounter_zero_cutoff: series starting at 3m, step 1m, rate over [20m] at 10m is 0.6.
    long[] t = new long[8];
    double[] v = new double[8];
    for (int i = 0; i < 8; i++) {
      t[i] = (3 + i) * 60_000L;
      v[i] = 100 + 60 * i;
    }
    double r = RangeKernels.extrapolatedRate(t, v, 0, 8, -600_000, 600_000, true, true);
    assertThat(r).isCloseTo((420 + 420 * 30.0 / 420) / 1200.0, within(1e-9));
  }

  @Test
  void extrapolatedRate_needsTwoSamples() {
    assertThat(
            RangeKernels.extrapolatedRate(new long[] {1}, new double[] {1}, 0, 1, 0, 2, true, true))
        .isNaN();
  }

  @Test
  void instantValue_irateHandlesReset() {
    long[] t = {0, 10_000};
    assertThat(RangeKernels.instantValue(t, new double[] {10, 4}, 0, 2, true)).isEqualTo(0.4);
    assertThat(RangeKernels.instantValue(t, new double[] {10, 4}, 0, 2, false)).isEqualTo(-6);
  }

  @Test
  void sum_isCompensated() {
    assertThat(RangeKernels.sum(new double[] {2, 8, 1e100, -1e100}, 0, 4)).isEqualTo(10);
  }

  @Test
  void avg_doesNotOverflowNearMaxValue() {
    double m = Double.MAX_VALUE;
    assertThat(RangeKernels.avg(new double[] {m, m, m}, 0, 3))
        .isFinite()
        .isCloseTo(m, org.assertj.core.api.Assertions.withinPercentage(1e-9));
    assertThat(RangeKernels.avg(new double[] {1, 2, 3, 4}, 0, 4)).isEqualTo(2.5);
  }

  @Test
  void minMax_ignoreNaNUnlessAllNaN() {
    double[] v = {Double.NaN, 3, 1, Double.NaN};
    assertThat(RangeKernels.max(v, 0, 4)).isEqualTo(3);
    assertThat(RangeKernels.min(v, 0, 4)).isEqualTo(1);
    assertThat(RangeKernels.max(new double[] {Double.NaN}, 0, 1)).isNaN();
  }

  @Test
  void variance_matchesPopulationVariance() {
    double[] v = {2, 4, 4, 4, 5, 5, 7, 9};
    assertThat(RangeKernels.variance(v, 0, 8)).isCloseTo(4, within(1e-12));
    assertThat(RangeKernels.stddev(v, 0, 8)).isCloseTo(2, within(1e-12));
  }

  @Test
  void quantile_interpolatesAndHandlesBounds() {
    double[] v = {1, 2, 3, 4};
    assertThat(RangeKernels.quantile(0.5, v, 0, 4)).isEqualTo(2.5);
    assertThat(RangeKernels.quantile(-1, v, 0, 4)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(RangeKernels.quantile(2, v, 0, 4)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(RangeKernels.quantile(Double.NaN, v, 0, 4)).isNaN();
    assertThat(v).containsExactly(1, 2, 3, 4);
  }

  @Test
  void changesAndResets_countTransitions() {
    double[] v = {1, 2, 3, 0, 1, 0, 0, 1, 2, 0};
    assertThat(RangeKernels.changes(v, 0, 10)).isEqualTo(8);
    assertThat(RangeKernels.resets(v, 0, 10)).isEqualTo(3);
    assertThat(RangeKernels.changes(new double[] {Double.NaN, Double.NaN}, 0, 2)).isZero();
  }

  @Test
  void derivAndPredictLinear_fitALine() {
    long[] t = times(60_000, 5);
    double[] v = {0, 60, 120, 180, 240};
    assertThat(RangeKernels.deriv(t, v, 0, 5)).isCloseTo(1, within(1e-12));
    assertThat(RangeKernels.predictLinear(t, v, 0, 5, 240_000, 60)).isCloseTo(300, within(1e-9));
    assertThat(RangeKernels.deriv(t, new double[] {3, 3, 3, 3, 3}, 0, 5)).isZero();
  }

  @Test
  void doubleExponentialSmoothing_followsLinearTrend() {
    double[] v = {0, 10, 20, 30, 40};
    assertThat(RangeKernels.doubleExponentialSmoothing(v, 0, 5, 0.5, 0.5))
        .isCloseTo(40, within(1e-9));
  }
}
