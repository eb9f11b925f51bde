package io.argus.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API of a real {@code argus server} that scrapes itself: every endpoint of this part over
 * HTTP, and Debian's promtool as a client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArgusServerApiTest {
  private static final BuildInfo BUILD =
      new BuildInfo("1.2.3", "abc123", "main", "20260101-00:00:00", "25", "linux/amd64");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  private Path tmp;
  private ArgusServer server;
  private int port;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    tmp = dir;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path config = tmp.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 500ms
          scrape_timeout: 500ms
          external_labels: {replica: a}
        scrape_configs:
          - job_name: argus
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """
            .formatted(port));
    ServerSettings settings =
        new ServerSettings(
            new StorageOptions(tmp.resolve("data"), 15 * 86_400_000L, 0),
            new ListenAddress("127.0.0.1", port),
            config,
            true,
            50,
            true,
            new QuerySettings(4, 30_000, 300_000, 50_000_000),
            Map.of("web.enable-admin-api", "true"),
            java.net.URI.create("https://argus.example.com:8443/argus"));
    server =
        ArgusServer.start(
            settings, TsdbServerStorage.factory(FileOps.defaults()), BUILD, Clock.SYSTEM);
    awaitUp();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    http.close();
  }

  private void awaitUp() throws Exception {
    long deadline = Clock.SYSTEM.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (Clock.SYSTEM.nanoTime() < deadline) {
      JsonNode r = get("api/v1/query?query=" + enc("max_over_time(up[1h]) == 1")).json();
      // Six samples 500 ms apart span 2.5 s: the promtool range test starts at the previous whole
      // second minus one, up to 2 s back.
      if (r.at("/data/result").size() == 1 && count("up") >= 6) {
        return;
      }
      Thread.sleep(100); // polling interval; the loop checks the condition
    }
    throw new AssertionError("the server never scraped itself successfully");
  }

  /** Samples of {@code metric} stored so far. */
  private int count(String metric) throws Exception {
    JsonNode r = get("api/v1/query?query=" + enc("count_over_time(" + metric + "[1m])")).json();
    return r.at("/data/result").size() == 0 ? 0 : r.at("/data/result/0/value/1").asInt();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private record Answer(int status, String body, HttpResponse<byte[]> raw) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  private Answer send(HttpRequest.Builder b) throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Answer(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8), r);
  }

  private Answer get(String path) throws Exception {
    return send(HttpRequest.newBuilder(server.baseUri().resolve(path)));
  }

  private Answer postForm(String path, String form) throws Exception {
    return send(
        HttpRequest.newBuilder(server.baseUri().resolve(path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)));
  }

  /**
   * Posts a form over a connection of its own: the server answers an oversized body with 413 and
   * closes the connection mid-upload, which must not leave a dead connection in the shared pool.
   */
  private int postFormAlone(String path, String form) throws Exception {
    try (HttpClient own = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
      HttpRequest r =
          HttpRequest.newBuilder(server.baseUri().resolve(path))
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(form))
              .build();
      return own.send(r, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
  }

  @Test
  void query_getAndPostAgree() throws Exception {
    // up flaps to 0 when a self-scrape times out on a busy machine; its maximum does not
    String q = "max_over_time(up[1h])";
    JsonNode viaGet = get("api/v1/query?query=" + enc(q)).json();
    JsonNode viaPost = postForm("api/v1/query", "query=" + enc(q)).json();
    assertThat(viaGet.get("status").asText()).isEqualTo("success");
    assertThat(viaGet.at("/data/result/0/metric")).isEqualTo(viaPost.at("/data/result/0/metric"));
    assertThat(viaGet.at("/data/result/0/metric/instance").asText()).isEqualTo("127.0.0.1:" + port);
    assertThat(viaGet.at("/data/result/0/value/1").asText()).isEqualTo("1");
    assertThat(viaGet.at("/data/result/0/value/0").isNumber()).isTrue();
  }

  @Test
  void queryRange_rateOverScrapedCounter() throws Exception {
    long now = Clock.SYSTEM.millis() / 1000;
    Answer a =
        postForm(
            "api/v1/query_range",
            "query="
                + enc("rate(prometheus_target_interval_length_seconds_count[2s])")
                + "&start="
                + (now - 2)
                + "&end="
                + now
                + "&step=1s");
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(a.json().at("/data/resultType").asText()).isEqualTo("matrix");
  }

  @Test
  void badRequests_getUpstreamErrors() throws Exception {
    Answer parse = get("api/v1/query?query=" + enc("sum("));
    assertThat(parse.status()).isEqualTo(400);
    assertThat(parse.json().get("errorType").asText()).isEqualTo("bad_data");
    Answer points = get("api/v1/query_range?query=up&start=0&end=100000&step=1");
    assertThat(points.json().get("error").asText()).startsWith("exceeded maximum resolution");
    assertThat(postFormAlone("api/v1/query", "query=" + "x".repeat(11 << 20))).isEqualTo(413);
    assertThat(get("-/healthy").status()).isEqualTo(200);
  }

  @Test
  void targets_selfScrapeIsUpWithGlobalUrlFromTheExternalUrl() throws Exception {
    JsonNode data = get("api/v1/targets").json().get("data");
    assertThat(data.get("activeTargets")).hasSize(1);
    JsonNode t = data.at("/activeTargets/0");
    assertThat(t.get("scrapePool").asText()).isEqualTo("argus");
    assertThat(t.get("scrapeUrl").asText()).isEqualTo("http://127.0.0.1:" + port + "/metrics");
    assertThat(t.get("globalUrl").asText()).isEqualTo("https://argus.example.com:8443/metrics");
    assertThat(t.at("/labels/instance").asText()).isEqualTo("127.0.0.1:" + port);
    assertThat(t.at("/discoveredLabels/__address__").asText()).isEqualTo("127.0.0.1:" + port);
    assertThat(t.get("scrapeInterval").asText()).isEqualTo("500ms");
    assertThat(t.get("lastScrape").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT.*(Z|[+-]\\d\\d:\\d\\d)");
    assertThat(t.get("lastScrapeDuration").isNumber()).isTrue();
    assertThat(data.get("droppedTargets")).isEmpty();
    assertThat(data.at("/droppedTargetCounts/argus").asInt()).isZero();
    assertThat(get("api/v1/scrape_pools").json().at("/data/scrapePools").toString())
        .isEqualTo("[\"argus\"]");
  }

  @Test
  void metadata_fromTheSelfScrape() throws Exception {
    JsonNode perTarget =
        get("api/v1/targets/metadata?match_target=" + enc("{job=\"argus\"}")).json();
    assertThat(perTarget.get("data")).isNotEmpty();
    assertThat(perTarget.at("/data/0/target/job").asText()).isEqualTo("argus");
    assertThat(perTarget.at("/data/0/metric").asText()).isNotEmpty();
    String family = "prometheus_target_interval_length_seconds";
    JsonNode merged = get("api/v1/metadata?metric=" + family).json().get("data");
    assertThat(merged.at("/" + family + "/0/type").asText()).isEqualTo("summary");
    JsonNode none = get("api/v1/targets/metadata?match_target=" + enc("{job=\"none\"}")).json();
    assertThat(none.get("data")).isEmpty();
    Answer bad = get("api/v1/metadata?limit=x");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("error").asText()).isEqualTo("limit must be a number");
  }

  @Test
  void seriesLabelsValues() throws Exception {
    JsonNode series = get("api/v1/series?match[]=up").json();
    assertThat(series.get("data")).hasSize(1);
    assertThat(series.at("/data/0/job").asText()).isEqualTo("argus");
    JsonNode labels = postForm("api/v1/labels", "match[]=up").json();
    assertThat(labels.get("data").toString()).isEqualTo("[\"__name__\",\"instance\",\"job\"]");
    assertThat(get("api/v1/label/job/values").json().get("data").toString())
        .isEqualTo("[\"argus\"]");
  }

  @Test
  void webUi_redirectsServesPagesAndRevalidatesAssets() throws Exception {
    Answer root = get("");
    assertThat(root.status()).isEqualTo(302);
    assertThat(root.raw().headers().firstValue("Location")).hasValue("./query");
    Answer page = get("targets");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.raw().headers().firstValue("Content-Type"))
        .hasValue("text/html; charset=utf-8");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("src=\"(assets/[0-9a-f]+/app\\.js)\"").matcher(page.body());
    assertThat(m.find()).as(page.body()).isTrue();
    Answer js = get(m.group(1));
    assertThat(js.status()).isEqualTo(200);
    assertThat(js.raw().headers().firstValue("Cache-Control"))
        .hasValue("public, max-age=31536000, immutable");
    String etag = js.raw().headers().firstValue("ETag").orElseThrow();
    Answer again =
        send(
            HttpRequest.newBuilder(server.baseUri().resolve(m.group(1)))
                .header("If-None-Match", etag)
                .header("Accept-Encoding", "gzip"));
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    Answer uplot =
        send(
            HttpRequest.newBuilder(server.baseUri().resolve("assets/uplot/uPlot.esm.js"))
                .header("Accept-Encoding", "gzip"));
    assertThat(uplot.status()).isEqualTo(200);
    assertThat(uplot.raw().headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(uplot.raw().headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(get("assets/uplot/nope.js").status()).isEqualTo(404);
    assertThat(postForm("query", "x=1").status()).isEqualTo(405);
  }

  @Test
  void statusEndpoints() throws Exception {
    assertThat(get("api/v1/status/buildinfo").json().at("/data/version").asText())
        .isEqualTo("1.2.3");
    assertThat(get("api/v1/status/config").json().at("/data/yaml").asText())
        .contains("job_name: argus");
    assertThat(get("api/v1/status/flags").json().at("/data/web.enable-admin-api").asText())
        .isEqualTo("true");
    assertThat(get("api/v1/status/runtimeinfo").json().at("/data/storageRetention").asText())
        .isEqualTo("15d");
    JsonNode tsdb = get("api/v1/status/tsdb").json().get("data");
    assertThat(tsdb.at("/headStats/numSeries").asLong()).isGreaterThan(10);
    assertThat(tsdb.get("seriesCountByMetricName")).hasSizeBetween(1, 10);
    assertThat(get("api/v1/status/walreplay").json().get("data").has("current")).isTrue();
  }

  @Test
  void federate_addsExternalLabels() throws Exception {
    Answer a = get("federate?match[]=" + enc("{__name__=\"up\"}"));
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body())
        .startsWith(
            "# TYPE up untyped\nup{instance=\"127.0.0.1:"
                + port
                + "\",job=\"argus\","
                + "replica=\"a\"} 1 ");
  }

  @Test
  void gzipWhenAccepted() throws Exception {
    Answer a =
        send(
            HttpRequest.newBuilder(server.baseUri().resolve("api/v1/label/job/values"))
                .header("Accept-Encoding", "gzip"));
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(a.raw().body()))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("{\"status\":\"success\",\"data\":[\"argus\"]}");
    }
  }

  @Test
  void admin_snapshotWritesIntoSnapshotsDirectory() throws Exception {
    Answer a = postForm("api/v1/admin/tsdb/snapshot", "");
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    String name = a.json().at("/data/name").asText();
    assertThat(name).matches("\\d{8}T\\d{6}Z-[0-9a-f]{16}");
    assertThat(tmp.resolve("data/snapshots").resolve(name)).isDirectory();
  }

  private List<String> promtool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(PROMTOOL.toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.lines().toList();
  }

  @Test
  void promtool_queryInstantRangeSeriesLabels() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(PROMTOOL), "promtool not installed at /usr/bin/promtool; skipping");
    String url = "http://127.0.0.1:" + port;
    String up = "{instance=\"127.0.0.1:" + port + "\", job=\"argus\"}";
    String maxUp = "max_over_time(up[1h])";

    assertThat(promtool("query", "instant", url, maxUp))
        .singleElement()
        .asString()
        .matches(java.util.regex.Pattern.quote(up + " => 1 @[") + "\\d+(\\.\\d+)?\\]");

    long now = Clock.SYSTEM.millis() / 1000;
    List<String> range =
        promtool("query", "range", "--start=" + (now - 1), "--end=" + now, "--step=1s", url, maxUp);
    assertThat(range.getFirst()).isEqualTo(up + " =>");
    assertThat(range.subList(1, range.size())).hasSize(2).allMatch(l -> l.matches("1 @\\[\\d+\\]"));

    assertThat(promtool("query", "series", "--match=up", url))
        .containsExactly("{__name__=\"up\", instance=\"127.0.0.1:" + port + "\", job=\"argus\"}");
    assertThat(promtool("query", "labels", url, "job")).containsExactly("argus");

    Process bad =
        new ProcessBuilder(PROMTOOL.toString(), "query", "instant", url, "sum(")
            .redirectErrorStream(true)
            .start();
    String out = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bad.exitValue()).isEqualTo(1);
    assertThat(out)
        .contains(
            "bad_data: invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis");
  }

  @Test
  void badRequestsDuringQueryLoad_getClientErrorsAndServerStaysHealthy() throws Exception {
    long now = Clock.SYSTEM.millis() / 1000;
    String rangeQuery =
        "api/v1/query_range?query="
            + enc("sum by (__name__) ({job=\"argus\"})")
            + "&start="
            + (now - 60)
            + "&end="
            + now
            + "&step=1";
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    // a slowloris client: headers started, never finished, held open during the test
    try (java.net.Socket slow = new java.net.Socket("127.0.0.1", port)) {
      slow.getOutputStream()
          .write(
              "GET /api/v1/query?query=up HTTP/1.1\r\nHost: x\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      slow.getOutputStream().flush();
      Answer probe = get(rangeQuery);
      assertThat(probe.status()).as(probe.body()).isEqualTo(200);
      List<java.util.concurrent.Future<Integer>> load = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        load.add(
            pool.submit(
                () -> {
                  int ok = 0;
                  for (int i = 0; i < 10; i++) {
                    if (get(rangeQuery).status() == 200) {
                      ok++;
                    }
                  }
                  return ok;
                }));
      }
      List<String> bad =
          List.of(
              "api/v1/query?query=" + enc("sum(rate(up[1m])"),
              "api/v1/query?query=" + enc("up{"),
              "api/v1/query?query=up&time=notatime",
              "api/v1/query_range?query=up&start=0&end=1000000&step=1",
              "api/v1/query_range?query=up&start=10&end=0&step=1",
              "api/v1/query_range?query=up&start=0&end=10&step=0",
              "api/v1/series?match[]=" + enc("{job=~\".*\"}"),
              "api/v1/labels?start=never");
      for (String path : bad) {
        Answer a = get(path);
        assertThat(a.status()).as(path + ": " + a.body()).isBetween(400, 499);
        assertThat(a.json().get("errorType").asText()).isEqualTo("bad_data");
      }
      assertThat(postFormAlone("api/v1/query", "query=" + "y".repeat(11 << 20))).isEqualTo(413);
      for (java.util.concurrent.Future<Integer> f : load) {
        assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(10);
      }
      assertThat(get("-/healthy").status()).isEqualTo(200);
      assertThat(get("-/ready").status()).isEqualTo(200);
    } finally {
      pool.shutdownNow();
    }
  }
}
