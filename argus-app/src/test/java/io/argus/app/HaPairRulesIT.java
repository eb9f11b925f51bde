package io.argus.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.app.testing.ExternalProcess;
import io.argus.testkit.LoopbackPorts;
import java.io.IOException;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, acceptance 4: two {@code argus server} replicas (the fat jar, separate processes) with
 * the same rule file evaluate each group at the same timestamps, read back from {@code
 * ALERTS_FOR_STATE} on both; after one replica is killed with SIGKILL, the other fires the
 * replica-down alert within the rule's {@code for} plus one evaluation interval of the first
 * failed scrape, counted in the evaluations the survivor ran (read from its own series, so that
 * scheduling stalls of a loaded machine do not count against the rule). Bounded: every wait ends.
 */
class HaPairRulesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WAIT_SECONDS = 90;
  private static final long SCRAPE_MS = 1_000;
  private static final long EVAL_MS = 2_000;
  private static final long FOR_MS = 4_000;

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
  }

  @Test
  void replicas_evaluateAtTheSameInstants_andTheSurvivorFiresReplicaDown() throws Exception {
    int[] ports = {LoopbackPorts.freePort(), LoopbackPorts.freePort()};
    Files.writeString(
        tmp.resolve("rules.yml"),
        """
        groups:
          - name: ha
            interval: %ds
            rules:
              - alert: AlwaysPending
                expr: vector(1)
                for: 1h
              - alert: ArgusReplicaDown
                expr: up{job="argus"} == 0
                for: %ds
        """
            .formatted(EVAL_MS / 1000, FOR_MS / 1000));
    ExternalProcess[] servers = new ExternalProcess[2];
    for (int r = 0; r < 2; r++) {
      Path config = tmp.resolve("server-" + r + ".yml");
      Files.writeString(
          config,
          """
          global:
            scrape_interval: %ds
            scrape_timeout: %ds
            evaluation_interval: %ds
            external_labels:
              replica: "%d"
          rule_files: [rules.yml]
          scrape_configs:
            - job_name: argus
              static_configs:
                - targets: ["127.0.0.1:%d", "127.0.0.1:%d"]
          """
              .formatted(
                  SCRAPE_MS / 1000, SCRAPE_MS / 1000, EVAL_MS / 1000, r, ports[0], ports[1]));
      servers[r] =
          ExternalProcess.start(
              ExternalProcess.argusJar(
                  jar,
                  "server",
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + tmp.resolve("data-" + r),
                  "--web.listen-address=127.0.0.1:" + ports[r]),
              tmp,
              WAIT_SECONDS);
      processes.add(servers[r]);
    }
    for (ExternalProcess s : servers) {
      s.awaitLine(l -> l.contains("server is ready"));
    }

    // Both replicas write ALERTS_FOR_STATE at every evaluation of the group; compare the
    // evaluation instants both have recorded once each holds at least five.
    Set<Long> first = new TreeSet<>();
    Set<Long> second = new TreeSet<>();
    awaitTrue(
        () -> {
          first.clear();
          second.clear();
          first.addAll(forStateTimes(ports[0]));
          second.addAll(forStateTimes(ports[1]));
          Set<Long> common = new TreeSet<>(first);
          common.retainAll(second);
          return common.size() >= 5;
        });
    long from = Math.max(((TreeSet<Long>) first).first(), ((TreeSet<Long>) second).first());
    long to = Math.min(((TreeSet<Long>) first).last(), ((TreeSet<Long>) second).last());
    assertThat(first.stream().filter(t -> t >= from && t <= to).toList())
        .as("evaluation timestamps of replica 0 within the common window")
        .isEqualTo(second.stream().filter(t -> t >= from && t <= to).toList());
    assertThat(first.stream().map(t -> Math.floorMod(t, EVAL_MS)).distinct().toList())
        .as("one phase within the interval")
        .hasSize(1);

    servers[1].process().destroyForcibly();
    assertThat(servers[1].process().waitFor(WAIT_SECONDS, TimeUnit.SECONDS))
        .isTrue();

    String target = "127.0.0.1:" + ports[1];
    long[] firstFiring = {-1};
    awaitTrue(
        () -> {
          firstFiring[0] =
              firstSampleTime(
                  ports[0],
                  "ALERTS{alertname=\"ArgusReplicaDown\",alertstate=\"firing\",instance=\""
                      + target
                      + "\"}[5m]",
                  "1");
          return firstFiring[0] >= 0;
        });
    long firstDown = firstSampleTime(ports[0], "up{instance=\"" + target + "\"}[5m]", "0");
    assertThat(firstDown).as("first failed scrape of the killed replica").isPositive();
    long firstPending =
        firstSampleTime(
            ports[0],
            "ALERTS{alertname=\"ArgusReplicaDown\",alertstate=\"pending\",instance=\""
                + target
                + "\"}[5m]",
            "1");
    assertThat(firstPending)
        .as("the alert goes pending at an evaluation that sees the failed scrape")
        .isGreaterThanOrEqualTo(firstDown);
    // The alert must fire at the first evaluation at least `for` after it went pending; the
    // instants are the evaluations that ran (each writes ALERTS_FOR_STATE of the always-true
    // rule), so stalls of a loaded box move them without failing the test.
    List<Long> evaluations = forStateTimes(ports[0]).stream().sorted().toList();
    long expectedFiring =
        evaluations.stream().filter(t -> t - firstPending >= FOR_MS).findFirst().orElse(-1L);
    assertThat(firstFiring[0])
        .as(
            "first failed scrape at %d, pending at %d, evaluations %s",
            firstDown, firstPending, evaluations)
        .isEqualTo(expectedFiring);
  }

  /** The timestamps (ms) of a replica's ALERTS_FOR_STATE samples of the always-true rule. */
  private List<Long> forStateTimes(int port) throws Exception {
    JsonNode result = query(port, "ALERTS_FOR_STATE{alertname=\"AlwaysPending\"}[10m]");
    List<Long> times = new ArrayList<>();
    for (JsonNode series : result) {
      for (JsonNode v : series.get("values")) {
        times.add(Math.round(v.get(0).asDouble() * 1000));
      }
    }
    return times;
  }

  /** The time (ms) of the first raw sample with {@code value} in a range query, or -1. */
  private long firstSampleTime(int port, String expr, String value) throws Exception {
    long first = -1;
    for (JsonNode series : query(port, expr)) {
      for (JsonNode v : series.get("values")) {
        if (v.get(1).asText().equals(value)) {
          long t = Math.round(v.get(0).asDouble() * 1000);
          first = first < 0 ? t : Math.min(first, t);
        }
      }
    }
    return first;
  }

  private JsonNode query(int port, String expr) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + port
                            + "/api/v1/query?query="
                            + URLEncoder.encode(expr, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).get("data").get("result");
  }

  private static void awaitTrue(Condition condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(WAIT_SECONDS).toNanos();
    while (!condition.get()) {
      assertThat(System.nanoTime()).as("condition within %d s", WAIT_SECONDS).isLessThan(deadline);
      Thread.sleep(250);
    }
  }

  /** A condition that may throw. */
  @FunctionalInterface
  private interface Condition {
    boolean get() throws Exception;
  }

}
