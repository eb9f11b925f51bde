package io.argus.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.model.textparse.MetricType;
import io.argus.scrape.config.HttpClientConfig;
import io.argus.scrape.discovery.TargetGroup;
import io.argus.storage.Appendable;
import io.argus.storage.Appender;
import io.argus.testkit.ManualClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read-only views the HTTP API consumes: pools, active and dropped targets, metadata. */
class ScrapeTargetsTest {
  private static final ScrapeHttpClient HTTP = new ScrapeHttpClient("argus-test");
  private static final long START_MS = ScrapeLoopTest.START_MS;

  private final ManualClock clock = new ManualClock(START_MS);
  private final SteppingSleeper sleeper = new SteppingSleeper(clock);
  private final ScrapeMetrics metrics = new ScrapeMetrics(new PrometheusRegistry());
  private final StorageProbe probe = new StorageProbe();
  private TestExporter exporter;
  private ScrapeManager manager;

  @BeforeEach
  void start() throws Exception {
    exporter = new TestExporter();
    exporter.serve("/metrics", ScrapeLoopTest.TEXT, "m 1\n");
    manager = new ScrapeManager(probe, this::client, clock, sleeper, metrics, Labels.EMPTY);
  }

  @AfterEach
  void stop() throws Exception {
    manager.stop();
    exporter.close();
  }

  /** Drops every target whose {@code __meta_drop} label is set. */
  private static final LabelsRewriter DROP_MARKED =
      ls -> ls.getOrEmpty("__meta_drop").isEmpty() ? ls : null;

  private TargetGroup group(Labels... targets) {
    return new TargetGroup("static/0", List.of(targets), Labels.of("env", "test"));
  }

  @Test
  void manager_listsPoolsSortedAndTheirActiveTargetsBeforeTheFirstScrape() {
    manager.applyConfig(
        List.of(
            ScrapeSettings.builder("zeta").interval(30_000).timeout(3_000).build(),
            ScrapeSettings.builder("alpha").build()));
    manager.updateTargets(
        Map.of("zeta", List.of(group(Labels.of("__address__", exporter.address())))));

    assertThat(manager.scrapePoolNames()).containsExactly("alpha", "zeta");
    Map<String, List<ActiveTarget>> active = manager.activeTargets();
    assertThat(active.keySet()).containsExactly("alpha", "zeta");
    assertThat(active.get("alpha")).isEmpty();
    ActiveTarget t = active.get("zeta").get(0);
    assertThat(t.scrapePool()).isEqualTo("zeta");
    assertThat(t.discoveredLabels())
        .isEqualTo(
            Labels.of(
                "__address__", exporter.address(),
                "__metrics_path__", "/metrics",
                "__scheme__", "http",
                "__scrape_interval__", "30s",
                "__scrape_timeout__", "3s",
                "env", "test",
                "job", "zeta"));
    assertThat(t.labels())
        .isEqualTo(Labels.of("env", "test", "instance", exporter.address(), "job", "zeta"));
    assertThat(t.scrapeUrl()).isEqualTo(URI.create("http://" + exporter.address() + "/metrics"));
    assertThat(t.scrapeIntervalMs()).isEqualTo(30_000);
    assertThat(t.scrapeTimeoutMs()).isEqualTo(3_000);
    assertThat(t.lastScrape()).isEqualTo(ScrapeState.NEVER_SCRAPED);
    assertThat(t.lastScrape().health().text()).isEqualTo("unknown");
    assertThat(t.metadata()).isEmpty();
  }

