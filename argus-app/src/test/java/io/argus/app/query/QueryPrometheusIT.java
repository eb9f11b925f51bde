package io.argus.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.argus.app.testing.ExternalProcess;
import io.argus.testkit.LoopbackPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, acceptance 4: one replica is Debian's {@code prometheus} 2.42 (replica=p, read through
 * remote read with streamed chunks) and the other is {@code argus server} (replica=a, through the
 * StoreAPI); both scrape the same two targets. Through {@code argus query} every target is one
 * series, without the replica label; without dedup each target is two.
 */
class QueryPrometheusIT {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

  @TempDir Path tmp;

  @Test
  void querier_overPrometheusAndArgus_givesOneSeriesPerTarget() throws Exception {
    Path jar = Path.of(System.getProperty("argus.jar", "target/argus.jar")).toAbsolutePath();
    assumeTrue(Files.isRegularFile(jar), "argus.jar not built at " + jar + "; run mvn verify");
    assumeTrue(
        Files.isExecutable(PROMETHEUS),
        "prometheus not installed at /usr/bin/prometheus; skipping");
    try (CounterTarget t1 = new CounterTarget(5);
        CounterTarget t2 = new CounterTarget(5);
        QueryCluster c = new QueryCluster(jar, tmp)) {
      List<String> targets = List.of(t1.address(), t2.address());
      QueryCluster.Replica argus = c.replica("a", 1_000, targets);
      c.start(argus);
      int promPort = LoopbackPorts.freePort();
      Path config = tmp.resolve("prometheus.yml");
      Files.writeString(
          config,
          """
          global:
            scrape_interval: 1s
            scrape_timeout: 1s
            external_labels:
              replica: p
          scrape_configs:
            - job_name: app
              static_configs:
                - targets: ["%s", "%s"]
          """
              .formatted(t1.address(), t2.address()));
      try (ExternalProcess prometheus =
          ExternalProcess.start(
              List.of(
                  PROMETHEUS.toString(),
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + tmp.resolve("prometheus-data"),
                  "--web.listen-address=127.0.0.1:" + promPort),
              tmp,
              QueryCluster.WAIT_SECONDS)) {
        prometheus.awaitLine(l -> l.contains("Server is ready to receive web requests"));
        int q =
            c.querier(
                "--endpoint=" + argus.grpc(),
                "--endpoint.prometheus=http://127.0.0.1:" + promPort,
                "--query.replica-label=replica");
        c.await(
            q,
            "/api/v1/stores",
            s ->
                QueryCluster.storeHealth(s, argus.grpc(), true)
                    && QueryCluster.storeHealth(s, "http://127.0.0.1:" + promPort, true));
        // both have scraped both targets
        c.await(
            q,
            "/api/v1/query",
            r -> r.path("data").path("result").size() == 4,
            "query",
            "up",
            "dedup",
            "false");

        for (String expr :
            List.of("up", "argus_test_requests_total", "rate(argus_test_requests_total[5s])")) {
          JsonNode r = c.get(q, "/api/v1/query", "query", expr);
          assertThat(r.path("status").asText()).as(expr).isEqualTo("success");
          assertThat(r.path("warnings").isMissingNode() || r.path("warnings").isEmpty()).isTrue();
          Set<String> instances = new HashSet<>();
          for (JsonNode s : r.path("data").path("result")) {
            assertThat(s.path("metric").has("replica")).as(expr).isFalse();
            assertThat(instances.add(s.path("metric").path("instance").asText()))
                .as("one series per target for " + expr)
                .isTrue();
          }
          assertThat(instances).as(expr).containsExactlyInAnyOrder(t1.address(), t2.address());
        }
        JsonNode replicas = c.get(q, "/api/v1/label/replica/values", "dedup", "false");
        assertThat(replicas.path("data").toString()).isEqualTo("[\"a\",\"p\"]");
      }
    }
  }
}
