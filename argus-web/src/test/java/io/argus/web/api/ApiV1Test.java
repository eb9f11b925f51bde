package io.argus.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.promql.EngineOptions;
import io.argus.promql.promqltest.InMemoryStorage;
import io.argus.rules.notifier.DiscoveredAlertmanagers;
import io.argus.storage.Appender;
import io.argus.testkit.ManualClock;
import io.argus.web.WebRequest;
import io.argus.web.WebResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiV1Test {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long NOW = 1_000_000_000L; // 1970-01-12T13:46:40Z

  private final InMemoryStorage storage = new InMemoryStorage();
  private final ManualClock clock = new ManualClock(NOW);
  private final AtomicBoolean ready = new AtomicBoolean(true);
  private final List<String> adminCalls = new ArrayList<>();
  private ApiV1 api = newApi(true);

  private ApiV1 newApi(boolean admin) {
    EngineOptions opts =
        new EngineOptions(300_000, Duration.ofMinutes(2), 50_000_000, 60_000, false, false, clock);
    return new ApiV1(
        storage,
        opts,
        new QueryGate(2),
        new RecordingAdmin(),
        new FixedStatus(),
        admin,
        ready::get,
        new TargetsApi(TargetsApi.NO_SCRAPING, u -> u, java.time.ZoneOffset.UTC));
  }

  @BeforeEach
  void fill() {
    Appender a = storage.appender();
    for (long t = NOW - 600_000; t <= NOW; t += 15_000) {
      a.append(0, Labels.of("__name__", "up", "job", "api", "instance", "a:1"), t, 1);
      a.append(0, Labels.of("__name__", "up", "job", "node", "instance", "b:2"), t, 0);
      a.append(
          0,
          Labels.of("__name__", "http_requests_total", "job", "api", "instance", "a:1"),
          t,
          (t - (NOW - 600_000)) / 1000.0);
    }
    a.commit();
  }

  private record Answer(int status, String contentType, String body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  private Answer call(String method, String path, String... params) throws IOException {
    Map<String, List<String>> p = new LinkedHashMap<>();
    for (int i = 0; i < params.length; i += 2) {
      p.computeIfAbsent(params[i], k -> new ArrayList<>()).add(params[i + 1]);
    }
    WebResponse r = api.handle(new WebRequest(method, path, p, Map.of()));
    assertThat(r).as(path).isNotNull();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (r.body() != null) {
      r.body().writeTo(out);
    }
    return new Answer(r.status(), r.contentType(), out.toString(StandardCharsets.UTF_8));
  }

  private Answer get(String path, String... params) throws IOException {
    return call("GET", path, params);
  }

  private static void assertError(Answer a, int status, String type, String message)
      throws IOException {
    assertThat(a.status()).as(a.body()).isEqualTo(status);
    JsonNode j = a.json();
    assertThat(j.get("status").asText()).isEqualTo("error");
    assertThat(j.get("errorType").asText()).isEqualTo(type);
    assertThat(j.get("error").asText()).isEqualTo(message);
  }

  @Test
  void alertmanagers_listsActiveAndDroppedUrls() throws IOException {
    assertThat(get("/api/v1/alertmanagers").body())
        .isEqualTo(
            "{\"status\":\"success\",\"data\":{\"activeAlertmanagers\":[],"
                + "\"droppedAlertmanagers\":[]}}");
    EngineOptions opts =
        new EngineOptions(300_000, Duration.ofMinutes(2), 50_000_000, 60_000, false, false, clock);
    DiscoveredAlertmanagers ams =
        new DiscoveredAlertmanagers() {
          @Override
          public List<String> activeUrls() {
            return List.of("http://am1:9093/api/v2/alerts", "https://am2:9093/p/api/v2/alerts");
          }

          @Override
          public List<String> droppedUrls() {
            return List.of("http://gone:9093/api/v2/alerts");
          }
        };
    api =
        new ApiV1(
            storage,
            opts,
            new QueryGate(2),
            new RecordingAdmin(),
            new FixedStatus(),
            false,
            ready::get,
            new TargetsApi(TargetsApi.NO_SCRAPING, u -> u, java.time.ZoneOffset.UTC),
            ams);
    Answer a = get("/api/v1/alertmanagers");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.json().get("data").toString())
        .isEqualTo(
            "{\"activeAlertmanagers\":[{\"url\":\"http://am1:9093/api/v2/alerts\"},"
                + "{\"url\":\"https://am2:9093/p/api/v2/alerts\"}],"
                + "\"droppedAlertmanagers\":[{\"url\":\"http://gone:9093/api/v2/alerts\"}]}");
    assertThat(call("POST", "/api/v1/alertmanagers").status()).isEqualTo(405);
    ready.set(false);
    assertThat(get("/api/v1/alertmanagers").status()).isEqualTo(503);
  }

  @Test
  void query_instantVectorEncodedAsUpstream() throws IOException {
    Answer a = get("/api/v1/query", "query", "up", "time", "1000000.5");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.contentType()).isEqualTo("application/json");
    assertThat(a.body())
        .isEqualTo(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"__name__\":\"up\",\"instance\":\"a:1\",\"job\":\"api\"},"
                + "\"value\":[1000000.500,\"1\"]},"
                + "{\"metric\":{\"__name__\":\"up\",\"instance\":\"b:2\",\"job\":\"node\"},"
                + "\"value\":[1000000.500,\"0\"]}]}}");
  }

  @Test
  void query_defaultsTimeToNowAndEncodesScalarsStringsAndSpecialValues() throws IOException {
    assertThat(get("/api/v1/query", "query", "1/0").body())
        .contains("\"result\":[1000000,\"+Inf\"]");
    assertThat(get("/api/v1/query", "query", "-1/0").body()).contains("\"-Inf\"");
    assertThat(get("/api/v1/query", "query", "0/0").body()).contains("\"NaN\"");
    assertThat(get("/api/v1/query", "query", "1234567").body()).contains("\"1234567\"");
    assertThat(get("/api/v1/query", "query", "\"hi\"").body())
        .contains("\"resultType\":\"string\",\"result\":[1000000,\"hi\"]");
  }

  @Test
  void query_rangeSelectorReturnsMatrix() throws IOException {
    JsonNode data = get("/api/v1/query", "query", "up{job=\"api\"}[1m]").json().get("data");
    assertThat(data.get("resultType").asText()).isEqualTo("matrix");
    assertThat(data.get("result").get(0).get("values")).hasSize(4);
  }

  @Test
  void query_errorsAsUpstream() throws IOException {
    assertError(
        get("/api/v1/query", "query", "sum("),
        400,
        "bad_data",
        "invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis");
    assertError(
        get("/api/v1/query", "query", "up", "time", "yesterday"),
        400,
        "bad_data",
        "invalid parameter \"time\": invalid time value for 'time': cannot parse \"yesterday\" to"
            + " a valid timestamp");
    assertError(
        get("/api/v1/query", "query", "up", "timeout", "soon"),
        400,
        "bad_data",
        "invalid parameter \"timeout\": cannot parse \"soon\" to a valid duration");
    assertError(
        get("/api/v1/query", "query", "up", "lookback_delta", "x"),
        400,
        "bad_data",
        "error parsing lookback delta duration: cannot parse \"x\" to a valid duration");
    assertError(
        get("/api/v1/query", "query", "up * on() group_left up"),
        422,
        "execution",
        "found duplicate series for the match group {} on the right hand-side of the operation:"
            + " [{__name__=\"up\", instance=\"a:1\", job=\"api\"}, {__name__=\"up\","
            + " instance=\"b:2\", job=\"node\"}];many-to-many matching not allowed: matching labels"
            + " must be unique on one side");
  }

  @Test
  void query_expiredTimeoutIsTimeout503() throws IOException {
    assertError(
        get("/api/v1/query", "query", "up", "timeout", "0"),
        503,
        "timeout",
        "query timed out in query queue");
    assertError(
        get(
            "/api/v1/query_range",
            "query",
            "up",
            "start",
            "0",
            "end",
            "60",
            "step",
            "15",
            "timeout",
            "-1s"),
        400,
        "bad_data",
        "invalid parameter \"timeout\": cannot parse \"-1s\" to a valid duration");
  }

  @Test
  void query_limitTruncatesWithWarning() throws IOException {
    JsonNode j = get("/api/v1/query", "query", "up", "limit", "1").json();
    assertThat(j.get("data").get("result")).hasSize(1);
    assertThat(j.get("warnings").get(0).asText()).isEqualTo("results truncated due to limit");
  }

  @Test
  void query_lookbackDeltaShortensTheLookback() throws IOException {
    String at = Double.toString((NOW + 20_000) / 1000.0);
    assertThat(get("/api/v1/query", "query", "up", "time", at).json().at("/data/result"))
        .hasSize(2);
    assertThat(
            get("/api/v1/query", "query", "up", "time", at, "lookback_delta", "10s")
                .json()
                .at("/data/result"))
        .isEmpty();
  }

  @Test
  void query_statsHaveUpstreamShape() throws IOException {
    JsonNode stats =
        get("/api/v1/query", "query", "sum(up)", "stats", "true").json().at("/data/stats");
    assertThat(stats.get("timings").fieldNames())
        .toIterable()
        .containsExactly(
            "evalTotalTime",
            "resultSortTime",
            "queryPreparationTime",
            "innerEvalTime",
            "execQueueTime",
            "execTotalTime");
    assertThat(stats.at("/samples/totalQueryableSamples").asLong()).isPositive();
    assertThat(stats.at("/samples/peakSamples").isNumber()).isTrue();
    assertThat(get("/api/v1/query", "query", "1").json().at("/data/stats").isMissingNode())
        .isTrue();
  }

  @Test
  void queryRange_matrixAndChecks() throws IOException {
    JsonNode j =
        call(
                "POST",
                "/api/v1/query_range",
                "query",
                "rate(http_requests_total[1m])",
                "start",
                "999700",
                "end",
                "1000000",
                "step",
                "1m")
            .json();
    JsonNode values = j.at("/data/result/0/values");
    assertThat(j.at("/data/resultType").asText()).isEqualTo("matrix");
    assertThat(values).hasSize(6);
    assertThat(values.get(0).get(0).asDouble()).isEqualTo(999700);
    assertThat(values.get(0).get(1).isTextual()).isTrue();
    assertThat(Double.parseDouble(values.get(0).get(1).asText()))
        .isCloseTo(1, org.assertj.core.api.Assertions.within(1e-9));

    assertError(
        get("/api/v1/query_range", "query", "up", "start", "10", "end", "5", "step", "1"),
        400,
        "bad_data",
        "invalid parameter \"end\": end timestamp must not be before start time");
    assertError(
        get("/api/v1/query_range", "query", "up", "start", "0", "end", "5", "step", "0"),
        400,
        "bad_data",
        "invalid parameter \"step\": zero or negative query resolution step widths are not"
            + " accepted. Try a positive integer");
    assertError(
        get("/api/v1/query_range", "query", "up", "start", "0", "end", "11001", "step", "1"),
        400,
        "bad_data",
        "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query"
            + " resolution (?step=XX)");
    assertThat(
            get("/api/v1/query_range", "query", "up", "start", "0", "end", "11000", "step", "1")
                .status())
        .isEqualTo(200);
    assertError(
        get("/api/v1/query_range", "query", "up[1m]", "start", "0", "end", "5", "step", "1"),
        400,
        "bad_data",
        "invalid parameter \"query\": invalid expression type \"range vector\" for range query,"
            + " must be Scalar or instant Vector");
  }

  @Test
  void queryGate_timesOutInTheQueue() {
    QueryGate gate = new QueryGate(1);
    try (QueryGate.Slot held = gate.acquire(1_000_000)) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> gate.acquire(1_000_000))
          .isInstanceOf(ApiException.class)
          .hasMessage("query timed out in query queue")
          .extracting(e -> ((ApiException) e).type())
          .isEqualTo(ErrorType.TIMEOUT);
      assertThat(gate.running()).isEqualTo(1);
    }
    assertThat(gate.running()).isZero();
  }

  @Test
  void series_labels_values() throws IOException {
    JsonNode series = get("/api/v1/series", "match[]", "up", "match[]", "{job=\"api\"}").json();
    assertThat(series.get("data")).hasSize(3);
    assertThat(series.at("/data/0/__name__").asText()).isEqualTo("http_requests_total");

    assertThat(get("/api/v1/labels").json().get("data").toString())
        .isEqualTo("[\"__name__\",\"instance\",\"job\"]");
    assertThat(get("/api/v1/label/job/values").json().get("data").toString())
        .isEqualTo("[\"api\",\"node\"]");
    assertThat(
            get("/api/v1/label/__name__/values", "match[]", "{job=\"node\"}")
                .json()
                .get("data")
                .toString())
        .isEqualTo("[\"up\"]");
    JsonNode limited = get("/api/v1/label/job/values", "limit", "1").json();
    assertThat(limited.get("data")).hasSize(1);
    assertThat(limited.get("warnings").get(0).asText()).isEqualTo("results truncated due to limit");
    // outside the time range nothing is found
    assertThat(get("/api/v1/series", "match[]", "up", "end", "10").json().get("data")).isEmpty();
  }

  @Test
  void series_errorsAsUpstream() throws IOException {
    assertError(get("/api/v1/series"), 400, "bad_data", "no match[] parameter provided");
    assertError(
        get("/api/v1/series", "match[]", "{job=~\".*\"}"),
        400,
        "bad_data",
        "invalid parameter \"match[]\": match[] must contain at least one non-empty matcher");
    assertError(
        get("/api/v1/labels", "match[]", "{job=~\".*\"}"),
        400,
        "bad_data",
        "match[] must contain at least one non-empty matcher");
  }

  @Test
  void formatQuery_and_exemplars() throws IOException {
    assertThat(
            get("/api/v1/format_query", "query", "sum(rate(up[1m]))by(job)")
                .json()
                .get("data")
                .asText())
        .isEqualTo("sum by (job) (rate(up[1m]))");
    assertThat(get("/api/v1/query_exemplars", "query", "up").json().get("data")).isEmpty();
    assertThat(get("/api/v1/query_exemplars", "query", "1").status()).isEqualTo(204);
  }

  @Test
  void parseQuery_upstreamAstShape() throws IOException {
    JsonNode ast =
        get("/api/v1/parse_query", "query", "sum by (job) (rate(up{job=\"a\"}[5m] offset 1m))")
            .json()
            .get("data");
    assertThat(ast.get("type").asText()).isEqualTo("aggregation");
    assertThat(ast.fieldNames())
        .toIterable()
        .containsExactly("expr", "grouping", "op", "param", "type", "without");
    assertThat(ast.get("grouping").toString()).isEqualTo("[\"job\"]");
    JsonNode call = ast.get("expr");
    assertThat(call.at("/func/name").asText()).isEqualTo("rate");
    assertThat(call.at("/func/argTypes").toString()).isEqualTo("[\"matrix\"]");
    JsonNode ms = call.at("/args/0");
    assertThat(ms.toString())
        .isEqualTo(
            "{\"anchored\":false,\"matchers\":[{\"name\":\"job\",\"type\":\"=\",\"value\":\"a\"},"
                + "{\"name\":\"__name__\",\"type\":\"=\",\"value\":\"up\"}],\"name\":\"up\","
                + "\"offset\":60000,\"offsetExpr\":null,\"range\":300000,\"rangeExpr\":null,"
                + "\"smoothed\":false,\"startOrEnd\":null,\"timestamp\":null,"
                + "\"type\":\"matrixSelector\"}");
    assertThat(get("/api/v1/parse_query", "query", "1e-7").json().at("/data/val").asText())
        .isEqualTo("0.0000001");
  }

  @Test
  void status_endpoints() throws IOException {
    assertThat(get("/api/v1/status/buildinfo").json().at("/data/version").asText())
        .isEqualTo("9.9.9");
    assertThat(get("/api/v1/status/flags").json().at("/data/query.timeout").asText())
        .isEqualTo("2m");
    assertThat(get("/api/v1/status/config").json().at("/data/yaml").asText())
        .isEqualTo("global: {}\n");
    JsonNode rt = get("/api/v1/status/runtimeinfo").json().get("data");
    assertThat(rt.fieldNames())
        .toIterable()
        .containsExactly(
            "startTime",
            "CWD",
            "hostname",
            "serverTime",
            "reloadConfigSuccess",
            "lastConfigTime",
            "corruptionCount",
            "goroutineCount",
            "GOMAXPROCS",
            "GOMEMLIMIT",
            "GOGC",
            "GODEBUG",
            "storageRetention");
    JsonNode tsdb = get("/api/v1/status/tsdb").json().get("data");
    assertThat(tsdb.at("/headStats/numSeries").asLong()).isEqualTo(3);
    assertThat(tsdb.at("/seriesCountByMetricName/0/name").asText()).isEqualTo("up");
    assertError(
        get("/api/v1/status/tsdb", "limit", "0"),
        400,
        "bad_data",
        "limit must be a positive number");
    assertThat(get("/api/v1/status/walreplay").json().get("data").toString())
        .isEqualTo("{\"min\":1,\"max\":4,\"current\":4}");
  }

  @Test
  void admin_disabledAnswersUnavailable() throws IOException {
    api = newApi(false);
    assertError(
        call("POST", "/api/v1/admin/tsdb/snapshot"), 500, "unavailable", "admin APIs disabled");
    assertError(
        call("PUT", "/api/v1/admin/tsdb/clean_tombstones"),
        500,
        "unavailable",
        "admin APIs disabled");
    assertThat(adminCalls).isEmpty();
  }

  @Test
  void admin_enabled() throws IOException {
    assertThat(
            call("POST", "/api/v1/admin/tsdb/snapshot", "skip_head", "true")
                .json()
                .at("/data/name")
                .asText())
        .isEqualTo("snap-false");
    assertThat(call("POST", "/api/v1/admin/tsdb/delete_series", "match[]", "up").status())
        .isEqualTo(204);
    assertThat(call("POST", "/api/v1/admin/tsdb/clean_tombstones").status()).isEqualTo(204);
    assertThat(adminCalls)
        .containsExactly(
            "snapshot withHead=false",
            "delete " + ApiParams.MIN_TIME_MS + ".." + ApiParams.MAX_TIME_MS + " [__name__=\"up\"]",
            "clean");
    assertError(
        call("POST", "/api/v1/admin/tsdb/delete_series"),
        400,
        "bad_data",
        "no match[] parameter provided");
    assertThat(get("/api/v1/admin/tsdb/snapshot").status()).isEqualTo(405);
  }

  @Test
  void notReady_unknownPaths_methods() throws IOException {
    assertThat(get("/api/v1/nope").status()).isEqualTo(404);
    assertThat(get("/api/v1/nope").body()).isEqualTo("404 page not found\n");
    assertThat(call("DELETE", "/api/v1/query").status()).isEqualTo(405);
    assertThat(api.handle(new WebRequest("GET", "/graph", Map.of(), Map.of()))).isNull();
    ready.set(false);
    Answer a = get("/api/v1/query", "query", "up");
    assertThat(a.status()).isEqualTo(503);
    assertThat(a.body()).isEqualTo("Service Unavailable");
    assertThat(get("/api/v1/status/walreplay").status()).isEqualTo(200);
  }

  @Test
  void federate_latestSamplesWithExternalLabels() throws IOException {
    Federation f =
        new Federation(storage, () -> 300_000, () -> Labels.of("replica", "r1"), ready::get, clock);
    Map<String, List<String>> p = Map.of("match[]", List.of("{job=\"api\"}"));
    WebResponse r = f.handle(new WebRequest("GET", "/federate", p, Map.of()));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    r.body().writeTo(out);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "# TYPE http_requests_total untyped\n"
                + "http_requests_total{instance=\"a:1\",job=\"api\",replica=\"r1\"} 600"
                + " 1000000000\n"
                + "# TYPE up untyped\n"
                + "up{instance=\"a:1\",job=\"api\",replica=\"r1\"} 1 1000000000\n");
    WebResponse bad =
        f.handle(new WebRequest("GET", "/federate", Map.of("match[]", List.of("{")), Map.of()));
    assertThat(bad.status()).isEqualTo(400);
  }

  @Test
  void cors_headersWhenTheRequestHasAnOrigin() {
    WebResponse r =
        api.handle(
            new WebRequest(
                "OPTIONS", "/api/v1/query", Map.of(), Map.of("origin", "http://grafana:3000")));
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.headers())
        .containsEntry("Access-Control-Allow-Origin", "http://grafana:3000")
        .containsEntry("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    WebResponse plain =
        api.handle(new WebRequest("GET", "/api/v1/status/buildinfo", Map.of(), Map.of()));
    assertThat(plain.headers()).doesNotContainKey("Access-Control-Allow-Origin");
  }

  @Test
  void unescapeName_valueEncoding() {
    assertThat(ApiV1.unescapeName("U__my_2e_label")).isEqualTo("my.label");
    assertThat(ApiV1.unescapeName("U__a__b")).isEqualTo("a_b");
    assertThat(ApiV1.unescapeName("U__bad_zz_")).isEqualTo("U__bad_zz_");
  }

  private final class RecordingAdmin implements TsdbAdmin {
    @Override
    public String snapshot(boolean withHead) {
      adminCalls.add("snapshot withHead=" + withHead);
      return "snap-" + withHead;
    }

    @Override
    public void deleteSeries(long mint, long maxt, List<Matcher> matchers) {
      adminCalls.add("delete " + mint + ".." + maxt + " " + matchers);
    }

    @Override
    public void cleanTombstones() {
      adminCalls.add("clean");
    }

    @Override
    public TsdbStatus status(int limit) {
      return new TsdbStatus(
          new HeadStats(storage.seriesCount(), 5, 3, 0, NOW),
          List.of(new Stat("up", 2), new Stat("http_requests_total", 1))
              .subList(0, limit > 1 ? 2 : 1),
          List.of(),
          List.of(),
          List.of());
    }

    @Override
    public WalReplayStatus walReplayStatus() {
      return new WalReplayStatus(1, 4, 4);
    }
  }

  private static final class FixedStatus implements ServerStatus {
    @Override
    public Map<String, String> buildInfo() {
      return Map.of("version", "9.9.9");
    }

    @Override
    public Map<String, String> flags() {
      return Map.of("query.timeout", "2m");
    }

    @Override
    public RuntimeInfo runtimeInfo() {
      return new RuntimeInfo(0, "/", "h", NOW, true, 0, 0, 1, 1, 1, "", "", "15d");
    }

    @Override
    public String configYaml() {
      return "global: {}\n";
    }

    @Override
    public Labels externalLabels() {
      return Labels.EMPTY;
    }
  }
}