  @Test
  void manager_reportsTheLastScrapeOfEachTarget() throws Exception {
    exporter.serve("/broken", (response, out) -> response.setStatus(503));
    manager.applyConfig(List.of(ScrapeSettings.builder("node").interval(10_000).build()));
    manager.updateTargets(
        Map.of(
            "node",
            List.of(
                group(
                    Labels.of("__address__", exporter.address()),
                    Labels.of("__address__", exporter.address(), "__metrics_path__", "/broken")))));

    sleeper.tick();
    assertThat(probe.commits.tryAcquire(2, 30, TimeUnit.SECONDS)).isTrue();

    List<ActiveTarget> targets = manager.activeTargets().get("node");
    ActiveTarget ok = targets.get(0);
    ActiveTarget broken = targets.get(1);
    assertThat(ok.lastScrape().health()).isEqualTo(TargetHealth.UP);
    assertThat(ok.lastScrape().lastError()).isEmpty();
    assertThat(ok.lastScrape().lastScrapeMs()).isGreaterThanOrEqualTo(START_MS);
    assertThat(broken.lastScrape().health()).isEqualTo(TargetHealth.DOWN);
    assertThat(broken.lastScrape().lastError())
        .isEqualTo("server returned HTTP status 503 Service Unavailable");
  }

  @Test
  void manager_keepsDroppedTargetsUpToTheLimitAndCountsAll() {
    manager.applyConfig(
        List.of(
            ScrapeSettings.builder("node").targetRelabel(DROP_MARKED).keepDroppedTargets(1).build(),
            ScrapeSettings.builder("all").targetRelabel(DROP_MARKED).build()));
    List<TargetGroup> groups =
        List.of(
            group(
                Labels.of("__address__", "a:1", "__meta_drop", "yes"),
                Labels.of("__address__", exporter.address()),
                Labels.of("__address__", "b:2", "__meta_drop", "yes")));
    manager.updateTargets(Map.of("node", groups, "all", groups));

    assertThat(manager.activeTargets().get("node")).hasSize(1);
    assertThat(manager.droppedTargetCounts())
        .containsExactly(Map.entry("all", 2), Map.entry("node", 2));
    List<DroppedTarget> dropped = manager.droppedTargets().get("node");
    assertThat(dropped).hasSize(1);
    assertThat(dropped.get(0).scrapePool()).isEqualTo("node");
    assertThat(dropped.get(0).discoveredLabels())
        .isEqualTo(
            Labels.of(
                "__address__", "a:1",
                "__meta_drop", "yes",
                "__metrics_path__", "/metrics",
                "__scheme__", "http",
                "__scrape_interval__", "1m",
                "__scrape_timeout__", "10s",
                "env", "test",
                "job", "node"));
    assertThat(manager.droppedTargets().get("all"))
        .extracting(d -> d.discoveredLabels().get("__address__"))
        .containsExactly("a:1", "b:2");

    manager.updateTargets(Map.of("node", List.of(group(Labels.of("__address__", "c:3")))));

    assertThat(manager.droppedTargets().get("node")).isEmpty();
    assertThat(manager.droppedTargetCounts().get("node")).isZero();
  }

  @Test
  void manager_viewsAreSnapshotsUnaffectedByLaterChanges() {
    manager.applyConfig(List.of(ScrapeSettings.builder("node").build()));
    manager.updateTargets(
        Map.of("node", List.of(group(Labels.of("__address__", exporter.address())))));
    Map<String, List<ActiveTarget>> before = manager.activeTargets();
    List<String> names = manager.scrapePoolNames();

    manager.applyConfig(List.of(ScrapeSettings.builder("other").build()));

    assertThat(before.get("node")).hasSize(1);
    assertThat(names).containsExactly("node");
    assertThat(manager.scrapePoolNames()).containsExactly("other");
    assertThat(manager.activeTargets().get("other")).isEmpty();
  }

