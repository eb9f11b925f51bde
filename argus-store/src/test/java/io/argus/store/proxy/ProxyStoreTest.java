package io.argus.store.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.ChunkSeries;
import io.argus.storage.SelectHints;
import io.argus.store.LabelRequest;
import io.argus.store.MemoryStore;
import io.argus.store.SeriesRequest;
import io.argus.store.StoreException;
import io.argus.store.StoreInfo;
import io.argus.store.StoreSeriesSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ProxyStoreTest {
  private static final long[] TIMES = MemoryStore.times(0, 60_000, 15_000);

  private static MemoryStore replica(String name, String replica) {
    return MemoryStore.of(name, Labels.of("cluster", "eu", "replica", replica))
        .add(Labels.of("__name__", "up", "job", "a"), TIMES, t -> 1.0)
        .add(Labels.of("__name__", "up", "job", "b"), TIMES, t -> 1.0);
  }

  private static ProxyStore proxy(List<StoreEndpoint> endpoints) {
    return new ProxyStore(() -> endpoints, Duration.ZERO, 16);
  }

  /** A proxy over two healthy stores that gives up on a silent one after 200 ms. */
  private static ProxyStore proxyWithResponseTimeout(MemoryStore a, MemoryStore b) {
    List<StoreEndpoint> endpoints =
        List.of(StoreEndpoint.healthy(a, a.info()), StoreEndpoint.healthy(b, b.info()));
    return new ProxyStore(() -> endpoints, Duration.ofMillis(200), 16);
  }

  private static SeriesRequest request(List<String> replicaLabels, boolean partial, Matcher... m) {
    return new SeriesRequest(
        0, 60_000, List.of(m), replicaLabels, false, partial, SelectHints.range(0, 60_000), 0);
  }

  private static List<String> labels(StoreSeriesSet set) {
    List<String> out = new ArrayList<>();
    try (set) {
      while (set.next()) {
        ChunkSeries s = set.at();
        out.add(s.labels().toString());
      }
    }
    return out;
  }

  @Test
  void series_mergesStreamsSortedWithReplicasAdjacent() {
    MemoryStore a = replica("a", "a");
    MemoryStore b = replica("b", "b");
    ProxyStore proxy =
        proxy(List.of(StoreEndpoint.healthy(a, a.info()), StoreEndpoint.healthy(b, b.info())));

    StoreSeriesSet set =
        proxy.series(request(List.of("replica"), true, Matcher.equal("__name__", "up")));

    assertThat(labels(set))
        .containsExactly(
            "{__name__=\"up\", cluster=\"eu\", job=\"a\"}",
            "{__name__=\"up\", cluster=\"eu\", job=\"a\"}",
            "{__name__=\"up\", cluster=\"eu\", job=\"b\"}",
            "{__name__=\"up\", cluster=\"eu\", job=\"b\"}");
  }

  @Test
  void series_stripsAndResortsForStoresWithoutReplicaLabelSupport() {
    Labels ext = Labels.of("replica", "x");
    MemoryStore old =
        new MemoryStore(
                "old", new StoreInfo(List.of(ext), Long.MIN_VALUE, Long.MAX_VALUE, "store", false))
            // sorted with the replica label these come out b-then-a once "replica" is gone
            .add(Labels.of("__name__", "m", "z", "1"), TIMES, t -> 1.0)
            .add(Labels.of("__name__", "m", "replica", "y", "z", "0"), TIMES, t -> 1.0);
    ProxyStore proxy = proxy(List.of(StoreEndpoint.healthy(old, old.info())));

    List<String> got =
        labels(proxy.series(request(List.of("replica"), true, Matcher.equal("__name__", "m"))));

    assertThat(got).containsExactly("{__name__=\"m\", z=\"0\"}", "{__name__=\"m\", z=\"1\"}");
  }

  @Test
  void series_skipsStoresWhoseLabelsOrTimeRangeCannotMatch() {
    MemoryStore eu = replica("eu", "a");
    MemoryStore us =
        new MemoryStore(
                "us",
                new StoreInfo(
                    List.of(Labels.of("cluster", "us")),
                    Long.MIN_VALUE,
                    Long.MAX_VALUE,
                    "sidecar",
                    true))
            .add(Labels.of("__name__", "up", "job", "a"), TIMES, t -> 1.0);
    MemoryStore later =
        new MemoryStore("later", new StoreInfo(List.of(), 100_000, 200_000, "store", true));
    later.failWith(new StoreException("must not be called"));
    ProxyStore proxy =
        proxy(
            List.of(
                StoreEndpoint.healthy(eu, eu.info()),
                StoreEndpoint.healthy(us, us.info()),
                new StoreEndpoint(
                    "later",
                    later,
                    new StoreInfo(List.of(), 100_000, 200_000, "store", true),
                    true,
                    false,
                    null,
                    0)));

    StoreSeriesSet set =
        proxy.series(
            request(
                List.of("replica"),
                false,
                Matcher.equal("__name__", "up"),
                Matcher.equal("cluster", "eu")));

    assertThat(labels(set)).hasSize(2).allMatch(l -> l.contains("cluster=\"eu\""));
  }

  @Test
  void series_failingStoreIsAWarningOrAnErrorNamingIt() {
    MemoryStore a = replica("a", "a");
    MemoryStore b = replica("b", "b");
    ProxyStore proxy =
        proxy(List.of(StoreEndpoint.healthy(a, a.info()), StoreEndpoint.healthy(b, b.info())));
    b.failWith(new StoreException("connection refused"));

    StoreSeriesSet warn = proxy.series(request(List.of(), true, Matcher.equal("__name__", "up")));
    assertThat(labels(warn)).hasSize(2);
    assertThat(warn.warnings()).containsExactly("receive series from b: connection refused");

    StoreSeriesSet abort = proxy.series(request(List.of(), false, Matcher.equal("__name__", "up")));
    assertThatThrownBy(() -> labels(abort))
        .isInstanceOf(StoreException.class)
        .hasMessage("receive series from b: connection refused");
  }

  @Test
  void series_unhealthyEndpointIsAWarningOrAnError() {
    MemoryStore a = replica("a", "a");
    MemoryStore b = replica("b", "b");
    StoreEndpoint down =
        new StoreEndpoint("127.0.0.1:1", b, null, false, false, "connection refused", 5);
    ProxyStore proxy = proxy(List.of(StoreEndpoint.healthy(a, a.info()), down));

    StoreSeriesSet warn = proxy.series(request(List.of(), true, Matcher.equal("__name__", "up")));
    assertThat(labels(warn)).hasSize(2);
    assertThat(warn.warnings())
        .containsExactly("endpoint 127.0.0.1:1 is unhealthy: connection refused");
    assertThatThrownBy(
            () -> proxy.series(request(List.of(), false, Matcher.equal("__name__", "up"))))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("127.0.0.1:1");
  }

  @Test
  void series_withoutEndpointsAbortsOrAnswersNothing() {
    ProxyStore proxy = proxy(List.of());

    assertThatThrownBy(
            () -> proxy.series(request(List.of(), false, Matcher.equal("__name__", "up"))))
        .isInstanceOf(StoreException.class)
        .hasMessage("No StoreAPIs available");
    assertThat(labels(proxy.series(request(List.of(), true, Matcher.equal("__name__", "up")))))
        .isEmpty();
  }

  @Test
  void series_responseTimeoutTurnsASilentStoreIntoAWarning() {
    MemoryStore a = replica("a", "a");
    MemoryStore slow = replica("slow", "b");
    CountDownLatch never = new CountDownLatch(1);
    slow.hang(never);
    ProxyStore proxy = proxyWithResponseTimeout(a, slow);
    try {
      StoreSeriesSet set = proxy.series(request(List.of(), true, Matcher.equal("__name__", "up")));
      assertThat(labels(set)).hasSize(2);
      assertThat(set.warnings()).containsExactly("failed to receive any data in 200ms from slow");
    } finally {
      never.countDown();
    }
  }

  @Test
  void series_storeFailingMidStreamKeepsItsSeriesBeforeTheFailure() {
    MemoryStore a = replica("a", "a");
    MemoryStore b = replica("b", "b");
    b.stopAfter(1, new StoreException("connection reset"), null);
    ProxyStore proxy =
        proxy(List.of(StoreEndpoint.healthy(a, a.info()), StoreEndpoint.healthy(b, b.info())));

    StoreSeriesSet set = proxy.series(request(List.of(), true, Matcher.equal("__name__", "up")));

    assertThat(labels(set))
        .containsExactly(
            "{__name__=\"up\", cluster=\"eu\", job=\"a\", replica=\"a\"}",
            "{__name__=\"up\", cluster=\"eu\", job=\"a\", replica=\"b\"}",
            "{__name__=\"up\", cluster=\"eu\", job=\"b\", replica=\"a\"}");
    assertThat(set.warnings()).containsExactly("receive series from b: connection reset");
  }

  @Test
  void series_seriesReadBeforeAStallReachTheMergeBeforeTheTimeout() {
    MemoryStore a = replica("a", "a");
    MemoryStore slow = replica("slow", "b");
    CountDownLatch never = new CountDownLatch(1);
    slow.stopAfter(1, null, never);
    ProxyStore proxy = proxyWithResponseTimeout(a, slow);
    try {
      StoreSeriesSet set = proxy.series(request(List.of(), true, Matcher.equal("__name__", "up")));

      // The stalled store's first series reaches the merge although its set never ends.
      assertThat(labels(set)).hasSize(3).anyMatch(l -> l.contains("replica=\"b\""));
      assertThat(set.warnings()).containsExactly("failed to receive any data in 200ms from slow");
    } finally {
      never.countDown();
    }
  }

  @Test
  void series_manySeriesMergeInOrder() {
    MemoryStore a = MemoryStore.of("a", Labels.of("replica", "a"));
    MemoryStore b = MemoryStore.of("b", Labels.of("replica", "b"));
    for (int i = 0; i < 150; i++) {
      a.add(Labels.of("__name__", "up", "i", String.format("%03d", i)), TIMES, t -> 1.0);
      if (i % 3 != 0) {
        b.add(Labels.of("__name__", "up", "i", String.format("%03d", i)), TIMES, t -> 2.0);
      }
    }
    ProxyStore proxy =
        new ProxyStore(
            () -> List.of(StoreEndpoint.healthy(a, a.info()), StoreEndpoint.healthy(b, b.info())),
            Duration.ZERO,
            100);

    List<String> got =
        labels(proxy.series(request(List.of("replica"), true, Matcher.equal("__name__", "up"))));

    List<String> want = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      String l = "{__name__=\"up\", i=\"" + String.format("%03d", i) + "\"}";
      want.add(l);
      if (i % 3 != 0) {
        want.add(l);
      }
    }
    assertThat(got).isEqualTo(want);
  }

  @Test
  void labelValues_unionsStoresAndLeavesOutReplicaLabels() {
    MemoryStore a = replica("a", "a");
    MemoryStore b =
        MemoryStore.of("b", Labels.of("cluster", "eu", "replica", "b"))
            .add(Labels.of("__name__", "up", "job", "c"), TIMES, t -> 1.0);
    ProxyStore proxy =
        proxy(List.of(StoreEndpoint.healthy(a, a.info()), StoreEndpoint.healthy(b, b.info())));
    LabelRequest dedup = new LabelRequest(0, 60_000, List.of(), List.of("replica"), true, 0);

    assertThat(proxy.labelValues("job", dedup).values()).containsExactly("a", "b", "c");
    assertThat(proxy.labelNames(dedup).values()).containsExactly("__name__", "cluster", "job");
    assertThat(proxy.labelValues("replica", dedup).values()).isEmpty();
    LabelRequest raw = new LabelRequest(0, 60_000, List.of(), List.of(), true, 0);
    assertThat(proxy.labelValues("replica", raw).values()).containsExactly("a", "b");
  }

  @Test
  void info_isTheHullOfTheQueryableEndpoints() {
    MemoryStore a =
        new MemoryStore("a", new StoreInfo(List.of(Labels.of("r", "a")), 10, 20, "sidecar", true));
    MemoryStore b =
        new MemoryStore("b", new StoreInfo(List.of(Labels.of("r", "b")), 5, 15, "sidecar", true));
    ProxyStore proxy =
        proxy(List.of(StoreEndpoint.healthy(a, a.info()), StoreEndpoint.healthy(b, b.info())));

    StoreInfo info = proxy.info();

    assertThat(info.minTime()).isEqualTo(5);
    assertThat(info.maxTime()).isEqualTo(20);
    assertThat(info.labelSets()).containsExactly(Labels.of("r", "a"), Labels.of("r", "b"));
  }
}
