package io.argus.store.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.ChunkMeta;
import io.argus.storage.SelectHints;
import io.argus.store.LabelRequest;
import io.argus.store.MemoryStore;
import io.argus.store.SampleBoundsSeries;
import io.argus.store.SeriesRequest;
import io.argus.store.StoreInfo;
import io.argus.store.StoreSeriesSet;
import io.argus.testkit.LoopbackPorts;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Debian's Prometheus 2.42, scraping itself every second, read as a store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusRemoteReadStoreTest {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private Process prometheus;
  private PrometheusRemoteReadStore store;
  private int port;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(PROMETHEUS),
        "prometheus not installed at /usr/bin/prometheus; skipping");
    port = LoopbackPorts.freePort();
    Path config = tmp.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
          external_labels:
            cluster: c
            replica: p
        scrape_configs:
          - job_name: prometheus
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """
            .formatted(port));
    prometheus =
        new ProcessBuilder(
                PROMETHEUS.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + tmp.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("prometheus.log").toFile())
            .start();
    store =
        new PrometheusRemoteReadStore(
            URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(5));
    // Wait (bounded) until three scrapes of "up" are readable.
    for (int i = 0; i < 300 && upSamples(List.of()).size() < 3; i++) {
      Thread.sleep(100);
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy(); // SIGTERM to the process this test started
      if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
  }

  private SeriesRequest upRequest(List<String> replicaLabels) {
    return new SeriesRequest(
        0,
        Long.MAX_VALUE / 2,
        List.of(Matcher.equal("__name__", "up"), Matcher.equal("cluster", "c")),
        replicaLabels,
        false,
        true,
        SelectHints.NONE,
        0);
  }

  private List<String> upSamples(List<String> replicaLabels) {
    List<String> out = new ArrayList<>();
    try (StoreSeriesSet set = store.series(upRequest(replicaLabels))) {
      while (set.next()) {
        for (ChunkMeta c : set.at().chunks()) {
          out.addAll(MemoryStore.samples(c.chunk().iterator(null)));
        }
      }
    } catch (RuntimeException e) {
      return List.of();
    }
    return out;
  }

  @Test
  void metricMetadata_readsTheScrapedTypesOverHttp() {
    io.argus.store.metadata.MetadataResult all = store.metricMetadata("", -1, false);
    assertThat(all.warnings()).isEmpty();
    assertThat(all.metadata().get("prometheus_http_requests_total"))
        .extracting(io.argus.store.metadata.MetricMeta::type)
        .containsOnly("counter");
    assertThat(all.metadata().get("go_goroutines"))
        .extracting(io.argus.store.metadata.MetricMeta::type)
        .containsExactly("gauge");
    assertThat(store.metricMetadata("go_goroutines", -1, false).metadata())
        .containsOnlyKeys("go_goroutines");
    assertThat(store.metricMetadata("", 2, false).metadata()).hasSize(2);

    PrometheusRemoteReadStore nothing =
        new PrometheusRemoteReadStore(URI.create("http://127.0.0.1:1"), Duration.ofSeconds(5));
    assertThat(nothing.metricMetadata("", -1, true).warnings())
        .singleElement()
        .asString()
        .startsWith("http://127.0.0.1:1: ");
  }

  @Test
  void info_readsExternalLabelsAndTimeRange() {
    StoreInfo info = store.info();

    assertThat(info.labelSets()).containsExactly(Labels.of("cluster", "c", "replica", "p"));
    assertThat(info.minTime()).isGreaterThan(0).isLessThan(Long.MAX_VALUE);
    assertThat(info.supportsWithoutReplicaLabels()).isTrue();
  }

  @Test
  void series_readsStreamedChunksWithExternalLabelsAndStripsReplicaLabels() {
    List<Labels> labels = new ArrayList<>();
    int samples = 0;
    try (StoreSeriesSet set = store.series(upRequest(List.of("replica")))) {
      while (set.next()) {
        labels.add(set.at().labels());
        for (ChunkMeta c : set.at().chunks()) {
          samples += MemoryStore.samples(c.chunk().iterator(null)).size();
        }
      }
      assertThat(set.warnings()).isEmpty();
    }

    assertThat(labels)
        .containsExactly(
            Labels.of(
                "__name__",
                "up",
                "cluster",
                "c",
                "instance",
                "127.0.0.1:" + port,
                "job",
                "prometheus"));
    assertThat(samples).isGreaterThanOrEqualTo(3);
    assertThat(upSamples(List.of())).allMatch(s -> s.endsWith("=1.0"));
  }

  @Test
  void series_sampleBoundsRequest_isAnsweredWithChunks() {
    // Prometheus' remote read has no sample bounds: the store ignores the flag.
    List<Labels> labels = new ArrayList<>();
    int chunks = 0;
    try (StoreSeriesSet set = store.series(upRequest(List.of("replica")).withSampleBounds(true))) {
      while (set.next()) {
        assertThat(set.at()).isNotInstanceOf(SampleBoundsSeries.class);
        labels.add(set.at().labels());
        chunks += set.at().chunks().size();
      }
      assertThat(set.warnings()).isEmpty();
    }

    assertThat(labels).hasSize(1);
    assertThat(chunks).isPositive();
  }

  @Test
  void labels_addExternalLabelsAndLeaveOutReplicaLabels() {
    store.info();
    LabelRequest dedup =
        new LabelRequest(
            0,
            Long.MAX_VALUE / 2,
            List.of(Matcher.equal("__name__", "up")),
            List.of("replica"),
            true,
            0);

    assertThat(store.labelNames(dedup).values())
        .containsExactly("__name__", "cluster", "instance", "job");
    assertThat(store.labelValues("job", dedup).values()).containsExactly("prometheus");
    assertThat(store.labelValues("cluster", dedup).values()).containsExactly("c");
    LabelRequest other =
        new LabelRequest(
            0, Long.MAX_VALUE / 2, List.of(Matcher.equal("cluster", "other")), List.of(), true, 0);
    assertThat(store.labelValues("job", other).values()).isEmpty();
  }
}
