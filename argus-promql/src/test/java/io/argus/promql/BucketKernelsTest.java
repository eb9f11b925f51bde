package io.argus.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class BucketKernelsTest {
  private static final double INF = Double.POSITIVE_INFINITY;

  @Test
  void quantile_interpolatesInsideBuckets() {
    // histograms.test "testhistogram" positive series: 0.1:50 .2:70 1:110 +Inf:120.
    double[] le = {0.1, 0.2, 1, INF};
    double[] c = {50, 70, 110, 120};
    assertThat(BucketKernels.quantile(0.5, le.clone(), c.clone(), 4).value())
        .isCloseTo(0.1 + 0.1 * (10.0 / 20), within(1e-12));
    assertThat(BucketKernels.quantile(0.99, le.clone(), c.clone(), 4).value()).isEqualTo(1);
    assertThat(BucketKernels.quantile(0, le.clone(), c.clone(), 4).value()).isZero();
  }

  @Test
  void quantile_specialCases() {
    assertThat(BucketKernels.quantile(0.5, new double[] {1, 2}, new double[] {1, 2}, 2).value())
        .isNaN();
    assertThat(BucketKernels.quantile(0.5, new double[] {INF}, new double[] {3}, 1).value())
        .isNaN();
    assertThat(BucketKernels.quantile(-0.1, new double[] {1, INF}, new double[] {1, 2}, 2).value())
        .isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(BucketKernels.quantile(0.5, new double[] {1, INF}, new double[] {0, 0}, 2).value())
        .isNaN();
  }

  @Test
  void quantile_forcesMonotonicity() {
    BucketKernels.QuantileResult r =
        BucketKernels.quantile(0.5, new double[] {1, 2, INF}, new double[] {10, 5, 20}, 3);
    assertThat(r.forcedMonotonic()).isTrue();
    assertThat(r.value()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void quantile_mergesEqualBoundsAndSortsUnordered() {
    BucketKernels.QuantileResult r =
        BucketKernels.quantile(0.5, new double[] {INF, 1, 1}, new double[] {20, 5, 5}, 3);
    assertThat(r.value()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void fraction_interpolatesLinearly() {
    double[] le = {1, 2, INF};
    double[] c = {10, 20, 20};
    assertThat(BucketKernels.fraction(0, 1.5, le.clone(), c.clone(), 3))
        .isCloseTo(0.75, within(1e-12));
    assertThat(BucketKernels.fraction(2, 1, le.clone(), c.clone(), 3)).isZero();
    assertThat(BucketKernels.fraction(Double.NEGATIVE_INFINITY, INF, le.clone(), c.clone(), 3))
        .isEqualTo(1);
  }
}
