package io.argus.app.server;

import static io.argus.app.testing.LoopbackHttp.byLabels;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.app.testing.LoopbackHttp;
import io.argus.testkit.Await;
import io.argus.testkit.LoopbackPorts;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, {@code remote_read} merged into local queries: {@code argus server} scrapes only itself
 * and reads Debian's {@code prometheus} 2.42 (which scrapes only itself) through {@code
 * remote_read}; its queries answer with both, the remote part identical to what prometheus answers
 * itself, and a reload without {@code remote_read} leaves only the local data.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteReadFromPrometheusTest {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final BuildInfo BUILD =
      new BuildInfo("1.2.3", "abc123", "main", "20260101-00:00:00", "25", "linux/amd64");

  private final LoopbackHttp http = new LoopbackHttp();
  private Path tmp;
  private ArgusServer argus;
  private Process prometheus;
  private int argusPort;
  private int promPort;
  private Path config;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(PROMETHEUS),
        "prometheus not installed at /usr/bin/prometheus; skipping");
    this.tmp = tmp;
    promPort = LoopbackPorts.freePort();
    argusPort = LoopbackPorts.freePort();
    Path promConfig = tmp.resolve("prometheus.yml");
    Files.writeString(
        promConfig,
        """
        global:
          scrape_interval: 1s
        scrape_configs:
          - job_name: prometheus
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """
            .formatted(promPort));
    prometheus =
        new ProcessBuilder(
                PROMETHEUS.toString(),
                "--config.file=" + promConfig,
                "--storage.tsdb.path=" + tmp.resolve("prom-data"),
                "--web.listen-address=127.0.0.1:" + promPort,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("prometheus.log").toFile())
            .start();
    config = tmp.resolve("argus.yml");
    writeArgusConfig(true);
    argus =
        ArgusServer.start(
            new ServerSettings(
                new StorageOptions(tmp.resolve("argus-data"), 15 * 86_400_000L, 0),
                new ListenAddress("127.0.0.1", argusPort),
                config,
                true,
                50,
                false,
                QuerySettings.DEFAULT,
                Map.of(),
                null),
            TsdbServerStorage.factory(FileOps.defaults()),
            BUILD,
            Clock.SYSTEM);
  }

  private void writeArgusConfig(boolean withRemoteRead) throws Exception {
    String remote =
        """
        remote_read:
          - url: http://127.0.0.1:%d/api/v1/read
            name: prometheus
            remote_timeout: 10s
        """
            .formatted(promPort);
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
        scrape_configs:
          - job_name: argus
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """
                .formatted(argusPort)
            + (withRemoteRead ? remote : ""));
  }

  @AfterAll
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

  private static double now() {
    return Clock.SYSTEM.millis() / 1000.0;
  }

  @Test
  void query_answersWithLocalAndRemoteDataThenReloadDropsTheRemote() throws Exception {
    Await.until(
        "8 s of scrapes on prometheus and argus",
        Duration.ofSeconds(60),
        () ->
            http.query(promPort, "count_over_time(up[1m])", now()).at("/0/value/1").asInt() >= 8
                && http.query(argusPort, "count_over_time(up{job=\"argus\"}[1m])", now())
                        .at("/0/value/1")
                        .asInt()
                    >= 8);
    double at = Math.floor(now()) - 2;

    JsonNode up = http.queryResponse(argusPort, "up", at);
    assertThat(up.get("warnings")).isNull();
    assertThat(byLabels(up.at("/data/result")).keySet())
        .containsExactlyInAnyOrder(
            "{__name__=up, instance=127.0.0.1:%d, job=argus}".formatted(argusPort),
            "{__name__=up, instance=127.0.0.1:%d, job=prometheus}".formatted(promPort));

    // what argus reads remotely is what prometheus answers itself, sample for sample
    for (String expr :
        new String[] {
          "{job=\"prometheus\"}[8s]",
          "prometheus_tsdb_head_series{job=\"prometheus\"}[8s]",
          "sum by (code) (prometheus_http_requests_total{job=\"prometheus\"})"
        }) {
      Map<String, String> onProm = byLabels(http.query(promPort, expr, at));
      Map<String, String> onArgus = byLabels(http.query(argusPort, expr, at));
      assertThat(onProm).as(expr).isNotEmpty();
      assertThat(onArgus).as(expr).isEqualTo(onProm);
    }
    // argus' own series are not in prometheus, and stay local
    assertThat(http.query(promPort, "up{job=\"argus\"}", at)).isEmpty();

    writeArgusConfig(false);
    HttpResponse<String> reload = http.post(argusPort, "/-/reload");
    assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
    assertThat(byLabels(http.query(argusPort, "up", at)).keySet())
        .containsExactly("{__name__=up, instance=127.0.0.1:%d, job=argus}".formatted(argusPort));
  }

  @Test
  void query_unreachableRemoteIsAWarning() throws Exception {
    Path other = tmp.resolve("other.yml");
    int dead = LoopbackPorts.freePort();
    Files.writeString(
        other,
        """
        remote_read:
          - url: http://127.0.0.1:%d/api/v1/read
        """
            .formatted(dead));
    try (ArgusServer second =
        ArgusServer.start(
            new ServerSettings(
                new StorageOptions(tmp.resolve("second-data"), 15 * 86_400_000L, 0),
                new ListenAddress("127.0.0.1", 0),
                other,
                false,
                50,
                false,
                QuerySettings.DEFAULT,
                Map.of(),
                null),
            TsdbServerStorage.factory(FileOps.defaults()),
            BUILD,
            Clock.SYSTEM)) {
      JsonNode r = http.queryResponse(second.port(), "up", now());
      assertThat(r.at("/status").asText()).isEqualTo("success");
      assertThat(r.at("/data/result")).isEmpty();
      assertThat(r.get("warnings")).hasSize(1);
      assertThat(r.at("/warnings/0").asText())
          .startsWith(
              "remote_read: error sending request: Post \"http://127.0.0.1:%d/api/v1/read\": "
                  .formatted(dead));
    }
  }
}
