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
}
