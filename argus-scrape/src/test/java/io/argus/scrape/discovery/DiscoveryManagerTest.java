package io.argus.scrape.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.util.Cancellation;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DiscoveryManagerTest {
  /** A discoverer fed by the test; counts creations, delivered updates and stops. */
  static final class Feed {
    final BlockingQueue<List<TargetGroup>> queue = new LinkedBlockingQueue<>();
    final Semaphore delivered = new Semaphore(0);
    final AtomicInteger created = new AtomicInteger();
    final CountDownLatch stopped = new CountDownLatch(1);

    void send(TargetGroup... groups) {
      queue.add(List.of(groups));
    }

    void awaitDelivered(int n) throws InterruptedException {
      assertThat(delivered.tryAcquire(n, 10, TimeUnit.SECONDS)).as("delivered").isTrue();
    }

    boolean awaitStopped() throws InterruptedException {
      return stopped.await(10, TimeUnit.SECONDS);
    }
  }

  record FeedSettings(String id, Feed feed) implements DiscovererFactory {
    @Override
    public Discoverer create(DiscoveryContext context) {
      feed.created.incrementAndGet();
      return (Cancellation c, Consumer<List<TargetGroup>> updates) -> {
        try {
          while (true) {
            c.check();
            updates.accept(feed.queue.take());
            feed.delivered.release();
          }
        } catch (InterruptedException e) {
          throw new Cancellation.CancelledException("interrupted");
        } finally {
          feed.stopped.countDown();
        }
      };
    }
  }

  record BrokenSettings() implements DiscovererFactory {
    @Override
    public Discoverer create(DiscoveryContext context) {
      throw new IllegalArgumentException("broken");
    }
  }

  private final ManualWaiter waiter = new ManualWaiter();
  private final DiscoveryMetrics metrics = DiscoveryMetrics.register(new PrometheusRegistry());
  private final BlockingQueue<Map<String, List<TargetGroup>>> received =
      new LinkedBlockingQueue<>();
  private final DiscoveryManager manager =
      new DiscoveryManager(
          "scrape",
          new DiscoveryContext(Clock.SYSTEM, waiter, metrics, List.of()),
          DiscoveryManager.DEFAULT_UPDATE_INTERVAL_MS,
          received::add);

  @AfterEach
  void close() {
    manager.close();
  }

  private static TargetGroup group(String source, String... addresses) {
    return new TargetGroup(
        source, Stream.of(addresses).map(a -> Labels.of("__address__", a)).toList(), Labels.EMPTY);
  }

  private void startAndSettle() throws InterruptedException {
    manager.start();
    waiter.awaitEntries(1);
  }

  /** Ends the sender's interval, waits for its round and returns what it delivered, if any. */
  private Map<String, List<TargetGroup>> tick() throws InterruptedException {
    return tick(1);
  }

  /** Like {@link #tick()} when {@code loops} loops (the sender and others) share the waiter. */
  private Map<String, List<TargetGroup>> tick(int loops) throws InterruptedException {
    long before = waiter.entries();
    waiter.tick();
    waiter.awaitEntries(before + loops);
    assertThat(received).hasSizeLessThanOrEqualTo(1);
    return received.poll();
  }

  @Test
  void sender_coalescesUpdatesIntoOneDelivery() throws Exception {
    Feed feed = new Feed();
    startAndSettle();
    manager.applyConfig(Map.of("job", List.of(new FeedSettings("a", feed))));
    feed.send(group("0", "a:1"));
    feed.send(group("1", "b:1"));
    feed.send(group("0", "c:1"));
    feed.awaitDelivered(3);

    assertThat(tick()).isEqualTo(Map.of("job", List.of(group("0", "c:1"), group("1", "b:1"))));
    assertThat(tick()).as("nothing changed").isNull();
    assertThat(metrics.discoveredTargets("job", "scrape")).isEqualTo(2);

    feed.send(group("1"));
    feed.awaitDelivered(1);
    assertThat(tick()).isEqualTo(Map.of("job", List.of(group("0", "c:1"))));
  }

  @Test
  void applyConfig_keepsUnchangedProvidersAndStopsRemovedOnes() throws Exception {
    Feed kept = new Feed();
    Feed removed = new Feed();
    startAndSettle();
    manager.applyConfig(
        Map.of("job", List.of(new FeedSettings("a", kept), new FeedSettings("b", removed))));
    kept.send(group("0", "a:1"));
    removed.send(group("0", "b:1"));
    kept.awaitDelivered(1);
    removed.awaitDelivered(1);
    assertThat(tick().get("job")).containsExactly(group("0", "a:1"), group("0", "b:1"));

    manager.applyConfig(Map.of("job", List.of(new FeedSettings("a", kept))));
    assertThat(removed.awaitStopped()).isTrue();
    assertThat(kept.stopped.getCount()).isEqualTo(1);
    assertThat(kept.created.get()).isEqualTo(1);
    assertThat(manager.providerCount()).isEqualTo(1);
    assertThat(tick()).isEqualTo(Map.of("job", List.of(group("0", "a:1"))));
  }

  @Test
  void applyConfig_sharesEqualConfigsAcrossJobs() throws Exception {
    Feed feed = new Feed();
    startAndSettle();
    Map<String, List<DiscovererFactory>> config = new LinkedHashMap<>();
    config.put("one", List.of(new FeedSettings("a", feed)));
    config.put("two", List.of(new FeedSettings("a", feed)));
    manager.applyConfig(config);
    feed.send(group("0", "x:1"));
    feed.awaitDelivered(1);
    assertThat(tick())
        .isEqualTo(Map.of("one", List.of(group("0", "x:1")), "two", List.of(group("0", "x:1"))));
    assertThat(feed.created.get()).isEqualTo(1);
  }

  @Test
  void applyConfig_removedJobIsDeliveredEmptyOnce() throws Exception {
    Feed feed = new Feed();
    startAndSettle();
    manager.applyConfig(Map.of("old", List.of(new FeedSettings("a", feed))));
    feed.send(group("0", "x:1"));
    feed.awaitDelivered(1);
    assertThat(tick()).containsKey("old");

    manager.applyConfig(Map.of("new", List.of()));
    assertThat(feed.awaitStopped()).isTrue();
    assertThat(tick()).isEqualTo(Map.of("new", List.of(), "old", List.of()));
    manager.applyConfig(Map.of("new", List.of()));
    assertThat(tick()).isEqualTo(Map.of("new", List.of()));
  }

  @Test
  void applyConfig_countsFailedConfigs() throws Exception {
    startAndSettle();
    manager.applyConfig(Map.of("job", List.of(new BrokenSettings())));
    assertThat(metrics.failedConfigs("scrape")).isEqualTo(1);
    assertThat(manager.providerCount()).isZero();
    assertThat(tick()).isEqualTo(Map.of("job", List.of()));
  }

  @Test
  void applyConfig_runsStaticConfigs() throws Exception {
    startAndSettle();
    TargetGroup g = group("0", "localhost:9090");
    manager.applyConfig(Map.of("prometheus", List.of(new StaticSdSettings(List.of(g)))));
    // The static discoverer and the sender share the waiter: wait for the static one to idle.
    waiter.awaitEntries(2);
    assertThat(tick(2)).isEqualTo(Map.of("prometheus", List.of(g)));
  }
}
