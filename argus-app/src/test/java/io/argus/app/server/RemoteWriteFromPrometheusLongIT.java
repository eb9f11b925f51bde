package io.argus.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.remote.read.ReadLimits;
import io.argus.remote.receiver.HaTrackerConfig;
import io.argus.remote.receiver.WriteProtocol;
import io.argus.testkit.LoopbackPorts;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, acceptance 1 (long form, failsafe): Debian's {@code prometheus} 2.42 scrapes itself and
 * Argus every second and remote-writes for {@value #RUN_SECONDS} s to {@code argus server}; then
 * every series and every raw sample prometheus holds from its first scrape to the end of a closed
 * window is identical on Argus, and prometheus reports no failed or dropped samples.
 */
class RemoteWriteFromPrometheusLongIT {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final BuildInfo BUILD =
      new BuildInfo("1.2.3", "abc123", "main", "20260101-00:00:00", "25", "linux/amd64");
  private static final ObjectMapper JSON = new ObjectMapper();
  static final long RUN_SECONDS = 130;

  @TempDir Path tmp;
  private final HttpClient http = HttpClient.newHttpClient();
  private ArgusServer argus;
  private Process writer;

  @AfterEach
  void stop() throws Exception {
    if (writer != null) {
      writer.destroy(); // SIGTERM to the process this test started
      if (!writer.waitFor(30, TimeUnit.SECONDS)) {
        writer.destroyForcibly();
      }
    }
    if (argus != null) {
      argus.close();
    }
    http.close();
  }

  @Test
  void remoteWrite_everySampleOfTwoMinutesStoredInArgus() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(PROMETHEUS),
        "prometheus not installed at /usr/bin/prometheus; skipping");
    int argusPort = LoopbackPorts.freePort();
    int writerPort = LoopbackPorts.freePort();
    argus =
        ArgusServer.start(
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
                        ReadLimits.DEFAULT)),
            TsdbServerStorage.factory(FileOps.defaults()),
            BUILD,
            Clock.SYSTEM);
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
    writer =
        new ProcessBuilder(
                PROMETHEUS.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + tmp.resolve("writer-data"),
                "--web.listen-address=127.0.0.1:" + writerPort,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("writer.log").toFile())
            .start();
    long started = Clock.SYSTEM.millis();
    // scrapes for RUN_SECONDS: the run length is the point of this test, so wait it out
    await(
        "prometheus to scrape for " + RUN_SECONDS + " s",
        RUN_SECONDS + 60,
        () -> Clock.SYSTEM.millis() - started >= RUN_SECONDS * 1000);
    double windowEnd = Math.floor(now()) - 2;
    // one shard sends in WAL order: a sample 3 s newer than the window's end is stored last
    await(
        "argus to receive samples newer than the window",
        60,
        () -> newest(argusPort, "up") > windowEnd + 3);
    String all = "{__name__=~\".+\"}[" + (RUN_SECONDS + 30) + "s]";
    Map<String, String> onPrometheus = byLabels(query(writerPort, all, windowEnd));
    Map<String, String> onArgus = byLabels(query(argusPort, all, windowEnd));
    long samples =
        query(writerPort, all, windowEnd).findValues("values").stream()
            .mapToLong(JsonNode::size)
            .sum();
    System.out.printf(
        "remote write long run: %d s, %d series, %d samples compared%n",
        RUN_SECONDS, onPrometheus.size(), samples);
    assertThat(onPrometheus).hasSizeGreaterThan(100);
    assertThat(samples).isGreaterThan(100L * (RUN_SECONDS - 10));
    assertThat(onArgus.keySet()).containsExactlyElementsOf(onPrometheus.keySet());
    assertThat(onArgus).isEqualTo(onPrometheus);
    for (String counter :
        new String[] {
          "prometheus_remote_storage_samples_failed_total",
          "prometheus_remote_storage_samples_dropped_total",
          "prometheus_remote_storage_samples_retried_total"
        }) {
      JsonNode r = query(writerPort, "sum(" + counter + ")", now());
      assertThat(r.get(0).get("value").get(1).asText()).as(counter).isEqualTo("0");
    }
  }

  private JsonNode query(int port, String expr, double time) throws Exception {
    String form = "query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8) + "&time=" + time;
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/query"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s on port %d: %s", expr, port, r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).at("/data/result");
  }

  private static Map<String, String> byLabels(JsonNode matrix) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode s : matrix) {
      out.put(
          new TreeMap<>(JSON.convertValue(s.get("metric"), Map.class)).toString(),
          s.get("values").toString());
    }
    return out;
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void await(String what, long seconds, Check done) throws Exception {
    long deadline = Clock.SYSTEM.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (Clock.SYSTEM.nanoTime() < deadline) {
      try {
        if (done.ok()) {
          return;
        }
      } catch (Exception | AssertionError e) {
        // not ready yet
      }
      Thread.sleep(500); // polling interval; the loop checks the condition
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  private double newest(int port, String selector) throws Exception {
    JsonNode r = query(port, "max(timestamp(" + selector + "))", now());
    return r.isEmpty() ? 0 : r.get(0).get("value").get(1).asDouble();
  }

  private static double now() {
    return Clock.SYSTEM.millis() / 1000.0;
  }
}
