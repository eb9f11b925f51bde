package io.argus.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.app.testing.LoopbackHttp;
import io.argus.app.testing.PeerProcess;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What the remote-write tests of {@code argus server} share: an in-process server that scrapes
 * itself and remote-writes, Debian's {@code prometheus} as the receiver, and the check that a
 * receiver holds every raw sample Argus stored.
 */
final class RemoteWriteFixture {
  static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  static final BuildInfo BUILD =
      new BuildInfo("1.2.3", "abc123", "main", "20260101-00:00:00", "25", "linux/amd64");
  /** The series the writer scrapes: its own metrics, with {@code replica="a"} added. */
  static final String SELECTOR = "{job=\"argus\"}";

  private RemoteWriteFixture() {}

  /**
   * Starts an in-process {@code argus server} on 127.0.0.1:{@code port}, data in {@code
   * dir/argus-data}, that scrapes itself every second as job {@code argus} with the external label
   * {@code replica="a"} and remote-writes as {@code remoteWrite} says: one entry of {@code
   * remote_write}, its keys unindented, one per line.
   */
  static ArgusServer startSelfScrapingWriter(Path dir, int port, String remoteWrite)
      throws Exception {
    String entry = remoteWrite.stripTrailing().indent(4).replaceFirst("^    ", "  - ");
    Path config =
        Files.writeString(
            dir.resolve("argus.yml"),
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
            %s"""
                .formatted(port, entry));
    ServerSettings settings =
        new ServerSettings(
            new StorageOptions(dir.resolve("argus-data"), 15 * 86_400_000L, 0),
            new ListenAddress("127.0.0.1", port),
            config,
            false,
            50,
            false,
            QuerySettings.DEFAULT,
            Map.of());
    return ArgusServer.start(
        settings, TsdbServerStorage.factory(FileOps.defaults()), BUILD, Clock.SYSTEM);
  }

  /**
   * Starts Debian's {@code prometheus} on 127.0.0.1:{@code port} with the remote-write receiver on,
   * configuration {@code configYaml}, data in {@code dir/prom-data} (kept across restarts) and its
   * log appended to {@code dir/prometheus.log}; returns once it is ready.
   */
  static PeerProcess startPrometheusReceiver(
      Path dir, int port, String configYaml, LoopbackHttp http) throws Exception {
    Path config = Files.writeString(dir.resolve("receiver.yml"), configYaml);
    PeerProcess prometheus =
        PeerProcess.start(
            dir.resolve("prometheus.log"),
            List.of(
                PROMETHEUS.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("prom-data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-remote-write-receiver",
                "--log.level=warn"));
    http.awaitOk(port, "/-/ready", "prometheus");
    return prometheus;
  }

  /**
   * Polls the receiver on {@code receiverPort} (every 500 ms, for at most {@code timeoutSeconds})
   * until it holds exactly {@code stored}, the raw samples of {@link #SELECTOR} up to {@code end}
   * (Unix seconds), then asserts that no series lacks a sample or holds one differently.
   */
  static void assertReceiverHolds(
      LoopbackHttp http,
      int receiverPort,
      Map<String, List<String>> stored,
      double end,
      long timeoutSeconds)
      throws Exception {
    long deadline = Clock.SYSTEM.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    Map<String, List<String>> received = http.rawSamples(receiverPort, SELECTOR, end, null);
    while (!received.equals(stored) && Clock.SYSTEM.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(500); // polling interval; the loop checks the condition
      received = http.rawSamples(receiverPort, SELECTOR, end, null);
    }
    Map<String, List<String>> last = received;
    Map<String, List<String>> missing = new TreeMap<>(stored);
    missing.entrySet().removeIf(e -> e.getValue().equals(last.get(e.getKey())));
    assertThat(missing).as("series whose samples the receiver lacks or holds differently").isEmpty();
    assertThat(last.keySet()).isEqualTo(stored.keySet());
  }
}
