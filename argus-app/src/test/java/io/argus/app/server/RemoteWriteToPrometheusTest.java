package io.argus.app.server;

import io.argus.app.testing.LoopbackHttp;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.testkit.LoopbackPorts;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, acceptance 2 (Prometheus half): {@code argus server} scrapes itself and remote-writes
 * to Debian's {@code prometheus} 2.42 with the receiver enabled; every sample Argus stored up to a
 * cut-off time is then in Prometheus, with the external labels added, within 90 s.
 */
class RemoteWriteToPrometheusTest {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BuildInfo BUILD =
      new BuildInfo("1.2.3", "abc123", "main", "20260101-00:00:00", "25", "linux/amd64");

  @TempDir Path tmp;
  private Process prometheus;
  private ArgusServer argus;
  private final LoopbackHttp http = new LoopbackHttp();

  @AfterEach
  void stop() throws Exception {
    if (argus != null) {
      argus.close();
    }
    if (prometheus != null) {
      prometheus.destroy(); // SIGTERM to the process this test started
      if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
    http.close();
  }

  @Test
  void argusServer_remoteWritesEveryStoredSampleToPrometheus() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(PROMETHEUS),
        "prometheus not installed at /usr/bin/prometheus; skipping");
    int promPort = LoopbackPorts.freePort();
    int argusPort = LoopbackPorts.freePort();
    startPrometheus(promPort);

    Path config =
        Files.writeString(
            tmp.resolve("argus.yml"),
            """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              external_labels:
                replica: a
            scrape_configs:
              - job_name: argus
                static_configs:
                  - targets: ["127.0.0.1:%d"]
            remote_write:
              - url: http://127.0.0.1:%d/api/v1/write
                name: to-prometheus
                queue_config:
                  max_samples_per_send: 200
                  batch_send_deadline: 1s
            """
                .formatted(argusPort, promPort));
    ServerSettings settings =
        new ServerSettings(
            new StorageOptions(tmp.resolve("argus-data"), 15 * 86_400_000L, 0),
            new ListenAddress("127.0.0.1", argusPort),
            config,
            false,
            50,
            false,
            QuerySettings.DEFAULT,
            Map.of());
    argus =
        ArgusServer.start(
            settings, TsdbServerStorage.factory(FileOps.defaults()), BUILD, Clock.SYSTEM);

    // Let Argus scrape itself for a while, then fix the cut-off a little in the past.
    TimeUnit.SECONDS.sleep(8);
    double end = (Clock.SYSTEM.millis() - 1_500) / 1000.0;
    Map<String, List<String>> stored = http.rawSamples(argusPort, "{job=\"argus\"}", end, "a");
    assertThat(stored).as("series Argus stored").hasSizeGreaterThan(50);
    assertThat(stored.values().stream().mapToInt(List::size).sum())
        .as("samples Argus stored")
        .isGreaterThan(300);

    long deadline = Clock.SYSTEM.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    Map<String, List<String>> received = http.rawSamples(promPort, "{job=\"argus\"}", end, null);
    while (!received.equals(stored) && Clock.SYSTEM.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(500); // polling interval; the loop checks the condition
      received = http.rawSamples(promPort, "{job=\"argus\"}", end, null);
    }
    Map<String, List<String>> last = received;
    Map<String, List<String>> missing = new TreeMap<>(stored);
    missing.entrySet().removeIf(e -> e.getValue().equals(last.get(e.getKey())));
    assertThat(missing).as("series whose samples Prometheus lacks or holds differently").isEmpty();
    assertThat(last.keySet()).isEqualTo(stored.keySet());

    String metrics = http.get(argusPort, "/metrics");
    assertThat(metrics)
        .contains("prometheus_remote_storage_samples_total{remote_name=\"to-prometheus\"")
        .contains("prometheus_remote_storage_shards{remote_name=\"to-prometheus\"");
  }

  /**
   * The receiver is stopped for a while and started again on the same data directory: with a queue
   * too small to hold the outage's samples the WAL watcher has to wait, and still nothing Argus
   * stored is missing in Prometheus afterwards.
   */
  @Test
  void argusServer_losesNothingWhileTheReceiverIsDown() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(PROMETHEUS),
        "prometheus not installed at /usr/bin/prometheus; skipping");
    int promPort = LoopbackPorts.freePort();
    int argusPort = LoopbackPorts.freePort();
    startPrometheus(promPort);
    Path config =
        Files.writeString(
            tmp.resolve("argus.yml"),
            """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              external_labels:
                replica: a
            scrape_configs:
              - job_name: argus
                static_configs:
                  - targets: ["127.0.0.1:%d"]
            remote_write:
              - url: http://127.0.0.1:%d/api/v1/write
                queue_config:
                  capacity: 200
                  max_samples_per_send: 100
                  batch_send_deadline: 500ms
                  max_backoff: 1s
            """
                .formatted(argusPort, promPort));
    ServerSettings settings =
        new ServerSettings(
            new StorageOptions(tmp.resolve("argus-data"), 15 * 86_400_000L, 0),
            new ListenAddress("127.0.0.1", argusPort),
            config,
            false,
            50,
            false,
            QuerySettings.DEFAULT,
            Map.of());
    argus =
        ArgusServer.start(
            settings, TsdbServerStorage.factory(FileOps.defaults()), BUILD, Clock.SYSTEM);
    TimeUnit.SECONDS.sleep(3);
    stopPrometheus();
    TimeUnit.SECONDS.sleep(12);
    startPrometheus(promPort);
    TimeUnit.SECONDS.sleep(2);
    double end = (Clock.SYSTEM.millis() - 1_500) / 1000.0;
    Map<String, List<String>> stored = http.rawSamples(argusPort, "{job=\"argus\"}", end, "a");
    assertThat(stored.values().stream().mapToInt(List::size).sum())
        .as("samples Argus stored")
        .isGreaterThan(1_000);

    long deadline = Clock.SYSTEM.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    Map<String, List<String>> received = http.rawSamples(promPort, "{job=\"argus\"}", end, null);
    while (!received.equals(stored) && Clock.SYSTEM.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(500); // polling interval; the loop checks the condition
      received = http.rawSamples(promPort, "{job=\"argus\"}", end, null);
    }
    Map<String, List<String>> last = received;
    Map<String, List<String>> missing = new TreeMap<>(stored);
    missing.entrySet().removeIf(e -> e.getValue().equals(last.get(e.getKey())));
    assertThat(missing).as("series whose samples Prometheus lacks or holds differently").isEmpty();
    String metrics = http.get(argusPort, "/metrics");
    assertThat(metrics)
        .containsPattern("prometheus_remote_storage_samples_retried_total\\{[^}]*\\} [1-9]");
    assertThat(metrics)
        .containsPattern("prometheus_remote_storage_enqueue_retries_total\\{[^}]*\\} [1-9]");
  }

  private void startPrometheus(int port) throws Exception {
    Path promConfig = Files.writeString(tmp.resolve("receiver.yml"), "global: {}\n");
    prometheus =
        new ProcessBuilder(
                PROMETHEUS.toString(),
                "--config.file=" + promConfig,
                "--storage.tsdb.path=" + tmp.resolve("prom-data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-remote-write-receiver",
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(tmp.resolve("prometheus.log").toFile()))
            .start();
    http.awaitOk(port, "/-/ready", "prometheus");
  }

  private void stopPrometheus() throws Exception {
    prometheus.destroy(); // SIGTERM to the process this test started
    if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
      prometheus.destroyForcibly();
    }
    prometheus = null;
  }

}
