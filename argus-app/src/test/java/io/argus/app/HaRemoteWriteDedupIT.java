package io.argus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.app.testing.ExternalProcess;
import io.argus.testkit.Await;
import io.argus.testkit.LoopbackPorts;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, acceptance 4: two {@code argus server} replicas (the fat jar, separate processes; same
 * {@code cluster}, {@code replica} a and b) scrape one target and remote-write to a third {@code
 * argus server} with the receiver and its HA tracker: the receiver stores one copy of each series,
 * without the replica label, while the other replica's requests are dropped; after the elected
 * replica is killed with SIGKILL, the other is elected once the failover timeout has passed, and
 * the stored series has no gap longer than the failover timeout plus one scrape interval (plus the
 * sender's batch deadline, the delay between a scrape and its delivery). Bounded: every wait ends.
 */
class HaRemoteWriteDedupIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WAIT_SECONDS = 60;
  private static final Duration WAIT = Duration.ofSeconds(WAIT_SECONDS);
  private static final long SCRAPE_MS = 1_000;
  private static final long FAILOVER_MS = 3_000;
  private static final long BATCH_DEADLINE_MS = 250;
  private static final Pattern ELECTED =
      Pattern.compile("elected ha replica.*cluster=c1 replica=(\\w+) previous=(\\w*)");

  @TempDir Path tmp;

  private Path jar;
  private final List<ExternalProcess> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void findJar() {
    jar = Path.of(System.getProperty("argus.jar", "target/argus.jar"));
    assumeTrue(Files.isRegularFile(jar), "argus.jar not built at " + jar + "; run mvn verify");
  }

  @AfterEach
  void killProcesses() throws InterruptedException {
    for (ExternalProcess process : processes) {
      process.close();
    }
    http.close();
  }

  private ExternalProcess server(String name, int port, String config, String... flags)
      throws Exception {
    Path file = tmp.resolve(name + ".yml");
    Files.writeString(file, config);
    List<String> args = new ArrayList<>();
    args.add("server");
    args.add("--config.file=" + file);
    args.add("--storage.tsdb.path=" + tmp.resolve("data-" + name));
    args.add("--web.listen-address=127.0.0.1:" + port);
    args.addAll(List.of(flags));
    ExternalProcess p =
        ExternalProcess.start(
            ExternalProcess.argusJar(jar, args.toArray(String[]::new)), tmp, WAIT_SECONDS);
    processes.add(p);
    return p;
  }

  @Test
  void replicas_oneCopyStored_survivorTakesOverAfterKill() throws Exception {
    int receiverPort = LoopbackPorts.freePort();
    ExternalProcess receiver =
        server(
            "receiver",
            receiverPort,
            "global:\n  scrape_interval: 1s\n",
            "--web.enable-remote-write-receiver",
            "--ha-tracker.enable",
            "--ha-tracker.cluster=cluster",
            "--ha-tracker.replica=replica",
            "--ha-tracker.failover-timeout=" + FAILOVER_MS + "ms");
    receiver.awaitLine(l -> l.contains("server is ready"));

    String[] names = {"a", "b"};
    ExternalProcess[] replicas = new ExternalProcess[2];
    for (int r = 0; r < 2; r++) {
      replicas[r] =
          server(
              "replica-" + names[r],
              LoopbackPorts.freePort(),
              """
              global:
                scrape_interval: %dms
                scrape_timeout: %dms
                external_labels:
                  cluster: c1
                  replica: %s
              scrape_configs:
                - job_name: target
                  static_configs:
                    - targets: ["127.0.0.1:%d"]
              remote_write:
                - url: http://127.0.0.1:%d/api/v1/write
                  queue_config:
                    min_shards: 1
                    max_shards: 1
                    batch_send_deadline: %dms
              """
                  .formatted(
                      SCRAPE_MS,
                      SCRAPE_MS,
                      names[r],
                      receiverPort,
                      receiverPort,
                      BATCH_DEADLINE_MS));
    }
    for (ExternalProcess p : replicas) {
      p.awaitLine(l -> l.contains("server is ready"));
    }
    Matcher first = ELECTED.matcher(receiver.awaitLine(l -> ELECTED.matcher(l).find()));
    assertThat(first.find()).isTrue();
    String elected = first.group(1);
    assertThat(first.group(2)).isEmpty();
    int killed = elected.equals("a") ? 0 : 1;
    String survivor = names[1 - killed];

    // both replicas send; one copy is stored, without the replica label
    Await.until(
        "both replicas sending and one copy stored",
        WAIT,
        () ->
            value(receiverPort, "sum(cortex_distributor_deduped_samples_total{cluster=\"c1\"})") > 0
                && value(receiverPort, "count_over_time(up{job=\"target\"}[1m])") >= 5);
    JsonNode up = query(receiverPort, "up{job=\"target\"}");
    assertThat(up).hasSize(1);
    assertThat(up.get(0).get("metric").has("replica")).isFalse();
    assertThat(up.get(0).get("metric").get("cluster").asText()).isEqualTo("c1");
    assertThat(query(receiverPort, "{replica=~\".+\"}")).isEmpty();
    // one copy: the stored samples come at one replica's scrape interval, not interleaved
    List<Long> before = sampleTimes(receiverPort, "up{job=\"target\"}[1m]");
    long minGap = Long.MAX_VALUE;
    for (int i = 1; i < before.size(); i++) {
      minGap = Math.min(minGap, before.get(i) - before.get(i - 1));
    }
    assertThat(minGap).as("smallest gap in %s", before).isGreaterThan(SCRAPE_MS / 2);

    replicas[killed].process().destroyForcibly(); // SIGKILL
    assertThat(replicas[killed].process().waitFor(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    Matcher takeover =
        ELECTED.matcher(
            receiver.awaitLine(l -> l.contains("replica=" + survivor + " previous=" + elected)));
    assertThat(takeover.find()).isTrue();

    // the stored series goes on with the survivor's samples; measure its largest gap
    Await.until(
        "the survivor's samples stored",
        WAIT,
        () -> value(receiverPort, "count_over_time(up{job=\"target\"}[5s])") >= 3);
    List<Long> times = sampleTimes(receiverPort, "up{job=\"target\"}[2m]");
    long maxGap = 0;
    for (int i = 1; i < times.size(); i++) {
      maxGap = Math.max(maxGap, times.get(i) - times.get(i - 1));
    }
    System.out.printf(
        "ha failover: elected %s killed, %s took over; largest gap %d ms (timeout %d ms, scrape"
            + " %d ms, batch deadline %d ms)%n",
        elected, survivor, maxGap, FAILOVER_MS, SCRAPE_MS, BATCH_DEADLINE_MS);
    assertThat(maxGap).as("largest gap in %s", times).isGreaterThan(FAILOVER_MS - SCRAPE_MS);
    assertThat(maxGap)
        .as("largest gap in %s", times)
        .isLessThanOrEqualTo(FAILOVER_MS + SCRAPE_MS + BATCH_DEADLINE_MS);
    // the receiver's own metrics, scraped by the survivor and stored through it: two elections
    Await.until(
        "two elections counted",
        WAIT,
        () ->
            value(
                    receiverPort,
                    "sum(cortex_ha_tracker_elected_replica_changes_total{cluster=\"c1\"})")
                == 2);
  }

  /** The sample timestamps (ms) of the one series a range query selects. */
  private List<Long> sampleTimes(int port, String expr) throws Exception {
    JsonNode series = query(port, expr);
    assertThat(series).hasSize(1);
    List<Long> times = new ArrayList<>();
    for (JsonNode v : series.get(0).get("values")) {
      times.add(Math.round(v.get(0).asDouble() * 1000));
    }
    return times;
  }

  private double value(int port, String expr) throws Exception {
    JsonNode r = query(port, expr);
    return r.isEmpty() ? 0 : r.get(0).get("value").get(1).asDouble();
  }

  private JsonNode query(int port, String expr) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + port
                            + "/api/v1/query?query="
                            + URLEncoder.encode(expr, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).at("/data/result");
  }

}
