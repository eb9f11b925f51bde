package io.argus.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.app.testing.LoopbackHttp;
import io.argus.app.testing.PeerProcess;
import io.argus.testkit.LoopbackPorts;
import io.argus.util.Clock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, acceptance 3: {@code argus server} remote-writes to Debian's {@code prometheus} 2.42;
 * the receiver is stopped for 2 minutes and started again on the same data directory. The queue
 * ({@code argus_newest_first}, backlog 10 s) sends the newest samples first while a backfill drains
 * the outage from the WAL; the test checks that the newest data arrives while the backfill still
 * runs, and that afterwards every sample Argus stored is in Prometheus. It prints how long after
 * the receiver was ready the newest data was visible and the backfill's drain rate.
 *
 * <p>The receiver runs with {@code storage.tsdb.out_of_order_time_window: 10m}: backfilled samples
 * are older than what the live tail has already written for the same series, which 2.42 rejects
 * (400, {@code out of order sample}) with the window at 0. Bounded: every wait ends; about 2.5 min.
 */
class RemoteWriteOutageIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RECEIVER_CONFIG =
      "storage:\n  tsdb:\n    out_of_order_time_window: 10m\n";
  private static final long OUTAGE_MS = 120_000;

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
  void argusServer_twoMinuteReceiverOutage_newestFirstThenNothingMissing() throws Exception {
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
            name: outage
            queue_config:
              capacity: 500
              max_samples_per_send: 500
              batch_send_deadline: 1s
              max_backoff: 1s
              argus_newest_first:
                backlog: 10s
                shards: 2
                max_samples_per_second: 5000
            """
                .formatted(promPort));
    TimeUnit.SECONDS.sleep(5);
    prometheus.stop();
    TimeUnit.MILLISECONDS.sleep(OUTAGE_MS);
    prometheus =
        RemoteWriteFixture.startPrometheusReceiver(tmp, promPort, RECEIVER_CONFIG, http);
    long readyMillis = Clock.SYSTEM.millis();

    // The newest data: a scrape of Argus from at most two intervals before the receiver was back.
    long newestVisibleMillis = -1;
    boolean backfillRunningThen = false;
    long deadline = Clock.SYSTEM.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (Clock.SYSTEM.nanoTime() < deadline) {
      if (newestUp(promPort) >= readyMillis - 2_000) {
        newestVisibleMillis = Clock.SYSTEM.millis();
        backfillRunningThen = metric(argusPort, "argus_remote_storage_backfill_active") == 1;
        break;
      }
      TimeUnit.MILLISECONDS.sleep(100); // polling interval; the loop checks the condition
    }
    assertThat(newestVisibleMillis).as("newest data reached Prometheus").isPositive();
    assertThat(metric(argusPort, "argus_remote_storage_backfills_total")).isEqualTo(1);
    assertThat(backfillRunningThen)
        .as("backfill still running when the newest data arrived")
        .isTrue();

    deadline = Clock.SYSTEM.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (metric(argusPort, "argus_remote_storage_backfill_active") != 0
        && Clock.SYSTEM.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100); // polling interval; the loop checks the condition
    }
    long drainedMillis = Clock.SYSTEM.millis();
    double backfilled = metric(argusPort, "argus_remote_storage_backfill_samples_total");
    assertThat(metric(argusPort, "argus_remote_storage_backfill_active")).isZero();
    assertThat(backfilled).isGreaterThan(0);

    double end = (Clock.SYSTEM.millis() - 1_500) / 1000.0;
    Map<String, List<String>> stored = http.rawSamples(argusPort, RemoteWriteFixture.SELECTOR, end, "a");
    int storedCount = stored.values().stream().mapToInt(List::size).sum();
    assertThat(storedCount).as("samples Argus stored").isGreaterThan(5_000);
    RemoteWriteFixture.assertReceiverHolds(http, promPort, stored, end, 60);
    assertThat(metric(argusPort, "prometheus_remote_storage_samples_failed_total")).isZero();

    System.out.printf(
        "outage IT: newest data visible %d ms after the receiver was ready; backfill sent %.0f"
            + " samples, drained %.1f s after ready (%.0f samples/s, bound 5000/s); %d samples"
            + " compared%n",
        newestVisibleMillis - readyMillis,
        backfilled,
        (drainedMillis - readyMillis) / 1000.0,
        backfilled / Math.max(0.001, (drainedMillis - readyMillis) / 1000.0),
        storedCount);
  }

  /** The newest timestamp (ms) of {@code up{job="argus"}} in the receiver, or -1. */
  private long newestUp(int port) throws Exception {
    String q = URLEncoder.encode("up{job=\"argus\"}[30s]", StandardCharsets.UTF_8);
    JsonNode body = JSON.readTree(http.get(port, "/api/v1/query?query=" + q));
    long newest = -1;
    for (JsonNode series : body.at("/data/result")) {
      for (JsonNode v : series.get("values")) {
        newest = Math.max(newest, Math.round(v.get(0).asDouble() * 1000));
      }
    }
    return newest;
  }

  /** The sum of a metric's samples on Argus' /metrics. */
  private double metric(int port, String name) throws Exception {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$")
            .matcher(http.get(port, "/metrics"));
    double sum = 0;
    while (m.find()) {
      sum += Double.parseDouble(m.group(2));
    }
    return sum;
  }

}