  @Test
  void manager_viewsDoNotWaitForAReloadThatIsStoppingLoops() throws Exception {
    CountDownLatch commitBlocked = new CountDownLatch(1);
    CountDownLatch releaseCommit = new CountDownLatch(1);
    AtomicBoolean blockCommits = new AtomicBoolean();
    Appendable blocking =
        () -> {
          Appender inner = probe.appender();
          return new Appender() {
            @Override
            public long append(long ref, Labels labels, long t, double v) {
              return inner.append(ref, labels, t, v);
            }

            @Override
            public void commit() {
              if (blockCommits.get()) {
                commitBlocked.countDown();
                try {
                  releaseCommit.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              inner.commit();
            }

            @Override
            public void rollback() {
              inner.rollback();
            }
          };
        };
    ScrapeManager m =
        new ScrapeManager(blocking, this::client, clock, sleeper, metrics, Labels.EMPTY);
    m.applyConfig(List.of(ScrapeSettings.builder("node").build()));
    m.updateTargets(Map.of("node", List.of(group(Labels.of("__address__", exporter.address())))));
    blockCommits.set(true);
    // Removing the job stops its loop, whose staleness-marker commit now blocks.
    Thread reload = Thread.ofVirtual().start(() -> m.applyConfig(List.of()));
    try {
      assertThat(commitBlocked.await(30, TimeUnit.SECONDS)).isTrue();

      CompletableFuture<Map<String, List<ActiveTarget>>> view =
          CompletableFuture.supplyAsync(m::activeTargets);

      assertThat(view.get(30, TimeUnit.SECONDS).get("node")).isNotNull();
      assertThat(m.scrapePoolNames()).containsExactly("node");
    } finally {
      releaseCommit.countDown();
      reload.join();
      m.stop();
    }
    assertThat(m.scrapePoolNames()).isEmpty();
  }

  // ------------------------------------------------------------------ metadata

  private ScrapeLoop loop() {
    ScrapeSettings s = ScrapeSettings.builder("node").interval(15_000).timeout(5_000).build();
    Target t = Target.create(Labels.of("__address__", exporter.address()), s);
    assertThat(t).isNotNull();
    return new ScrapeLoop(t, s, probe, HTTP, clock, Sleeper.REAL, metrics, 0);
  }

  @Test
  void metadata_comesFromTypeHelpAndUnitOfTheOpenMetricsBody() {
    exporter.serve(
        "/metrics",
        ScrapeLoopTest.OPEN_METRICS,
        """
        # TYPE request_seconds histogram
        # HELP request_seconds Time spent serving.
        # UNIT request_seconds seconds
        request_seconds_bucket{le="+Inf"} 3
        request_seconds_count 3
        request_seconds_sum 1.5
        # TYPE build info
        build_info{version="1"} 1
        # EOF
        """);
    ScrapeLoop loop = loop();

    loop.scrapeOnce(START_MS);

    ActiveTarget t = loop.target();
    assertThat(t.metadata())
        .containsOnlyKeys("request_seconds", "build")
        .containsEntry(
            "request_seconds",
            new MetricMetadata(
                "request_seconds", MetricType.HISTOGRAM, "Time spent serving.", "seconds"));
    assertThat(t.metadata("build")).isEqualTo(new MetricMetadata("build", MetricType.INFO, "", ""));
    assertThat(t.metadata("request_seconds_bucket")).isNull();
  }

  @Test
  void metadata_ofAFamilyMissingForMoreThanTenScrapesIsForgotten() {
    exporter.serve(
        "/metrics",
        ScrapeLoopTest.TEXT,
        "# HELP old Gone soon.\n# TYPE old gauge\nold 1\n# TYPE kept counter\nkept 1\n");
    ScrapeLoop loop = loop();
    loop.scrapeOnce(START_MS);
    exporter.serve("/metrics", ScrapeLoopTest.TEXT, "# TYPE kept counter\nkept 1\n");

    for (int i = 1; i <= 10; i++) {
      loop.scrapeOnce(START_MS + i * 15_000L);
    }
    MetricMetadata afterTen = loop.target().metadata("old");
    loop.scrapeOnce(START_MS + 11 * 15_000L);

    assertThat(afterTen).isEqualTo(new MetricMetadata("old", MetricType.GAUGE, "Gone soon.", ""));
    assertThat(loop.target().metadata("old")).isNull();
    assertThat(loop.target().metadata().keySet()).containsExactly("kept");
  }

  @Test
  void metadata_failedScrapesForgetNothing() {
    exporter.serve("/metrics", ScrapeLoopTest.TEXT, "# TYPE g gauge\ng 1\n");
    ScrapeLoop loop = loop();
    loop.scrapeOnce(START_MS);
    exporter.serve("/metrics", (response, out) -> response.setStatus(500));

    for (int i = 1; i <= 12; i++) {
      loop.scrapeOnce(START_MS + i * 15_000L);
    }

    assertThat(loop.target().metadata("g"))
        .isEqualTo(new MetricMetadata("g", MetricType.GAUGE, "", ""));
  }

  @Test
  void lastScrape_isAlwaysOneConsistentSnapshotForConcurrentReaders() throws Exception {
    ScrapeLoop loop = loop();
    ActiveTarget t = loop.target();
    AtomicBoolean done = new AtomicBoolean();
    List<String> inconsistent = new ArrayList<>();
    Thread reader =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (!done.get()) {
                    ScrapeState s = t.lastScrape();
                    boolean ok =
                        switch (s.health()) {
                          case UNKNOWN -> s.equals(ScrapeState.NEVER_SCRAPED);
                          case UP -> s.lastError().isEmpty() && s.lastScrapeMs() > 0;
                          case DOWN -> !s.lastError().isEmpty() && s.lastScrapeMs() > 0;
                        };
                    if (!ok) {
                      synchronized (inconsistent) {
                        inconsistent.add(s.toString());
                      }
                    }
                  }
                });
    try {
      for (int i = 0; i < 40; i++) {
        if (i % 2 == 0) {
          exporter.serve("/metrics", ScrapeLoopTest.TEXT, "m 1\n");
        } else {
          exporter.serve("/metrics", (response, out) -> response.setStatus(500));
        }
        loop.scrapeOnce(START_MS + i * 15_000L);
      }
    } finally {
      done.set(true);
      reader.join();
    }

    assertThat(inconsistent).isEmpty();
    assertThat(t.lastScrape().health()).isEqualTo(TargetHealth.DOWN);
    assertThat(t.lastScrape().lastScrapeMs()).isEqualTo(START_MS + 39 * 15_000L);
  }

