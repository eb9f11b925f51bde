package io.argus.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance item 1 of issue 5 for the endpoints built so far: Argus and Debian's {@code
 * prometheus} (2.42), scraping the same targets on loopback (each other, one that refuses
 * connections, and one that relabeling drops), answer a fixed list of requests with the same HTTP
 * status and JSON of the same shape: the same keys, the same JSON types, the same {@code
 * errorType}. Values may differ (scrape timing). Differences that come from 2.42 being older than
 * the 3.x API Argus follows are listed in {@link #NEWER_THAN_242}; {@code metadata}'s {@code
 * limit_per_metric} (2.47+) is left out because 2.42 ignores it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusApiShapeTest {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BuildInfo BUILD =
      new BuildInfo("1.2.3", "abc123", "main", "20260101-00:00:00", "25", "linux/amd64");

  /**
   * Members Argus returns that 2.42 does not have because they were added later upstream (the JSON
   * path with array indexes replaced by {@code []}).
   */
  private static final Set<String> NEWER_THAN_242 =
      Set.of(
          "/data/stats/samples/samplesRead", // 2.45+
          "/infos", // info-level annotations, 2.46+
          "/data/GOMEMLIMIT", // runtimeinfo, after 2.42
          "/data/hostname", // runtimeinfo, 3.x
          "/data/serverTime", // runtimeinfo, 3.x
          "/data/droppedTargetCounts", // targets, 2.47+
          "/data/droppedTargets/[]/scrapePool"); // targets, 2.47+

  /** Objects whose member names are data (label names), compared as objects only. */
  private static final Set<String> FREE_FORM =
      Set.of(
          "/data/result/[]/metric",
          "/data/[]",
          "/data/activeTargets/[]/discoveredLabels",
          "/data/activeTargets/[]/labels",
          "/data/droppedTargets/[]/discoveredLabels",
          "/data/[]/target");

  /**
   * Requests whose {@code data} is an object keyed by metric family names, which depend on what
   * each server exposes: their member values are compared, not their names.
   */
  private static final String KEYED_BY_FAMILY = "/api/v1/metadata";

  private Process prometheus;
  private ArgusServer argus;
  private int argusPort;
  private int promPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final List<String> failures = new ArrayList<>();

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(PROMETHEUS),
        "prometheus not installed at /usr/bin/prometheus; skipping");
    argusPort = LoopbackPorts.freePort();
    promPort = LoopbackPorts.freePort();
    int refusedPort = LoopbackPorts.freePort(); // nothing listens there: the target is down
    int droppedPort = LoopbackPorts.freePort();
    Files.writeString(
        tmp.resolve("shape.rules.yml"),
        """
        groups:
          - name: shape
            interval: 1s
            rules:
              - record: job:up:sum
                expr: sum by (job) (up)
                labels: {team: ops}
              - alert: TargetDown
                expr: up == 0
                keep_firing_for: 1m
                labels: {severity: page}
                annotations: {summary: "{{ $labels.instance }} is down"}
              - alert: Never
                expr: up > 5
                for: 5m
        """);
    Path config = tmp.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        rule_files: [shape.rules.yml]
        scrape_configs:
          - job_name: argus
            static_configs:
              - targets: ["127.0.0.1:%d"]
          - job_name: prometheus
            static_configs:
              - targets: ["127.0.0.1:%d"]
          - job_name: refused
            static_configs:
              - targets: ["127.0.0.1:%d", "127.0.0.1:%d"]
            relabel_configs:
              - source_labels: [__address__]
                regex: "127.0.0.1:%d"
                action: drop
        alerting:
          alertmanagers:
            - static_configs:
                - targets: ["127.0.0.1:%d", "127.0.0.1:%d"]
              relabel_configs:
                - source_labels: [__address__]
                  regex: "127.0.0.1:%d"
                  action: drop
        """
            .formatted(
                argusPort,
                promPort,
                refusedPort,
                droppedPort,
                droppedPort,
                refusedPort,
                droppedPort,
                droppedPort));
    prometheus =
        new ProcessBuilder(
                PROMETHEUS.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + tmp.resolve("prom-data"),
                "--web.listen-address=127.0.0.1:" + promPort,
                "--web.enable-admin-api",
                "--log.level=error")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("prometheus.log").toFile())
            .start();
    ServerSettings settings =
        new ServerSettings(
            new StorageOptions(tmp.resolve("argus-data"), 15 * 86_400_000L, 0),
            new ListenAddress("127.0.0.1", argusPort),
            config,
            false,
            50,
            true,
            QuerySettings.DEFAULT,
            Map.of());
    argus =
        ArgusServer.start(
            settings, TsdbServerStorage.factory(FileOps.defaults()), BUILD, Clock.SYSTEM);
    awaitScraped(argusPort);
    awaitScraped(promPort);
    awaitAlertmanagers(argusPort);
    awaitAlertmanagers(promPort);
    awaitFiring(argusPort);
    awaitFiring(promPort);
  }

  /** Waits until the server on {@code port} fires the rule file's TargetDown alert. */
  private void awaitFiring(int port) throws Exception {
    long deadline = Clock.SYSTEM.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (Clock.SYSTEM.nanoTime() < deadline) {
      HttpResponse<String> r = get(port, "GET", "/api/v1/alerts", null);
      if (r.statusCode() == 200
          && JSON.readTree(r.body()).at("/data/alerts").toString().contains("firing")) {
        return;
      }
      Thread.sleep(200); // polling interval; the loop checks the condition
    }
    throw new AssertionError("server on port " + port + " never fired TargetDown");
  }

  /** Waits until the server on {@code port} lists one active and one dropped Alertmanager. */
  private void awaitAlertmanagers(int port) throws Exception {
    long deadline = Clock.SYSTEM.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (Clock.SYSTEM.nanoTime() < deadline) {
      HttpResponse<String> r = get(port, "GET", "/api/v1/alertmanagers", null);
      JsonNode data = JSON.readTree(r.body()).path("data");
      if (data.path("activeAlertmanagers").size() == 1
          && data.path("droppedAlertmanagers").size() == 1) {
        return;
      }
      Thread.sleep(200); // polling interval; the loop checks the condition
    }
    throw new AssertionError("server on port " + port + " never discovered its alertmanagers");
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

  /** Waits until the server on {@code port} has stored the three targets' {@code up} twice. */
  private void awaitScraped(int port) throws Exception {
    long deadline = Clock.SYSTEM.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    String q = URLEncoder.encode("count_over_time(up[1m]) >= 2", StandardCharsets.UTF_8);
    while (Clock.SYSTEM.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = get(port, "GET", "/api/v1/query?query=" + q, null);
        if (r.statusCode() == 200 && JSON.readTree(r.body()).at("/data/result").size() == 3) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(200); // polling interval; the loop checks the condition
    }
    throw new AssertionError("server on port " + port + " never scraped the three targets");
  }

  private HttpResponse<String> get(int port, String method, String pathAndQuery, String form)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .timeout(Duration.ofSeconds(30));
    if (form != null) {
      b.header("Content-Type", "application/x-www-form-urlencoded")
          .method(method, HttpRequest.BodyPublishers.ofString(form));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** One request: method, path with query, optional form body. */
  private record Req(String method, String path, String form) {
    static Req get(String path) {
      return new Req("GET", path, null);
    }

    static Req post(String path, String form) {
      return new Req("POST", path, form);
    }
  }

  private List<Req> requests() {
    long now = Clock.SYSTEM.millis() / 1000;
    String range = "&start=" + (now - 60) + "&end=" + now + "&step=15";
    return List.of(
        Req.get("/api/v1/query?query=up"),
        Req.get("/api/v1/query?query=" + enc("sum by (job) (up)")),
        Req.get("/api/v1/query?query=" + enc("up[30s]")),
        Req.get("/api/v1/query?query=42"),
        Req.get("/api/v1/query?query=" + enc("\"text\"")),
        Req.get("/api/v1/query?query=" + enc("1/0")),
        Req.get("/api/v1/query?query=up&time=" + now),
        Req.get("/api/v1/query?query=up&time=" + enc("2026-01-01T00:00:00Z")),
        Req.get("/api/v1/query?query=up&stats=true"),
        Req.get("/api/v1/query?query=" + enc("rate(up[1m])")), // info annotation
        Req.post("/api/v1/query", "query=up"),
        Req.get("/api/v1/query?query=" + enc("sum(")),
        Req.get("/api/v1/query?query="),
        Req.get("/api/v1/query?query=up&time=abc"),
        Req.get("/api/v1/query?query=up&timeout=abc"),
        Req.get("/api/v1/query?query=" + enc("up * on() group_left up")),
        Req.get("/api/v1/query_range?query=up" + range),
        Req.get("/api/v1/query_range?query=" + enc("rate(up[1m])") + range),
        Req.get("/api/v1/query_range?query=1" + range),
        Req.post("/api/v1/query_range", "query=up" + range),
        Req.get("/api/v1/query_range?query=up&start=10&end=5&step=1"),
        Req.get("/api/v1/query_range?query=up&start=0&end=100000&step=1"),
        Req.get("/api/v1/query_range?query=up&start=0&end=10&step=0"),
        Req.get("/api/v1/query_range?query=up&start=0&end=10&step=-1"),
        Req.get("/api/v1/query_range?query=up&start=x&end=10&step=1"),
        Req.get("/api/v1/query_range?query=up&start=0&end=10&step=x"),
        Req.get("/api/v1/query_range?query=" + enc("up[1m]") + range),
        Req.get("/api/v1/query_range?query=up&start=0&end=10&step=1m&stats=true"),
        Req.get("/api/v1/series?match[]=up"),
        Req.get("/api/v1/series?match[]=up&match[]=" + enc("{job=\"argus\"}")),
        Req.post("/api/v1/series", "match[]=up&start=" + (now - 60)),
        Req.get("/api/v1/series"),
        Req.get("/api/v1/series?match[]=" + enc("{job=~\".*\"}")),
        Req.get("/api/v1/series?match[]=" + enc("up{")),
        Req.get("/api/v1/labels"),
        Req.post("/api/v1/labels", "match[]=up"),
        Req.get("/api/v1/labels?match[]=" + enc("up{")),
        Req.get("/api/v1/label/job/values"),
        Req.get("/api/v1/label/__name__/values?match[]=up"),
        Req.get("/api/v1/label/job/values?start=abc"),
        Req.get("/api/v1/format_query?query=" + enc("sum(rate(up[1m]))by(job)")),
        Req.get("/api/v1/format_query?query=" + enc("sum(")),
        Req.get("/api/v1/query_exemplars?query=up"),
        Req.get("/api/v1/query_exemplars?query=up&start=10&end=5"),
        Req.get("/api/v1/status/buildinfo"),
        Req.get("/api/v1/status/runtimeinfo"),
        Req.get("/api/v1/status/flags"),
        Req.get("/api/v1/status/config"),
        Req.get("/api/v1/status/tsdb"),
        Req.get("/api/v1/status/walreplay"),
        Req.post("/api/v1/admin/tsdb/delete_series", "match[]=nonexistent_metric"),
        Req.post("/api/v1/admin/tsdb/delete_series", ""),
        Req.post("/api/v1/admin/tsdb/clean_tombstones", ""),
        Req.post("/api/v1/admin/tsdb/snapshot", "skip_head=true"),
        Req.get("/api/v1/targets"),
        Req.get("/api/v1/targets?state=active"),
        Req.get("/api/v1/targets?state=DROPPED"),
        Req.get("/api/v1/targets?state=any&scrapePool=refused"),
        Req.get("/api/v1/targets?state=nonsense"),
        Req.get("/api/v1/targets?scrapePool=argus"),
        Req.get("/api/v1/targets?scrapePool=no_such_pool"),
        Req.post("/api/v1/targets", ""),
        Req.get("/api/v1/targets/metadata"),
        Req.get("/api/v1/targets/metadata?metric=up_total_nonexistent"),
        Req.get("/api/v1/targets/metadata?match_target=" + enc("{job=\"argus\"}") + "&limit=2"),
        Req.get("/api/v1/targets/metadata?metric=process_cpu_seconds_total&limit=1"),
        Req.get("/api/v1/targets/metadata?limit=0"),
        Req.get("/api/v1/targets/metadata?limit=abc"),
        Req.get("/api/v1/targets/metadata?match_target=" + enc("{job=")),
        Req.get("/api/v1/metadata"),
        Req.get("/api/v1/metadata?limit=2"),
        Req.get("/api/v1/metadata?metric=process_cpu_seconds_total"),
        Req.get("/api/v1/metadata?metric=no_such_metric"),
        Req.get("/api/v1/metadata?limit=0"),
        Req.get("/api/v1/metadata?limit=x"),
        Req.get("/api/v1/scrape_pools"),
        Req.get("/api/v1/rules"),
        Req.get("/api/v1/rules?type=alert"),
        Req.get("/api/v1/rules?type=RECORD"),
        Req.get("/api/v1/rules?type=both"),
        Req.post("/api/v1/rules", ""),
        Req.get("/api/v1/alerts"),
        Req.post("/api/v1/alerts", ""),
        Req.get("/api/v1/alertmanagers"),
        Req.post("/api/v1/alertmanagers", ""),
        Req.get("/api/v1/no_such_endpoint"),
        new Req("DELETE", "/api/v1/query?query=up", null),
        Req.get("/federate?match[]=up"),
        Req.get("/-/ready"),
        Req.get("/-/healthy"));
  }

  @Test
  void sameStatusAndShape_asPrometheus242() throws Exception {
    List<Req> reqs = requests();
    assertThat(reqs).hasSizeGreaterThanOrEqualTo(40);
    for (Req r : reqs) {
      HttpResponse<String> a = get(argusPort, r.method(), r.path(), r.form());
      HttpResponse<String> p = get(promPort, r.method(), r.path(), r.form());
      String what = r.method() + " " + r.path() + (r.form() == null ? "" : " [" + r.form() + "]");
      if (a.statusCode() != p.statusCode()) {
        failures.add(
            what
                + ": status "
                + a.statusCode()
                + " vs prometheus "
                + p.statusCode()
                + "\n  argus: "
                + a.body()
                + "\n  prom:  "
                + p.body());
        continue;
      }
      boolean json =
          p.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
      if (!json) {
        continue;
      }
      JsonNode aj = JSON.readTree(a.body());
      JsonNode pj = JSON.readTree(p.body());
      List<String> diffs = new ArrayList<>();
      boolean keyed = r.path().startsWith(KEYED_BY_FAMILY);
      compare("", aj, pj, r.path().startsWith("/api/v1/status/flags"), keyed, diffs);
      if (!diffs.isEmpty()) {
        failures.add(
            what
                + ": "
                + diffs
                + "\n  argus: "
                + abbreviate(a.body())
                + "\n  prom:  "
                + abbreviate(p.body()));
      }
    }
    assertThat(failures).as(String.join("\n", failures)).isEmpty();
  }

  private static String abbreviate(String s) {
    return s.length() > 400 ? s.substring(0, 400) + "…" : s;
  }

  private static void compare(
      String path,
      JsonNode a,
      JsonNode p,
      boolean freeFormData,
      boolean keyedData,
      List<String> diffs) {
    if (a.getNodeType() != p.getNodeType()) {
      diffs.add(path + ": " + a.getNodeType() + " vs " + p.getNodeType());
      return;
    }
    if (path.equals("/errorType") || path.equals("/status")) {
      if (!a.asText().equals(p.asText())) {
        diffs.add(path + ": " + a.asText() + " vs " + p.asText());
      }
      return;
    }
    if (a.isObject()) {
      if (FREE_FORM.contains(path) || (freeFormData && path.equals("/data"))) {
        return;
      }
      if (keyedData && path.equals("/data")) {
        Iterator<JsonNode> ai = a.elements();
        Iterator<JsonNode> pi = p.elements();
        if (ai.hasNext() && pi.hasNext()) {
          compare(path + "/*", ai.next(), pi.next(), freeFormData, keyedData, diffs);
        } else if (ai.hasNext() != pi.hasNext()) {
          diffs.add(path + ": empty in one server only");
        }
        return;
      }
      Set<String> names = new TreeSet<>();
      a.fieldNames().forEachRemaining(names::add);
      p.fieldNames().forEachRemaining(names::add);
      for (String n : names) {
        String sub = path + "/" + n;
        if (!p.has(n)) {
          if (!NEWER_THAN_242.contains(sub)) {
            diffs.add(sub + ": only in argus");
          }
        } else if (!a.has(n)) {
          diffs.add(sub + ": missing in argus");
        } else {
          compare(sub, a.get(n), p.get(n), freeFormData, keyedData, diffs);
        }
      }
    } else if (a.isArray()) {
      // the first element stands for all: arrays hold one kind of thing
      Iterator<JsonNode> ai = a.elements();
      Iterator<JsonNode> pi = p.elements();
      if (ai.hasNext() && pi.hasNext()) {
        compare(path + "/[]", ai.next(), pi.next(), freeFormData, keyedData, diffs);
      }
    }
  }

  @Test
  void buildinfoAndFlags_haveUpstreamKeys() throws Exception {
    JsonNode a = JSON.readTree(get(argusPort, "GET", "/api/v1/status/buildinfo", null).body());
    JsonNode p = JSON.readTree(get(promPort, "GET", "/api/v1/status/buildinfo", null).body());
    List<String> an = new ArrayList<>();
    List<String> pn = new ArrayList<>();
    a.get("data").fieldNames().forEachRemaining(an::add);
    p.get("data").fieldNames().forEachRemaining(pn::add);
    assertThat(an).containsExactlyInAnyOrderElementsOf(pn);
    JsonNode flags = JSON.readTree(get(argusPort, "GET", "/api/v1/status/flags", null).body());
    assertThat(flags.get("data").isObject()).isTrue();
  }

  private JsonNode data(int port, String pathAndQuery) throws Exception {
    HttpResponse<String> r = get(port, "GET", pathAndQuery, null);
    assertThat(r.statusCode()).as(pathAndQuery).isEqualTo(200);
    return JSON.readTree(r.body()).get("data");
  }

  private static List<String> targetSummaries(JsonNode targets) {
    List<String> out = new ArrayList<>();
    for (JsonNode t : targets) {
      out.add(
          t.get("scrapePool").asText()
              + " "
              + t.get("scrapeUrl").asText()
              + " "
              + t.get("health").asText()
              + " "
              + t.get("scrapeInterval").asText()
              + "/"
              + t.get("scrapeTimeout").asText()
              + " "
              + t.get("labels"));
    }
    return out;
  }

  @Test
  void targets_sameTargetsAndHealth_asPrometheus242() throws Exception {
    JsonNode a = data(argusPort, "/api/v1/targets");
    JsonNode p = data(promPort, "/api/v1/targets");
    assertThat(targetSummaries(a.get("activeTargets")))
        .hasSize(3)
        .containsExactlyElementsOf(targetSummaries(p.get("activeTargets")));
    assertThat(a.at("/activeTargets/2/lastError").asText())
        .endsWith("connect: connection refused")
        .isEqualTo(p.at("/activeTargets/2/lastError").asText());
    assertThat(a.get("droppedTargets")).hasSize(1);
    assertThat(a.at("/droppedTargets/0/discoveredLabels"))
        .isEqualTo(p.at("/droppedTargets/0/discoveredLabels"));
    assertThat(a.at("/droppedTargetCounts/refused").asInt()).isEqualTo(1);
    assertThat(data(argusPort, "/api/v1/scrape_pools"))
        .isEqualTo(data(promPort, "/api/v1/scrape_pools"));
    String self = "/api/v1/targets?scrapePool=argus&state=active";
    assertThat(data(argusPort, self).at("/activeTargets/0/globalUrl").asText())
        .isEqualTo(argus.externalUrl() + "/metrics");
  }

  @Test
  void metadata_sameFamilyTypes_asPrometheus242() throws Exception {
    String q = "/api/v1/targets/metadata?metric=prometheus_build_info";
    JsonNode a = data(argusPort, q);
    JsonNode p = data(promPort, q);
    assertThat(a).hasSize(1);
    assertThat(a.at("/0/target")).isEqualTo(p.at("/0/target"));
    assertThat(a.at("/0/type").asText()).isEqualTo(p.at("/0/type").asText()).isEqualTo("gauge");
    JsonNode am = data(argusPort, "/api/v1/metadata?metric=prometheus_build_info");
    JsonNode pm = data(promPort, "/api/v1/metadata?metric=prometheus_build_info");
    assertThat(am).isEqualTo(pm);
  }
}
