package io.argus.tsdb.tombstones;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MemTombstonesTest {
  @Test
  void addInterval_mergesPerSeriesAndCountsTotal() {
    MemTombstones t = new MemTombstones();
    t.addInterval(1, new Interval(1, 2), new Interval(3, 4));
    t.addInterval(1, new Interval(10, 20));
    t.addInterval(7, new Interval(-5, 5));
    assertThat(t.get(1)).containsExactly(new Interval(1, 4), new Interval(10, 20));
    assertThat(t.get(7)).containsExactly(new Interval(-5, 5));
    assertThat(t.get(2)).isEmpty();
    assertThat(t.total()).isEqualTo(3);
    t.addInterval(1, new Interval(0, 100));
    assertThat(t.total()).isEqualTo(2);
    Map<Long, List<Interval>> seen = new HashMap<>();
    t.forEach(seen::put);
    assertThat(seen).containsOnlyKeys(1L, 7L);
    assertThat(t.seriesCount()).isEqualTo(2);
  }

  @Test
  void addInterval_concurrentWritersLoseNothing() throws Exception {
    MemTombstones t = new MemTombstones();
    try (ExecutorService ex = Executors.newFixedThreadPool(4)) {
      List<Future<?>> fs =
          List.of(0, 1, 2, 3).stream()
              .<Future<?>>map(
                  w ->
                      ex.submit(
                          () -> {
                            for (int i = 0; i < 500; i++) {
                              t.addInterval(i % 10, new Interval(i * 10L + w * 3, i * 10L + w * 3));
                            }
                          }))
              .toList();
      for (Future<?> f : fs) {
        f.get();
      }
    }
    long expected = 0;
    for (long ref = 0; ref < 10; ref++) {
      expected += t.get(ref).size();
      assertThat(t.get(ref)).hasSize(50 * 4);
    }
    assertThat(t.total()).isEqualTo(expected);
  }
}
