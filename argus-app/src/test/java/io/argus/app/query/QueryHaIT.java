package io.argus.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, acceptance 1, 2 and 3 end to end: two {@code argus server} replicas (replica=a, b)
 * scrape the same two targets, whose counter grows at a known rate, and serve the StoreAPI; two
 * {@code argus query} instances read both, one with the default gap-filling dedup and one with
 * Thanos' penalty algorithm. Through the querier every query has no replica label and no duplicate,
 * and equals a replica within scrape jitter (1); replica a is then killed for {@link #FAILOVER_MS}:
 * queries answer with a warning naming it, or fail naming it without partial response (3); after it
 * restarts, {@code up} and {@code rate(counter[1m])} over the window have no gap longer than two
 * scrape intervals and no spike above the true rate by 10% through the default dedup, and the
 * penalty algorithm's figures on the same data are printed next to them (2). Bounded: every wait
 * ends.
 */
class QueryHaIT {
  private static final long SCRAPE_MS = 1_000;

  /** How long replica a stays down: the 2 minutes. */
  static final long FAILOVER_MS = 120_000;

  private static final double RATE = 10.0;

  @TempDir Path tmp;

  @Test
  void querier_deduplicatesReplicas_warnsAboutADownReplica_andBridgesTheFailover()
      throws Exception {
    Path jar = Path.of(System.getProperty("argus.jar", "target/argus.jar")).toAbsolutePath();
    assumeTrue(Files.isRegularFile(jar), "argus.jar not built at " + jar + "; run mvn verify");
    try (CounterTarget t1 = new CounterTarget(RATE);
        CounterTarget t2 = new CounterTarget(RATE);
        QueryCluster c = new QueryCluster(jar, tmp)) {
      List<String> targets = List.of(t1.address(), t2.address());
      QueryCluster.Replica a = c.replica("a", SCRAPE_MS, targets);
      QueryCluster.Replica b = c.replica("b", SCRAPE_MS, targets);
      c.start(a);
      c.start(b);
      long dataStart = System.currentTimeMillis();
      String[] endpoints = {"--endpoint=" + a.grpc(), "--endpoint=" + b.grpc()};
      int q = c.querier(endpoints[0], endpoints[1], "--query.replica-label=replica");
      int qPenalty =
          c.querier(
              endpoints[0],
              endpoints[1],
              "--query.replica-label=replica",
              "--deduplication.func=penalty");
      for (int port : new int[] {q, qPenalty}) {
        c.await(
            port,
            "/api/v1/stores",
            s ->
                QueryCluster.storeHealth(s, a.grpc(), true)
                    && QueryCluster.storeHealth(s, b.grpc(), true));
      }
      // both replicas have scraped both targets: without dedup the querier sees four series
      c.await(
          q,
          "/api/v1/query",
          r -> r.path("data").path("result").size() == 4,
          "query",
          "up",
          "dedup",
          "false");

      // --- 1: no replica label, no duplicates, equal to one replica within jitter ---
      double now = System.currentTimeMillis() / 1000.0;
      JsonNode up = c.get(q, "/api/v1/query", "query", "up", "time", String.valueOf(now));
      assertThat(up.path("status").asText()).isEqualTo("success");
      Set<String> seen = new HashSet<>();
      for (JsonNode s : up.path("data").path("result")) {
        assertThat(s.path("metric").has("replica")).isFalse();
        assertThat(seen.add(s.path("metric").toString())).as("duplicate series").isTrue();
        assertThat(s.path("value").get(1).asText()).isEqualTo("1");
      }
      assertThat(seen).hasSize(2);
      String sum = "sum(argus_test_requests_total)";
      double viaQuerier =
          value(c.get(q, "/api/v1/query", "query", sum, "time", String.valueOf(now)));
      double viaReplica =
          value(c.get(a.webPort, "/api/v1/query", "query", sum, "time", String.valueOf(now)));
      // two series, each at most one scrape interval of growth apart between replicas
      assertThat(Math.abs(viaQuerier - viaReplica))
          .isLessThanOrEqualTo(2 * RATE * SCRAPE_MS / 1000.0 + 1e-9);
      JsonNode series =
          c.get(
              q,
              "/api/v1/series",
              "match[]",
              "up",
              "start",
              String.valueOf(now - 60),
              "end",
              String.valueOf(now));
      assertThat(series.path("data").size()).isEqualTo(2);
      series.path("data").forEach(s -> assertThat(s.has("replica")).isFalse());
      JsonNode names = c.get(q, "/api/v1/labels");
      assertThat(names.path("data").toString()).doesNotContain("\"replica\"").contains("\"job\"");
      JsonNode raw =
          c.get(q, "/api/v1/query", "query", "up", "time", String.valueOf(now), "dedup", "false");
      assertThat(raw.path("data").path("result").size()).isEqualTo(4);

      // let rate(…[1m]) have a full minute of data before the failover
      Thread.sleep(Math.max(0, dataStart + 65_000 - System.currentTimeMillis()));

      // --- 3: replica a down ---
      long killedAt = System.currentTimeMillis();
      c.kill(a);
      c.await(q, "/api/v1/stores", s -> QueryCluster.storeHealth(s, a.grpc(), false));
      JsonNode warned = c.get(q, "/api/v1/query", "query", "up");
      assertThat(warned.path("httpStatus").asInt()).isEqualTo(200);
      assertThat(warned.path("data").path("result").size()).isEqualTo(2);
      assertThat(warned.path("warnings").toString()).contains(a.grpc());
      JsonNode aborted = c.get(q, "/api/v1/query", "query", "up", "partial_response", "false");
      assertThat(aborted.path("status").asText()).isEqualTo("error");
      assertThat(aborted.path("error").asText()).contains(a.grpc());
      System.out.printf(
          "replica down: warning %s; abort error %s%n",
          warned.path("warnings"), aborted.path("error"));

      Thread.sleep(Math.max(0, killedAt + FAILOVER_MS - System.currentTimeMillis()));
      c.start(a);
      long restartedAt = System.currentTimeMillis();
      c.await(q, "/api/v1/stores", s -> QueryCluster.storeHealth(s, a.grpc(), true));
      Thread.sleep(30_000);

      // --- 2: over the failover, from just before the kill (rate windows full of data) to now ---
      long from = killedAt - 4_000;
      long to = System.currentTimeMillis() - 2_000;
      Figures gapfill = figures(c, q, from, to);
      Figures penalty = figures(c, qPenalty, from, to);
      System.out.printf(
          "failover window %d ms (killed %d, restarted %d)%n gapfill: %s%n penalty: %s%n",
          FAILOVER_MS, killedAt, restartedAt, gapfill, penalty);
      assertThat(gapfill.maxUpGapMs).isLessThanOrEqualTo(2 * SCRAPE_MS);
      assertThat(gapfill.maxRateGapMs).isLessThanOrEqualTo(2 * SCRAPE_MS);
      assertThat(gapfill.maxRate).isLessThanOrEqualTo(RATE * 1.1);
      assertThat(gapfill.minRate).isGreaterThanOrEqualTo(RATE * 0.9);
    }
  }

  private static double value(JsonNode r) {
    return r.path("data").path("result").get(0).path("value").get(1).asDouble();
  }

  /** What one querier shows over the failover window. */
  record Figures(long maxUpGapMs, long maxRateGapMs, double maxRate, double minRate, int series) {}

  private static Figures figures(QueryCluster c, int port, long from, long to) throws Exception {
    long window = (to - from) / 1000;
    JsonNode raw =
        c.get(
            port,
            "/api/v1/query",
            "query",
            "up{job=\"app\"}[" + window + "s]",
            "time",
            String.valueOf(to / 1000.0));
    long maxUpGap = 0;
    for (JsonNode s : raw.path("data").path("result")) {
      maxUpGap = Math.max(maxUpGap, maxGap(s.path("values")));
    }
    JsonNode rate =
        c.get(
            port,
            "/api/v1/query_range",
            "query",
            "rate(argus_test_requests_total[1m])",
            "start",
            String.valueOf(from / 1000.0),
            "end",
            String.valueOf(to / 1000.0),
            "step",
            "1s");
    long maxRateGap = 0;
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    List<JsonNode> result = new ArrayList<>();
    rate.path("data").path("result").forEach(result::add);
    for (JsonNode s : result) {
      maxRateGap = Math.max(maxRateGap, maxGap(s.path("values")));
      for (JsonNode p : s.path("values")) {
        double v = p.get(1).asDouble();
        max = Math.max(max, v);
        min = Math.min(min, v);
      }
    }
    return new Figures(maxUpGap, maxRateGap, max, min, result.size());
  }

  /** The longest distance (ms) between consecutive points of a matrix series. */
  private static long maxGap(JsonNode values) {
    long gap = 0;
    double prev = Double.NaN;
    for (JsonNode p : values) {
      double t = p.get(0).asDouble();
      if (!Double.isNaN(prev)) {
        gap = Math.max(gap, Math.round((t - prev) * 1000));
      }
      prev = t;
    }
    return gap;
  }
}
