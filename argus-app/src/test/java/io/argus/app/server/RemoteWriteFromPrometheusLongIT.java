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
  static final long RUN_SECONDS = 130;

  @TempDir Path tmp;
  private final LoopbackHttp http = new LoopbackHttp();
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
    Await.until(
        "prometheus to scrape for " + RUN_SECONDS + " s", Duration.ofSeconds(RUN_SECONDS + 60),
        () -> Clock.SYSTEM.millis() - started >= RUN_SECONDS * 1000);
    double windowEnd = Math.floor(now()) - 2;
    // one shard sends in WAL order: a sample 3 s newer than the window's end is stored last
    Await.until(
        "argus to receive samples newer than the window",
        Duration.ofSeconds(60),
        () -> newest(argusPort, "up") > windowEnd + 3);
    String all = "{__name__=~\".+\"}[" + (RUN_SECONDS + 30) + "s]";
    Map<String, String> onPrometheus = byLabels(http.query(writerPort, all, windowEnd));
    Map<String, String> onArgus = byLabels(http.query(argusPort, all, windowEnd));
    long samples =
        http.query(writerPort, all, windowEnd).findValues("values").stream()
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
      JsonNode r = http.query(writerPort, "sum(" + counter + ")", now());
      assertThat(r.get(0).get("value").get(1).asText()).as(counter).isEqualTo("0");
    }
  }

  private double newest(int port, String selector) throws Exception {
    JsonNode r = http.query(port, "max(timestamp(" + selector + "))", now());
    return r.isEmpty() ? 0 : r.get(0).get("value").get(1).asDouble();
  }

  private static double now() {
    return Clock.SYSTEM.millis() / 1000.0;
  }
}
