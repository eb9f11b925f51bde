package io.argus.store.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.ChunkMeta;
import io.argus.storage.Querier;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import io.argus.storage.merge.ChunkQueriers;
import io.argus.store.MemoryStore;
import io.argus.store.StoreException;
import io.argus.store.dedup.SeriesDeduplicator;
import io.argus.store.proxy.ProxyStore;
import io.argus.store.proxy.StoreEndpoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreQueryableTest {
  /** Records the groups it is given and keeps the first series of each (a test observer). */
  private static final class FirstOfGroup implements SeriesDeduplicator {
    final List<SelectHints> hints = new ArrayList<>();

    @Override
    public SeriesSet deduplicate(SeriesSet sorted, SelectHints h) {
      hints.add(h);
      List<io.argus.storage.Series> out = new ArrayList<>();
      Labels last = null;
      while (sorted.next()) {
        if (!sorted.at().labels().equals(last)) {
          out.add(sorted.at());
          last = sorted.at().labels();
        }
      }
      List<String> warnings = sorted.warnings();
      SeriesSet set = io.argus.storage.merge.SeriesSets.from(out);
      return new SeriesSet() {
        @Override
        public boolean next() {
          return set.next();
        }

        @Override
        public io.argus.storage.Series at() {
          return set.at();
        }

        @Override
        public List<String> warnings() {
          return warnings;
        }
      };
    }
  }

  private static MemoryStore replica(String r, long phase) {
    return MemoryStore.of(r, Labels.of("replica", r))
        .add(
            Labels.of("__name__", "c_total"),
            MemoryStore.times(phase, 600_000 + phase, 15_000),
            t -> t / 1000);
  }

  private static List<StoreEndpoint> endpoints(MemoryStore... stores) {
    List<StoreEndpoint> out = new ArrayList<>();
    for (MemoryStore s : stores) {
      out.add(StoreEndpoint.healthy(s, s.info()));
    }
    return out;
  }

  private static List<String> read(SeriesSet set) {
    List<String> out = new ArrayList<>();
    while (set.next()) {
      out.add(set.at().labels() + " " + MemoryStore.samples(set.at().iterator(null)));
    }
    return out;
  }

  @Test
  void select_dedupStripsReplicaLabelsAndHandsReplicasToTheDeduplicator() {
    List<StoreEndpoint> eps = endpoints(replica("a", 0), replica("b", 5_000));
    FirstOfGroup dedup = new FirstOfGroup();
    StoreQueryable q =
        new StoreQueryable(
            new ProxyStore(() -> eps, Duration.ZERO, 8),
            dedup,
            new StoreQueryOptions(true, List.of("replica"), true));
    SelectHints hints = new SelectHints(60_000, 120_000, 0, 60_000, "rate", List.of(), false, 0);

    try (Querier querier = q.querier(60_000, 120_000)) {
      List<String> got = read(querier.select(true, hints, Matcher.equal("__name__", "c_total")));

      assertThat(got)
          .containsExactly(
              "{__name__=\"c_total\"} [60000=60.0, 75000=75.0, 90000=90.0, 105000=105.0,"
                  + " 120000=120.0]");
      assertThat(dedup.hints).containsExactly(hints);
      assertThat(querier.labelNames()).containsExactly("__name__");
    }
  }

  @Test
  void select_withoutDedupKeepsReplicasApartAndMergesEqualSeries() {
    List<StoreEndpoint> eps = endpoints(replica("a", 0), replica("b", 5_000));
    StoreQueryable q =
        new StoreQueryable(
            new ProxyStore(() -> eps, Duration.ZERO, 8),
            new FirstOfGroup(),
            new StoreQueryOptions(true, List.of("replica"), true));

    try (Querier querier =
        q.withOptions(new StoreQueryOptions(false, List.of("replica"), true)).querier(0, 20_000)) {
      assertThat(read(querier.select(true, SelectHints.NONE, Matcher.equal("__name__", "c_total"))))
          .containsExactly(
              "{__name__=\"c_total\", replica=\"a\"} [0=0.0, 15000=15.0]",
              "{__name__=\"c_total\", replica=\"b\"} [5000=5.0, 20000=20.0]");
      assertThat(querier.labelValues("replica")).containsExactly("a", "b");
    }
    // the same series in two stores without replica labels: merged sample by sample
    MemoryStore x =
        MemoryStore.of("x", Labels.EMPTY)
            .add(Labels.of("__name__", "m"), new long[] {0, 20_000}, t -> 1.0);
    MemoryStore y =
        MemoryStore.of("y", Labels.EMPTY)
            .add(Labels.of("__name__", "m"), new long[] {10_000, 20_000}, t -> 2.0);
    StoreQueryable plain =
        new StoreQueryable(
            new ProxyStore(() -> endpoints(x, y), Duration.ZERO, 8),
            new FirstOfGroup(),
            new StoreQueryOptions(true, List.of(), true));
    try (Querier querier = plain.querier(0, 30_000)) {
      assertThat(read(querier.select(true, SelectHints.NONE, Matcher.equal("__name__", "m"))))
          .containsExactly("{__name__=\"m\"} [0=1.0, 10000=2.0, 20000=1.0]");
    }
  }

  @Test
  void select_decodesOverlappingChunksOfOneStore() {
    var first = ChunkQueriers.encode(samples(new long[] {0, 10, 20, 30}), 120);
    var second = ChunkQueriers.encode(samples(new long[] {15, 25, 35}), 120);
    List<ChunkMeta> chunks = new ArrayList<>(first);
    chunks.addAll(second);
    MemoryStore s = MemoryStore.of("s", Labels.EMPTY).addChunks(Labels.of("__name__", "m"), chunks);
    StoreQueryable q =
        new StoreQueryable(
            new ProxyStore(() -> endpoints(s), Duration.ZERO, 8),
            new FirstOfGroup(),
            new StoreQueryOptions(false, List.of(), true));

    try (Querier querier = q.querier(10, 30)) {
      assertThat(read(querier.select(true, SelectHints.NONE, Matcher.equal("__name__", "m"))))
          .containsExactly("{__name__=\"m\"} [10=10.0, 15=15.0, 20=20.0, 25=25.0, 30=30.0]");
    }
  }

  @Test
  void select_carriesWarningsAndFailsUnderAbort() {
    MemoryStore a = replica("a", 0);
    MemoryStore b = replica("b", 5_000);
    List<StoreEndpoint> eps = endpoints(a, b);
    b.failWith(new StoreException("connection refused"));
    StoreQueryable warn =
        new StoreQueryable(
            new ProxyStore(() -> eps, Duration.ZERO, 8),
            new FirstOfGroup(),
            new StoreQueryOptions(true, List.of("replica"), true));

    try (Querier querier = warn.querier(0, 20_000)) {
      SeriesSet set = querier.select(true, SelectHints.NONE, Matcher.equal("__name__", "c_total"));
      assertThat(read(set)).hasSize(1);
      assertThat(set.warnings()).containsExactly("receive series from b: connection refused");
    }
    StoreQueryable abort = warn.withOptions(new StoreQueryOptions(true, List.of("replica"), false));
    try (Querier querier = abort.querier(0, 20_000)) {
      assertThatThrownBy(
              () ->
                  read(
                      querier.select(true, SelectHints.NONE, Matcher.equal("__name__", "c_total"))))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("from b");
    }
  }

  private static io.argus.storage.SampleIterator samples(long[] times) {
    var c = new io.argus.storage.chunkenc.XorChunk();
    var app = c.appender();
    for (long t : times) {
      app.append(t, t);
    }
    return c.iterator(null);
  }
}
