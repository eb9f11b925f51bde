package io.argus.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StripeSeriesTest {
  /**
   * Random creations, lookups and removals against a hash map: removals in the middle of probe runs
   * must not hide the series behind them, and removing a series must not remove another one with
   * the same labels that replaced it.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void randomOperations_matchAHashMap(int stripes) {
    StripeSeries series = new StripeSeries(stripes);
    Map<Labels, MemSeries> model = new HashMap<>();
    AtomicLong ids = new AtomicLong();
    SplittableRandom random = new SplittableRandom(stripes);
    Labels[] pool = new Labels[3_000];
    for (int i = 0; i < pool.length; i++) {
      pool[i] = Labels.of("__name__", "m" + (i % 17), "i", Integer.toString(i));
    }
    MemSeries stale = null;
    for (int op = 0; op < 40_000; op++) {
      Labels ls = pool[random.nextInt(pool.length)];
      switch (random.nextInt(3)) {
        case 0 -> {
          StripeSeries.Lookup lookup = series.getOrCreate(ls, ids::incrementAndGet);
          MemSeries expected = model.get(ls);
          if (expected == null) {
            assertThat(lookup.created()).isTrue();
            model.put(ls, lookup.series());
          } else {
            assertThat(lookup.created()).isFalse();
            assertThat(lookup.series()).isSameAs(expected);
          }
        }
        case 1 -> {
          MemSeries gone = model.remove(ls);
          if (gone != null) {
            series.remove(gone);
            stale = gone;
          } else if (stale != null) {
            // A removed series whose labels may have been created again: removing it is a no-op.
            series.remove(stale);
            MemSeries current = model.get(stale.labels);
            assertThat(series.getByLabels(stale.labels)).isSameAs(current);
          }
        }
        default -> assertThat(series.getByLabels(ls)).isSameAs(model.get(ls));
      }
    }
    for (Labels ls : pool) {
      assertThat(series.getByLabels(ls)).isSameAs(model.get(ls));
    }
    assertThat(series.size()).isEqualTo(model.size());
  }
}
