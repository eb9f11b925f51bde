package io.argus.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.model.labels.Labels;
import io.argus.model.textparse.MetricType;
import io.argus.promql.EngineOptions;
import io.argus.promql.promqltest.InMemoryStorage;
import io.argus.scrape.ActiveTarget;
import io.argus.scrape.DroppedTarget;
import io.argus.scrape.GlobalUrl;
import io.argus.scrape.MetricMetadata;
import io.argus.scrape.ScrapeState;
import io.argus.scrape.ScrapeTargets;
import io.argus.scrape.TargetHealth;
import io.argus.testkit.ManualClock;
import io.argus.web.WebRequest;
import io.argus.web.WebResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class TargetsApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SCRAPED_AT = 1_767_322_800_250L; // 2026-01-02T03:00:00.25Z

  /** A target as the scrape side publishes it, with a fixed state. */
  private record FixedTarget(
      String scrapePool,
      Labels discoveredLabels,
      Labels labels,
      URI scrapeUrl,
      long scrapeIntervalMs,
      long scrapeTimeoutMs,
      ScrapeState lastScrape,
      Map<String, MetricMetadata> metadata)
      implements ActiveTarget {
    @Override
    public @Nullable MetricMetadata metadata(String family) {
      return metadata.get(family);
    }
  }

  /** Pools as the scrape manager's view lists them. */
  private record FixedTargets(
      Map<String, List<ActiveTarget>> activeTargets,
      Map<String, List<DroppedTarget>> droppedTargets,
      Map<String, Integer> droppedTargetCounts)
      implements ScrapeTargets {
    @Override
    public List<String> scrapePoolNames() {
      return List.copyOf(new TreeMap<>(activeTargets).keySet());
    }
  }

  private static MetricMetadata meta(String family, MetricType type, String help) {
    return new MetricMetadata(family, type, help, "");
  }

  private static FixedTarget target(
      String pool, String address, ScrapeState state, MetricMetadata... metadata) {
    Map<String, MetricMetadata> m = new LinkedHashMap<>();
    for (MetricMetadata md : metadata) {
      m.put(md.family(), md);
    }
    return new FixedTarget(
        pool,
        Labels.of("__address__", address, "__scheme__", "http", "job", pool),
        Labels.of("instance", address, "job", pool),
        URI.create("http://" + address + "/metrics"),
        15_000,
        10_000,
        state,
        m);
  }

  private final ScrapeTargets scrape =
      new FixedTargets(
          Map.of(
              "node",
              List.of(
                  target(
                      "node",
                      "10.0.0.1:9100",
                      new ScrapeState(
                          TargetHealth.DOWN, "connection refused", SCRAPED_AT, 1_500_000),
                      meta("up_total", MetricType.COUNTER, "other help"))),
              "self",
              List.of(
                  target(
                      "self",
                      "localhost:9090",
                      new ScrapeState(TargetHealth.UP, "", SCRAPED_AT, 12_345_678),
                      meta("up_total", MetricType.COUNTER, "ups"),
                      meta("temp", MetricType.GAUGE, "temperature")),
                  target("self", "localhost:9091", ScrapeState.NEVER_SCRAPED))),
          Map.of(
              "node",
              List.of(new DroppedTarget("node", Labels.of("__address__", "10.0.0.9:9100"))),
              "self",
              List.of()),
          Map.of("node", 3, "self", 0));

  private ApiV1 api(ScrapeTargets targets, ZoneId zone) {
    EngineOptions opts =
        new EngineOptions(
            300_000, Duration.ofMinutes(2), 50_000_000, 60_000, false, false, new ManualClock(0));
    URI external = URI.create("https://prom.example.com:443/");
    return new ApiV1(
        new InMemoryStorage(),
        opts,
        new QueryGate(1),
        null,
        new ServerStatus() {
          @Override
          public Map<String, String> buildInfo() {
            return Map.of();
          }

          @Override
          public Map<String, String> flags() {
            return Map.of();
          }

          @Override
          public RuntimeInfo runtimeInfo() {
            throw new UnsupportedOperationException("not asked in these tests");
          }

          @Override
          public String configYaml() {
            return "";
          }

          @Override
          public Labels externalLabels() {
            return Labels.EMPTY;
          }
        },
        false,
        () -> true,
        new TargetsApi(targets, u -> GlobalUrl.of(u, ":9090", external), zone));
  }

  private record Answer(int status, String body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  private Answer get(String path, String... params) throws IOException {
    return call(api(scrape, ZoneOffset.UTC), "GET", path, params);
  }

  private static Answer call(ApiV1 api, String method, String path, String... params)
      throws IOException {
    Map<String, List<String>> p = new LinkedHashMap<>();
    for (int i = 0; i < params.length; i += 2) {
      p.computeIfAbsent(params[i], k -> new ArrayList<>()).add(params[i + 1]);
    }
    WebResponse r = api.handle(new WebRequest(method, path, p, Map.of()));
    assertThat(r).isNotNull();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (r.body() != null) {
      r.body().writeTo(out);
    }
    return new Answer(r.status(), out.toString(StandardCharsets.UTF_8));
  }

  private static List<String> texts(JsonNode array, String field) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.get(field).asText()));
    return out;
  }

  @Test
  void scrapePools_sortedNames() throws IOException {
    Answer a = get("/api/v1/scrape_pools");
    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body())
        .isEqualTo("{\"status\":\"success\",\"data\":{\"scrapePools\":[\"node\",\"self\"]}}");
  }

  @Test
  void scrapePools_noScraping_emptyList() throws IOException {
    Answer a = call(api(TargetsApi.NO_SCRAPING, ZoneOffset.UTC), "GET", "/api/v1/scrape_pools");
    assertThat(a.json().at("/data/scrapePools").isArray()).isTrue();
    assertThat(a.json().at("/data/scrapePools")).isEmpty();
  }

  @Test
  void targets_activeTargetMembers() throws IOException {
    JsonNode data = get("/api/v1/targets").json().get("data");
    JsonNode active = data.get("activeTargets");
    assertThat(texts(active, "scrapeUrl"))
        .containsExactly(
            "http://10.0.0.1:9100/metrics",
            "http://localhost:9090/metrics",
            "http://localhost:9091/metrics");
    JsonNode node = active.get(0);
    assertThat(JSON.writeValueAsString(node))
        .isEqualTo(
            "{\"discoveredLabels\":{\"__address__\":\"10.0.0.1:9100\",\"__scheme__\":\"http\","
                + "\"job\":\"node\"},\"labels\":{\"instance\":\"10.0.0.1:9100\",\"job\":\"node\"},"
                + "\"scrapePool\":\"node\",\"scrapeUrl\":\"http://10.0.0.1:9100/metrics\","
                + "\"globalUrl\":\"http://10.0.0.1:9100/metrics\","
                + "\"lastError\":\"connection refused\","
                + "\"lastScrape\":\"2026-01-02T03:00:00.25Z\",\"lastScrapeDuration\":0.0015,"
                + "\"health\":\"down\",\"scrapeInterval\":\"15s\",\"scrapeTimeout\":\"10s\"}");
    JsonNode self = active.get(1);
    assertThat(self.get("globalUrl").asText()).isEqualTo("https://prom.example.com:443/metrics");
    assertThat(self.get("health").asText()).isEqualTo("up");
    assertThat(self.get("lastScrapeDuration").asDouble()).isEqualTo(0.012345678);
    JsonNode never = active.get(2);
    assertThat(never.get("globalUrl").asText()).isEqualTo("http://prom.example.com:9091/metrics");
    assertThat(never.get("health").asText()).isEqualTo("unknown");
    assertThat(never.get("lastScrape").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(never.get("lastScrapeDuration").isIntegralNumber()).isTrue();
    assertThat(never.get("lastScrapeDuration").asInt()).isZero();
  }

  @Test
  void targets_droppedTargetsAndCounts() throws IOException {
    JsonNode data = get("/api/v1/targets").json().get("data");
    assertThat(JSON.writeValueAsString(data.get("droppedTargets")))
        .isEqualTo(
            "[{\"discoveredLabels\":{\"__address__\":\"10.0.0.9:9100\"},\"scrapePool\":\"node\"}]");
    assertThat(JSON.writeValueAsString(data.get("droppedTargetCounts")))
        .isEqualTo("{\"node\":3,\"self\":0}");
  }

  @Test
  void targets_stateFilter() throws IOException {
    JsonNode active = get("/api/v1/targets", "state", "Active").json().get("data");
    assertThat(active.get("activeTargets")).hasSize(3);
    assertThat(active.get("droppedTargets")).isEmpty();
    assertThat(active.get("droppedTargetCounts").isNull()).isTrue();

    JsonNode dropped = get("/api/v1/targets", "state", "dropped").json().get("data");
    assertThat(dropped.get("activeTargets")).isEmpty();
    assertThat(dropped.get("droppedTargets")).hasSize(1);
    assertThat(dropped.get("droppedTargetCounts").get("node").asInt()).isEqualTo(3);

    JsonNode any = get("/api/v1/targets", "state", "any").json().get("data");
    assertThat(any.get("activeTargets")).hasSize(3);
    assertThat(any.get("droppedTargets")).hasSize(1);

    JsonNode other = get("/api/v1/targets", "state", "bogus").json().get("data");
    assertThat(other.get("activeTargets")).isEmpty();
    assertThat(other.get("droppedTargets")).isEmpty();
    assertThat(other.get("droppedTargetCounts").isNull()).isTrue();
  }

  @Test
  void targets_scrapePoolFilter_countsStillCoverEveryPool() throws IOException {
    JsonNode data = get("/api/v1/targets", "scrapePool", "self").json().get("data");
    assertThat(texts(data.get("activeTargets"), "scrapePool")).containsExactly("self", "self");
    assertThat(data.get("droppedTargets")).isEmpty();
    assertThat(data.get("droppedTargetCounts").size()).isEqualTo(2);

    JsonNode none = get("/api/v1/targets", "scrapePool", "nope").json().get("data");
    assertThat(none.get("activeTargets")).isEmpty();
    assertThat(none.get("droppedTargets")).isEmpty();
  }

  @Test
  void targets_lastScrapeInServerZone() throws IOException {
    ApiV1 api = api(scrape, ZoneId.of("Europe/Berlin"));
    JsonNode t = call(api, "GET", "/api/v1/targets").json().at("/data/activeTargets/0");
    assertThat(t.get("lastScrape").asText()).isEqualTo("2026-01-02T04:00:00.25+01:00");
  }

  @Test
  void targets_postNotAllowed() throws IOException {
    Answer a = call(api(scrape, ZoneOffset.UTC), "POST", "/api/v1/targets");
    assertThat(a.status()).isEqualTo(405);
  }

  @Test
  void targetMetadata_allFamiliesOfMatchingTargets() throws IOException {
    JsonNode data = get("/api/v1/targets/metadata", "match_target", "{job=\"self\"}").json();
    assertThat(data.get("status").asText()).isEqualTo("success");
    assertThat(JSON.writeValueAsString(data.get("data")))
        .isEqualTo(
            "[{\"target\":{\"instance\":\"localhost:9090\",\"job\":\"self\"},\"metric\":\"temp\","
                + "\"type\":\"gauge\",\"help\":\"temperature\",\"unit\":\"\"},"
                + "{\"target\":{\"instance\":\"localhost:9090\",\"job\":\"self\"},"
                + "\"metric\":\"up_total\",\"type\":\"counter\",\"help\":\"ups\",\"unit\":\"\"}]");
  }

  @Test
  void targetMetadata_oneMetric_withoutMetricMember() throws IOException {
    JsonNode data = get("/api/v1/targets/metadata", "metric", "up_total").json().get("data");
    assertThat(data).hasSize(2);
    assertThat(data.get(0).has("metric")).isFalse();
    assertThat(data.get(0).at("/target/job").asText()).isEqualTo("node");
    assertThat(data.get(0).get("help").asText()).isEqualTo("other help");
    assertThat(data.get(1).get("help").asText()).isEqualTo("ups");
    assertThat(get("/api/v1/targets/metadata", "metric", "missing").json().get("data")).isEmpty();
  }

  @Test
  void targetMetadata_limitCountsTargetsNotEntries() throws IOException {
    assertThat(get("/api/v1/targets/metadata", "limit", "0").json().get("data")).isEmpty();
    // the first target adds one entry, then the limit of 2 is not reached: the second adds two
    assertThat(get("/api/v1/targets/metadata", "limit", "2").json().get("data")).hasSize(3);
    assertThat(get("/api/v1/targets/metadata", "limit", "1").json().get("data")).hasSize(1);
    assertThat(get("/api/v1/targets/metadata", "limit", "-1").json().get("data")).hasSize(3);
  }

  @Test
  void targetMetadata_errors() throws IOException {
    Answer limit = get("/api/v1/targets/metadata", "limit", "x");
    assertThat(limit.status()).isEqualTo(400);
    assertThat(limit.json().get("errorType").asText()).isEqualTo("bad_data");
    assertThat(limit.json().get("error").asText()).isEqualTo("limit must be a number");
    Answer match = get("/api/v1/targets/metadata", "match_target", "{job=");
    assertThat(match.status()).isEqualTo(400);
    assertThat(match.json().get("error").asText())
        .startsWith("invalid parameter \"match_target\": ");
  }

  @Test
  void metadata_mergedAcrossTargets() throws IOException {
    Answer a = get("/api/v1/metadata");
    assertThat(a.status()).isEqualTo(200);
    assertThat(JSON.writeValueAsString(a.json().get("data")))
        .isEqualTo(
            "{\"temp\":[{\"type\":\"gauge\",\"unit\":\"\",\"help\":\"temperature\"}],"
                + "\"up_total\":[{\"type\":\"counter\",\"unit\":\"\",\"help\":\"other help\"},"
                + "{\"type\":\"counter\",\"unit\":\"\",\"help\":\"ups\"}]}");
  }

  @Test
  void metadata_limitsAndMetric() throws IOException {
    JsonNode perMetric = get("/api/v1/metadata", "limit_per_metric", "1").json().get("data");
    assertThat(perMetric.get("up_total")).hasSize(1);
    assertThat(get("/api/v1/metadata", "limit", "1").json().get("data").size()).isEqualTo(1);
    assertThat(get("/api/v1/metadata", "limit", "0").json().get("data").size()).isZero();
    JsonNode one = get("/api/v1/metadata", "metric", "temp").json().get("data");
    assertThat(one.size()).isEqualTo(1);
    assertThat(one.has("temp")).isTrue();
    assertThat(get("/api/v1/metadata", "metric", "nope").json().get("data").size()).isZero();
  }

  @Test
  void metadata_errors() throws IOException {
    Answer limit = get("/api/v1/metadata", "limit", "1.5");
    assertThat(limit.status()).isEqualTo(400);
    assertThat(limit.json().get("error").asText()).isEqualTo("limit must be a number");
    Answer perMetric = get("/api/v1/metadata", "limit_per_metric", "x");
    assertThat(perMetric.json().get("errorType").asText()).isEqualTo("bad_data");
    assertThat(perMetric.json().get("error").asText())
        .isEqualTo("limit_per_metric must be a number");
  }

  @Test
  void formatGoTime_trimsFractionAndWritesOffset() {
    assertThat(TargetsApi.formatGoTime(0, ZoneOffset.UTC)).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(TargetsApi.formatGoTime(1_000, ZoneOffset.UTC)).isEqualTo("1970-01-01T00:00:01Z");
    assertThat(TargetsApi.formatGoTime(1_120, ZoneOffset.UTC)).isEqualTo("1970-01-01T00:00:01.12Z");
    assertThat(TargetsApi.formatGoTime(1_001, ZoneOffset.ofHours(-5)))
        .isEqualTo("1969-12-31T19:00:01.001-05:00");
  }

  @Test
  void goJsonFloat_likeEncodingJson() {
    assertThat(TargetsApi.goJsonFloat(0)).isEqualTo("0");
    assertThat(TargetsApi.goJsonFloat(0.25)).isEqualTo("0.25");
    assertThat(TargetsApi.goJsonFloat(1e-7)).isEqualTo("1e-7");
    assertThat(TargetsApi.goJsonFloat(1.5e21)).isEqualTo("1.5e+21");
  }
}
