package io.argus.promql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class RateWindowFnTest {
  @Property(tries = 200)
  void apply_slidingWindows_equalTheScanningKernelBitForBit(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 200) int n) {
    Random random = new Random(seed);
    long[] t = new long[n];
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = i * 15_000L + random.nextInt(2000);
      v[i] = random.nextInt(10) == 0 ? random.nextDouble() * 3 : (i == 0 ? 0 : v[i - 1]) + 0.1;
    }
    long[] refs = {300_000};
    FunctionEvaluator.RateWindowFn fn =
        new FunctionEvaluator.RateWindowFn(refs, 300_000, true, true);
    fn.startSeries(t, v, n);
    for (int from = 0; from < n; from++) {
      for (int to = from + 2; to <= Math.min(n, from + 40); to++) {
        double expected = RangeKernels.extrapolatedRate(t, v, from, to, 0, 300_000, true, true);
        double actual = fn.apply(t, v, from, to, 0, 300_000);
        assertThat(Double.doubleToLongBits(actual)).isEqualTo(Double.doubleToLongBits(expected));
      }
    }
  }

  @Property(tries = 200)
  void apply_regularScrapesNearTheCounterZero_equalTheScanningKernelBitForBit(
      @ForAll long seed, @ForAll @IntRange(min = 2, max = 120) int n) {
    // Regular timestamps repeat window shapes (the cached extrapolation factor); counters that
    // start at or near zero, tiny and huge values exercise the zero-point bound.
    Random random = new Random(seed);
    long[] t = new long[n];
    double[] v = new double[n];
    double[] scales = {1e-300, 1e-3, 1, 1e6, 1e300};
    double scale = scales[random.nextInt(scales.length)];
    for (int i = 0; i < n; i++) {
      t[i] = i * 15_000L + (random.nextInt(20) == 0 ? random.nextInt(3000) : 0);
      v[i] =
          random.nextInt(15) == 0
              ? random.nextInt(3) * scale
              : (i == 0 ? random.nextInt(4) * scale : v[i - 1] + random.nextInt(50) * scale);
    }
    long[] refs = new long[n + 40];
    for (int s = 0; s < refs.length; s++) {
      refs[s] = s * 15_000L + 1 + random.nextInt(2) * 7_000;
    }
    for (boolean rate : new boolean[] {true, false}) {
      FunctionEvaluator.RateWindowFn fn =
          new FunctionEvaluator.RateWindowFn(refs, 120_000, true, rate);
      fn.startSeries(t, v, n);
      int from = 0;
      int to = 0;
      for (int s = 0; s < refs.length; s++) {
        while (to < n && t[to] <= refs[s]) {
          to++;
        }
        while (from < n && t[from] <= refs[s] - 120_000) {
          from++;
        }
        if (to - from < 2) {
          continue;
        }
        double expected =
            RangeKernels.extrapolatedRate(t, v, from, to, refs[s] - 120_000, refs[s], true, rate);
        double actual = fn.apply(t, v, from, to, s, refs[s]);
        assertThat(Double.doubleToLongBits(actual))
            .as("step %d", s)
            .isEqualTo(Double.doubleToLongBits(expected));
      }
    }
  }
}
