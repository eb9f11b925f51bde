package io.argus.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.app.testing.LoopbackHttp;
import io.argus.app.testing.PeerProcess;
import io.argus.testkit.LoopbackPorts;
import io.argus.util.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
  private static final String RECEIVER_CONFIG = "global: {}\n";

  @TempDir Path tmp;
  private PeerProcess prometheus;
  private ArgusServer argus;
  private final LoopbackHttp http = new LoopbackHttp();

  @AfterEach
  void stop() throws Exception {
    if (argus != null) {
      argus.close();
    }
    if (prometheus != null) {
      prometheus.stop();
    }
    http.close();
  }

  @Test
  void argusServer_remoteWritesEveryStoredSampleToPrometheus() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(RemoteWriteFixture.PROMETHEUS),
        "prometheus not installed at /usr/bin/prometheus; skipping");
    int promPort = LoopbackPorts.freePort();
    int argusPort = LoopbackPorts.freePort();
    prometheus =
        RemoteWriteFixture.startPrometheusReceiver(tmp, promPort, RECEIVER_CONFIG, http);
    argus =
        RemoteWriteFixture.startSelfScrapingWriter(
            tmp,
            argusPort,
            """
            url: http://127.0.0.1:%d/api/v1/write
            name: to-prometheus
            queue_config:
              max_samples_per_send: 200
              batch_send_deadline: 1s
            """
                .formatted(promPort));

    // Let Argus scrape itself for a while, then fix the cut-off a little in the past.
    TimeUnit.SECONDS.sleep(8);
    double end = (Clock.SYSTEM.millis() - 1_500) / 1000.0;
    Map<String, List<String>> stored =
        http.rawSamples(argusPort, RemoteWriteFixture.SELECTOR, end, "a");
    assertThat(stored).as("series Argus stored").hasSizeGreaterThan(50);
    assertThat(stored.values().stream().mapToInt(List::size).sum())
        .as("samples Argus stored")
        .isGreaterThan(300);
    RemoteWriteFixture.assertReceiverHolds(http, promPort, stored, end, 90);

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
        Files.isExecutable(RemoteWriteFixture.PROMETHEUS),
        "prometheus not installed at /usr/bin/prometheus; skipping");
    int promPort = LoopbackPorts.freePort();
    int argusPort = LoopbackPorts.freePort();
    prometheus =
        RemoteWriteFixture.startPrometheusReceiver(tmp, promPort, RECEIVER_CONFIG, http);
    argus =
        RemoteWriteFixture.startSelfScrapingWriter(
            tmp,
            argusPort,
            """
            url: http://127.0.0.1:%d/api/v1/write
            queue_config:
              capacity: 200
              max_samples_per_send: 100
              batch_send_deadline: 500ms
              max_backoff: 1s
            """
                .formatted(promPort));
    TimeUnit.SECONDS.sleep(3);
    prometheus.stop();
    TimeUnit.SECONDS.sleep(12);
    prometheus =
        RemoteWriteFixture.startPrometheusReceiver(tmp, promPort, RECEIVER_CONFIG, http);
    TimeUnit.SECONDS.sleep(2);
    double end = (Clock.SYSTEM.millis() - 1_500) / 1000.0;
    Map<String, List<String>> stored =
        http.rawSamples(argusPort, RemoteWriteFixture.SELECTOR, end, "a");
    assertThat(stored.values().stream().mapToInt(List::size).sum())
        .as("samples Argus stored")
        .isGreaterThan(1_000);
    RemoteWriteFixture.assertReceiverHolds(http, promPort, stored, end, 90);
    String metrics = http.get(argusPort, "/metrics");
    assertThat(metrics)
        .containsPattern("prometheus_remote_storage_samples_retried_total\\{[^}]*\\} [1-9]");
    assertThat(metrics)
        .containsPattern("prometheus_remote_storage_enqueue_retries_total\\{[^}]*\\} [1-9]");
  }
}
