package io.argus.tsdb.querier;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.Appender;
import io.argus.storage.Querier;
import io.argus.storage.SelectHints;
import io.argus.tsdb.block.PersistedBlock;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.head.Head;
import io.argus.tsdb.head.HeadOptions;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same querier path over the head, and over a persisted block and the head together. */
class HeadQuerierTest {
  private static final Matcher ALL = Matcher.regex("__name__", ".+");
  private static final Clock FIXED =
      new Clock() {
        @Override
        public long millis() {
          return 0;
        }

        @Override
        public long nanoTime() {
          return 0;
        }
      };

  @TempDir Path tmp;

  @Test
  void blockQuerier_overHeadMatchesAppendedSamples() {
    Random rnd = new Random(21);
    TreeMap<Labels, TreeMap<Long, Double>> data = TestBlocks.randomData(rnd, 20, 0, 4_000);
    try (Head head = new Head(HeadOptions.DEFAULTS, FIXED, null, new PrometheusRegistry())) {
      append(head, data);
      head.delete(1_000, 2_000, Matcher.equal("job", "web"));

      Map<Labels, TreeMap<Long, Double>> got;
      try (Querier q = new BlockQuerier(head, 500, 3_500)) {
        got = nonEmpty(TestBlocks.drain(q.select(true, SelectHints.NONE, ALL)));
      }

      TreeMap<Labels, TreeMap<Long, Double>> expected = new TreeMap<>();
      data.forEach(
          (ls, samples) -> {
            TreeMap<Long, Double> in = new TreeMap<>(samples.subMap(500L, true, 3_500L, true));
            if ("web".equals(ls.get("job"))) {
              in.subMap(1_000L, true, 2_000L, true).clear();
            }
            if (!in.isEmpty()) {
              expected.put(ls, in);
            }
          });
      assertThat(got).isEqualTo(expected);
    }
  }

  @Test
  void blockQueriers_overPersistedBlockAndHeadMergesSeries() throws IOException {
    Random rnd = new Random(22);
    TreeMap<Labels, TreeMap<Long, Double>> old = TestBlocks.randomData(rnd, 15, 0, 2_000);
    TreeMap<Labels, TreeMap<Long, Double>> recent = new TreeMap<>();
    old.forEach(
        (ls, samples) -> {
          TreeMap<Long, Double> next = new TreeMap<>();
          for (long t = 2_000 + rnd.nextInt(10); t < 3_000; t += 1 + rnd.nextInt(40)) {
            next.put(t, (double) t);
          }
          recent.put(ls, next);
        });
    TreeMap<Labels, TreeMap<Long, Double>> expected = new TreeMap<>();
    for (TreeMap<Labels, TreeMap<Long, Double>> d : List.of(old, recent)) {
      d.forEach((ls, s) -> expected.computeIfAbsent(ls, k -> new TreeMap<>()).putAll(s));
    }

    try (PersistedBlock block =
            PersistedBlock.open(FileOps.defaults(), TestBlocks.write(tmp, old, 50, 22));
        Head head = new Head(HeadOptions.DEFAULTS, FIXED, null, new PrometheusRegistry())) {
      append(head, recent);
      try (Querier q = BlockQueriers.over(List.of(block, head), 0, 5_000)) {
        assertThat(TestBlocks.drain(q.select(false, SelectHints.NONE, ALL)))
            .containsExactlyEntriesOf(expected);
        assertThat(q.labelValues("job"))
            .containsExactlyElementsOf(
                expected.keySet().stream().map(ls -> ls.get("job")).distinct().sorted().toList());
      }
    }
  }

  private static void append(Head head, TreeMap<Labels, TreeMap<Long, Double>> data) {
    Appender app = head.appender();
    data.forEach((ls, samples) -> samples.forEach((t, v) -> app.append(0, ls, t, v)));
    app.commit();
  }

  private static Map<Labels, TreeMap<Long, Double>> nonEmpty(Map<Labels, TreeMap<Long, Double>> m) {
    Map<Labels, TreeMap<Long, Double>> out = new TreeMap<>();
    m.forEach(
        (ls, s) -> {
          if (!s.isEmpty()) {
            out.put(ls, s);
          }
        });
    return out;
  }
}