  // ------------------------------------------------------------------ global URL

  @Test
  void globalUrl_rewritesOnlyLocalhostTargets() {
    URI external = URI.create("https://prom.example.com:443/prefix");
    String listen = "0.0.0.0:9090";

    assertThat(GlobalUrl.of(URI.create("http://localhost:9090/metrics"), listen, external))
        .isEqualTo(URI.create("https://prom.example.com:443/metrics"));
    assertThat(GlobalUrl.of(URI.create("http://127.0.0.1:9100/metrics?a=b"), listen, external))
        .isEqualTo(URI.create("http://prom.example.com:9100/metrics?a=b"));
    assertThat(GlobalUrl.of(URI.create("http://[::1]:9100/metrics"), ":9090", external))
        .isEqualTo(URI.create("http://prom.example.com:9100/metrics"));
    assertThat(GlobalUrl.of(URI.create("http://node1:9100/metrics"), listen, external))
        .isEqualTo(URI.create("http://node1:9100/metrics"));
    assertThat(GlobalUrl.of(URI.create("http://localhost/metrics"), listen, external))
        .isEqualTo(URI.create("http://localhost/metrics"));
    assertThat(
            GlobalUrl.of(
                URI.create("http://localhost:9100/metrics"),
                listen,
                URI.create("http://prom.example.com/")))
        .isEqualTo(URI.create("http://localhost:9100/metrics"));
  }

  private ScrapeHttpClient client(HttpClientConfig config) {
    return new ScrapeHttpClient("argus-test", config, clock);
  }
}
