package io.argus.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.scrape.config.HttpClientConfig;
import io.argus.scrape.discovery.TargetGroup;
import io.argus.testkit.ManualClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScrapePoolTest {
  private static final ScrapeHttpClient HTTP = new ScrapeHttpClient("argus-test");

  private final ManualClock clock = new ManualClock(ScrapeLoopTest.START_MS);
  private final SteppingSleeper sleeper = new SteppingSleeper(clock);
  private final ScrapeMetrics metrics = new ScrapeMetrics(new PrometheusRegistry());
  private final StorageProbe probe = new StorageProbe();
  private TestExporter exporter;

  @BeforeEach
  void startExporter() throws Exception {
    exporter = new TestExporter();
    exporter.serve("/a", ScrapeLoopTest.TEXT, "m{path=\"a\"} 1\n");
    exporter.serve("/b", ScrapeLoopTest.TEXT, "m{path=\"b\"} 2\n");
  }

  @AfterEach
  void stopExporter() throws Exception {
    exporter.close();
  }

  private ScrapeSettings.Builder settings() {
    return ScrapeSettings.builder("node").interval(10_000).timeout(5_000);
  }

  private ScrapePool pool(ScrapeSettings s) {
    return new ScrapePool(s, probe, HTTP, clock, sleeper, metrics, 0, new ScrapeBuffers());
  }

  private Labels target(String name) {
    return Labels.of(
        "__address__", exporter.address(), "__metrics_path__", "/" + name, "instance", name);
  }

  private void scrapeRound(int commits) throws InterruptedException {
    sleeper.tick();
    assertThat(probe.commits.tryAcquire(commits, 30, TimeUnit.SECONDS))
        .as("scrapes committed")
        .isTrue();
  }

  @Test
  void sync_startsLoopsAndRemovedTargetsGetStaleMarkers() throws Exception {
    ScrapePool pool = pool(settings().build());
    pool.sync(List.of(target("a")));
    scrapeRound(1);
    assertThat(probe.samples("m")).hasSize(1);
    clock.advanceMillis(1_000);

    pool.sync(List.of());

    assertThat(pool.activeTargets()).isEmpty();
    List<StorageProbe.Sample> m = probe.samples("m");
    assertThat(m).hasSize(2);
    assertThat(StorageProbe.isStale(m.get(1).v())).isTrue();
    assertThat(StorageProbe.isStale(probe.samples("up").get(1).v())).isTrue();
    pool.stop();
  }

  @Test
  void loop_scrapesAtItsOffsetThenEveryInterval() throws Exception {
    long seed = Target.offsetSeed(Labels.of("replica", "r1"));
    ScrapePool pool =
        new ScrapePool(
            settings().build(), probe, HTTP, clock, sleeper, metrics, seed, new ScrapeBuffers());
    pool.sync(List.of(target("a")));
    Target a = pool.activeTargets().get(0);
    long first = ScrapeLoopTest.START_MS + a.offsetMs(10_000, seed, ScrapeLoopTest.START_MS);

    scrapeRound(1);
    scrapeRound(1);

    assertThat(probe.samples("up"))
        .extracting(StorageProbe.Sample::t)
        .containsExactly(first, first + 10_000);
    assertThat(metrics.intervalLength.labelValues("10s").getCount()).isEqualTo(1);
    assertThat(metrics.intervalLength.labelValues("10s").getSum()).isEqualTo(10.0);
    pool.stop();
  }

  @Test
  void sync_keepsLoopsOfUnchangedTargets() {
    ScrapePool pool = pool(settings().build());
    pool.sync(List.of(target("a")));
    Target a = pool.activeTargets().get(0);

    pool.sync(List.of(target("a"), target("b"), target("b")));

    assertThat(pool.activeTargets()).hasSize(2);
    assertThat(pool.activeTargets().get(0)).isSameAs(a);
    assertThat(metrics.poolTargets.labelValues("node").get()).isEqualTo(2);
    pool.stop();
    assertThat(metrics.poolTargets.labelValues("node").get()).isZero();
  }

  @Test
  void sync_skipsDroppedAndInvalidTargets() {
    LabelsRewriter dropB = ls -> "b".equals(ls.get("instance")) ? null : ls;
    ScrapePool pool = pool(settings().targetRelabel(dropB).build());

    pool.sync(List.of(target("a"), target("b"), Labels.of("instance", "no-address")));

    assertThat(pool.activeTargets())
        .extracting(t -> t.labels().get("instance"))
        .containsExactly("a");
    pool.stop();
  }

  @Test
  void sync_overTheTargetLimitFailsEveryScrape() throws Exception {
    ScrapePool pool = pool(settings().targetLimit(1).build());
    pool.sync(List.of(target("a"), target("b")));

    scrapeRound(2);

    assertThat(pool.activeTargets())
        .allSatisfy(
            t ->
                assertThat(t.lastError())
                    .isEqualTo("target_limit exceeded (number of targets: 2, limit: 1)"));
    assertThat(probe.select(io.argus.model.labels.Matcher.equal("__name__", "m"))).isEmpty();
    assertThat(metrics.poolExceededTargetLimit.get()).isEqualTo(1);
    pool.stop();
  }

  @Test
  void manager_scrapesDiscoveredGroupsAndStopsWithStaleMarkers() throws Exception {
    ScrapeManager manager =
        new ScrapeManager(probe, this::client, clock, sleeper, metrics, Labels.of("replica", "a"));
    manager.applyConfig(List.of(settings().metricsPath("/a").build()));
    manager.updateTargets(
        Map.of(
            "node",
            List.of(
                new TargetGroup(
                    "static/0",
                    List.of(Labels.of("__address__", exporter.address())),
                    Labels.of("env", "test", "__address__", "ignored")))));
    scrapeRound(1);

    assertThat(probe.select().keySet())
        .contains(
            Labels.of(
                "__name__",
                "m",
                "path",
                "a",
                "env",
                "test",
                "job",
                "node",
                "instance",
                exporter.address()));
    ActiveTarget before = manager.activeTargets().get("node").get(0);
    manager.applyConfig(List.of(settings().metricsPath("/a").build()));
    assertThat(manager.activeTargets().get("node").get(0)).isSameAs(before);
    clock.advanceMillis(1_000);

    manager.stop();

    List<StorageProbe.Sample> m = probe.samples("m");
    assertThat(StorageProbe.isStale(m.get(m.size() - 1).v())).isTrue();
    List<StorageProbe.Sample> up = probe.samples("up");
    assertThat(StorageProbe.isStale(up.get(up.size() - 1).v())).isTrue();
  }

  @Test
  void manager_rejectsDuplicateJobNames() {
    ScrapeManager manager =
        new ScrapeManager(probe, this::client, clock, sleeper, metrics, Labels.EMPTY);
    assertThatThrownBy(() -> manager.applyConfig(List.of(settings().build(), settings().build())))
        .hasMessage("found multiple scrape configs with job name \"node\"");
    manager.stop();
  }

  private ScrapeHttpClient client(HttpClientConfig config) {
    return new ScrapeHttpClient("argus-test", config, clock);
  }
}
