package io.argus.rules;

import static io.argus.rules.RuleFixture.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.model.labels.Labels;
import io.argus.rules.config.RuleGroupConfig;
import io.argus.testkit.LoopbackPorts;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus 2.42 evaluates two groups of a rule file; the timestamps of their recorded
 * samples fall on the instants {@link RuleGroup#evalTimestamp} computes for the same file, name and
 * interval, so Argus and Prometheus replicas evaluate in step.
 */
class PrometheusGroupOffsetTest {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final long INTERVAL = 1_000;

  @TempDir Path tmp;

  @Test
  void evalTimestamp_matchesPrometheus() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(PROMETHEUS), "skipped: " + PROMETHEUS + " is not installed");
    Path rules = tmp.resolve("offsets.rules.yml");
    Files.writeString(
        rules,
        """
        groups:
        - name: alpha
          interval: 1s
          rules:
          - record: alpha_rec
            expr: vector(1)
        - name: beta
          interval: 1s
          rules:
          - record: beta_rec
            expr: vector(1)
        """);
    Path config = tmp.resolve("prometheus.yml");
    Files.writeString(config, "rule_files:\n  - " + rules + "\n");
    int port = LoopbackPorts.freePort();
    Process prometheus =
        new ProcessBuilder(
                PROMETHEUS.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + tmp.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=error")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("prometheus.log").toFile())
            .start();
    try (RuleFixture f = new RuleFixture(tmp.resolve("argus"))) {
      RuleManager manager = new RuleManager(f.options());
      for (String name : List.of("alpha", "beta")) {
        RuleGroup group =
            manager
                .loadGroups(
                    List.of(
                        new RuleGroupConfig(
                            name,
                            rules.toString(),
                            INTERVAL,
                            null,
                            0,
                            Labels.EMPTY,
                            List.of(record(name + "_rec", "vector(1)", Labels.EMPTY)))),
                    INTERVAL,
                    Labels.EMPTY,
                    null,
                    false)
                .getFirst();
        List<Long> times = recordedTimes(port, name + "_rec");
        long phase = Math.floorMod(group.evalTimestamp(RuleFixture.T0), INTERVAL);
        assertThat(times).isNotEmpty().allMatch(t -> Math.floorMod(t, INTERVAL) == phase);
      }
    } finally {
      prometheus.destroy(); // SIGTERM to the process this test started
      if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
  }

  /** Waits (bounded) until Prometheus has recorded three samples and returns their times in ms. */
  private static List<Long> recordedTimes(int port, String metric) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String q = URLEncoder.encode(metric + "[1m]", StandardCharsets.UTF_8);
    URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=" + q);
    List<Long> times = new ArrayList<>();
    for (int attempt = 0; attempt < 120 && times.size() < 3; attempt++) {
      Thread.sleep(250);
      times.clear();
      try {
        HttpResponse<String> r =
            http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode result = new ObjectMapper().readTree(r.body()).path("data").path("result");
        for (JsonNode series : result) {
          for (JsonNode point : series.path("values")) {
            times.add(Math.round(point.get(0).asDouble() * 1000));
          }
        }
      } catch (java.io.IOException e) {
        // Not listening yet.
      }
    }
    return times;
  }
}
