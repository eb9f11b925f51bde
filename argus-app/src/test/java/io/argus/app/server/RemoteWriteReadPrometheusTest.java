package io.argus.app.server;

import static io.argus.app.testing.LoopbackHttp.byLabels;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.remote.read.ReadLimits;
import io.argus.remote.receiver.HaTrackerConfig;
import io.argus.remote.receiver.WriteProtocol;
import io.argus.app.testing.LoopbackHttp;
import io.argus.testkit.Await;
import io.argus.testkit.LoopbackPorts;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, acceptance 1 (short form) and the remote-read half of 5: Debian's {@code prometheus}
 * 2.42 scrapes itself and Argus and remote-writes everything to {@code argus server}; every series
 * and every raw sample it holds for a closed time window is then queryable, identically, on Argus.
 * A second prometheus without any scrape job reads from Argus through {@code remote_read}
 * (STREAMED_XOR_CHUNKS, as 2.42 asks) and answers the same queries as Argus.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteWriteReadPrometheusTest {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final BuildInfo BUILD =
      new BuildInfo("1.2.3", "abc123", "main", "20260101-00:00:00", "25", "linux/amd64");
  private static final String ALL = "{__name__=~\".+\"}";

  private final LoopbackHttp http = new LoopbackHttp();
  private Path tmp;
  private ArgusServer argus;
  private Process writer;
  private Process reader;
  private int argusPort;
  private int writerPort;

  /** The end (Unix seconds) of the compared window; every sample up to it reached Argus. */
  private double windowEnd;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(PROMETHEUS),
        "prometheus not installed at /usr/bin/prometheus; skipping");
    this.tmp = tmp;
    argusPort = LoopbackPorts.freePort();
    writerPort = LoopbackPorts.freePort();
    ServerSettings settings =
        new ServerSettings(
            new StorageOptions(tmp.resolve("argus-data"), 15 * 86_400_000L, 0),
            new ListenAddress("127.0.0.1", argusPort),
            null,
            false,
            50,
            false,
            QuerySettings.DEFAULT,
            Map.of(),
            null)
        .withRemote(
            new RemoteSettings(
                true,
                EnumSet.allOf(WriteProtocol.class),
                HaTrackerConfig.DISABLED,
                ReadLimits.DEFAULT));
    argus =
        ArgusServer.start(
            settings, TsdbServerStorage.factory(FileOps.defaults()), BUILD, Clock.SYSTEM);
    Path config = tmp.resolve("writer.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: prometheus
            static_configs:
              - targets: ["127.0.0.1:%d"]
          - job_name: argus
            static_configs:
              - targets: ["127.0.0.1:%d"]
        remote_write:
          - url: http://127.0.0.1:%d/api/v1/write
            queue_config:
              min_shards: 1
              max_shards: 1
              batch_send_deadline: 500ms
        """
            .formatted(writerPort, argusPort, argusPort));
    writer = prometheus("writer", config, writerPort);
  }

  private Process prometheus(String name, Path config, int port) throws Exception {
    return new ProcessBuilder(
            PROMETHEUS.toString(),
            "--config.file=" + config,
            "--storage.tsdb.path=" + tmp.resolve(name + "-data"),
            "--web.listen-address=127.0.0.1:" + port,
            "--log.level=warn")
        .redirectErrorStream(true)
        .redirectOutput(tmp.resolve(name + ".log").toFile())
        .start();
  }

  @AfterAll
  void stop() throws Exception {
    for (Process p : new Process[] {writer, reader}) {
      if (p != null) {
        p.destroy(); // SIGTERM to the process this test started
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
    if (argus != null) {
      argus.close();
    }
    http.close();
  }

  private double newestSample(int port, String selector, double at) {
    try {
      JsonNode r = http.query(port, "max(timestamp(" + selector + "))", at);
      return r.size() == 0 ? 0 : r.get(0).get("value").get(1).asDouble();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void remoteWrite_prometheusSamplesAllStoredInArgus() throws Exception {
    // let the writer scrape for a while, then fix a window that has certainly been sent
    // (one shard sends in WAL order: a sample 3 s newer than the window's end is stored last)
    Await.until(
        "12 s of scrapes on the writer",
        Duration.ofSeconds(90),
        () ->
            http.query(writerPort, "count_over_time(up{job=\"prometheus\"}[1m])", now())
                    .get(0)
                    .get("value")
                    .get(1)
                    .asInt()
                >= 12);
    windowEnd = Math.floor(now()) - 2;
    Await.until(
        "argus to receive samples newer than the window",
        Duration.ofSeconds(90),
        () -> newestSample(argusPort, "up", now()) > windowEnd + 3);
    String window = ALL + "[15s]";
    Map<String, String> onPrometheus = byLabels(http.query(writerPort, window, windowEnd));
    Map<String, String> onArgus = byLabels(http.query(argusPort, window, windowEnd));
    assertThat(onPrometheus).hasSizeGreaterThan(100);
    assertThat(onArgus.keySet()).containsExactlyElementsOf(onPrometheus.keySet());
    assertThat(onArgus).isEqualTo(onPrometheus);
    JsonNode failed =
        http.query(writerPort, "prometheus_remote_storage_samples_failed_total", now());
    assertThat(failed.get(0).get("value").get(1).asText()).isEqualTo("0");
  }

  @Test
  void remoteRead_prometheusReadsArgusSeries() throws Exception {
    Await.until(
        "argus to hold 10 s of remote-written samples",
        Duration.ofSeconds(90),
        () ->
            http.query(argusPort, "count_over_time(up{job=\"prometheus\"}[1m])", now())
                    .get(0)
                    .get("value")
                    .get(1)
                    .asInt()
                >= 10);
    int readerPort = LoopbackPorts.freePort();
    Path config = tmp.resolve("reader.yml");
    Files.writeString(
        config,
        """
        remote_read:
          - url: http://127.0.0.1:%d/api/v1/read
            read_recent: true
        """
            .formatted(argusPort));
    reader = prometheus("reader", config, readerPort);
    Await.until(
        "the reader to answer",
        Duration.ofSeconds(90),
        () -> http.query(readerPort, "vector(1)", now()).size() == 1);
    // a time whose samples have all been stored (one writer shard sends in WAL order)
    double at = Math.floor(newestSample(argusPort, "up", now())) - 3;
    for (String expr :
        new String[] {
          "up[20s]",
          "prometheus_tsdb_head_series[20s]",
          "{job=\"argus\"}[10s]",
          "{__name__=~\"prometheus_http_requests_total\", code=\"200\"}[20s]"
        }) {
      Map<String, String> viaRead = byLabels(http.query(readerPort, expr, at));
      Map<String, String> onArgus = byLabels(http.query(argusPort, expr, at));
      assertThat(onArgus).as(expr).isNotEmpty();
      assertThat(viaRead).as(expr).isEqualTo(onArgus);
    }
  }

  private static double now() {
    return Clock.SYSTEM.millis() / 1000.0;
  }
}
