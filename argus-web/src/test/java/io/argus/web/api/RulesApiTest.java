package io.argus.web.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.model.labels.Labels;
import io.argus.promql.Engine;
import io.argus.promql.EngineOptions;
import io.argus.promql.promqltest.InMemoryStorage;
import io.argus.rules.RuleGroup;
import io.argus.rules.RuleManager;
import io.argus.rules.RuleManagerOptions;
import io.argus.rules.RuleMetrics;
import io.argus.rules.RuleQueryFunction;
import io.argus.rules.config.RuleConfig;
import io.argus.rules.config.RuleGroupConfig;
import io.argus.scrape.Sleeper;
import io.argus.storage.Appender;
import io.argus.testkit.ManualClock;
import io.argus.web.WebRequest;
import io.argus.web.WebResponse;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RulesApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long T0 = 1_700_000_040_000L; // 2023-11-14T22:14:00Z

  private final InMemoryStorage storage = new InMemoryStorage();
  private final ManualClock clock = new ManualClock(T0);
  private RuleManager manager;
  private RulesApi api;

  @BeforeEach
  void setUp() {
    Appender a = storage.appender();
    a.append(0, Labels.of("__name__", "up", "job", "api", "instance", "a:1"), T0 - 10_000, 0);
    a.append(0, Labels.of("__name__", "up", "job", "node", "instance", "b:2"), T0 - 10_000, 1);
    a.commit();
    Engine engine =
        new Engine(
            new EngineOptions(
                300_000, Duration.ofMinutes(2), 50_000_000, 60_000, false, false, clock));
    manager =
        new RuleManager(
            RuleManagerOptions.withDefaults(
                RuleQueryFunction.engine(engine, storage),
                storage,
                storage,
                alerts -> {},
                clock,
                Sleeper.REAL,
                new RuleMetrics(new PrometheusRegistry())));
    RuleConfig down =
        new RuleConfig(
            null,
            "InstanceDown",
            "up == 0",
            300_000,
            60_000,
            Labels.of("severity", "page"),
            Labels.of("summary", "{{ $labels.instance }} down"),
            0);
    RuleConfig never = new RuleConfig(null, "Never", "up > 5", 0, 0, Labels.EMPTY, Labels.EMPTY, 0);
    RuleConfig rec =
        new RuleConfig(
            "job:up:sum", null, "sum by(job)(up)", 0, 0, Labels.of("team", "a"), Labels.EMPTY, 0);
    manager.update(
        List.of(
            new RuleGroupConfig(
                "b-group", "/etc/rules/b.yml", 30_000, null, 5, Labels.EMPTY, List.of(rec)),
            new RuleGroupConfig(
                "a-group", "/etc/rules/a.yml", 0, null, 0, Labels.EMPTY, List.of(down, never))),
        60_000,
        0,
        Labels.EMPTY,
        null);
    for (RuleGroup g : manager.groups()) {
      g.restoreForState(T0);
      g.evaluate(T0);
    }
    api = new RulesApi(manager::groups, ZoneOffset.UTC);
  }

  private JsonNode get(boolean rules, String... params) throws IOException {
    WebResponse r = call(rules, params);
    assertThat(r.status()).isEqualTo(200);
    return JSON.readTree(body(r));
  }

  private WebResponse call(boolean rules, String... params) {
    Map<String, List<String>> p = new LinkedHashMap<>();
    for (int i = 0; i < params.length; i += 2) {
      p.computeIfAbsent(params[i], k -> new ArrayList<>()).add(params[i + 1]);
    }
    WebRequest req = new WebRequest("GET", rules ? "/api/v1/rules" : "/api/v1/alerts", p, Map.of());
    return rules ? api.rules(req) : api.alerts(req);
  }

  private static String body(WebResponse r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (r.body() != null) {
      r.body().writeTo(out);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void rules_listsGroupsByFileWithUpstreamMembers() throws IOException {
    JsonNode groups = get(true).path("data").path("groups");

    assertThat(groups).hasSize(2);
    JsonNode a = groups.get(0);
    assertThat(a.get("name").asText()).isEqualTo("a-group");
    assertThat(a.get("file").asText()).isEqualTo("/etc/rules/a.yml");
    assertThat(a.get("interval").toString()).isEqualTo("60");
    assertThat(a.get("limit").asInt()).isZero();
    assertThat(a.get("lastEvaluation").asText()).isEqualTo("2023-11-14T22:14:00Z");
    assertThat(a.get("evaluationTime").isNumber()).isTrue();
    JsonNode down = a.path("rules").get(0);
    assertThat(iterate(down.fieldNames()))
        .containsExactly(
            "state",
            "name",
            "query",
            "duration",
            "keepFiringFor",
            "labels",
            "annotations",
            "alerts",
            "health",
            "evaluationTime",
            "lastEvaluation",
            "type");
    assertThat(down.get("state").asText()).isEqualTo("pending");
    assertThat(down.get("query").asText()).isEqualTo("up == 0");
    assertThat(down.get("duration").toString()).isEqualTo("300");
    assertThat(down.get("keepFiringFor").toString()).isEqualTo("60");
    assertThat(down.get("labels").toString()).isEqualTo("{\"severity\":\"page\"}");
    assertThat(down.get("health").asText()).isEqualTo("ok");
    assertThat(down.get("type").asText()).isEqualTo("alerting");
    JsonNode alert = down.path("alerts").get(0);
    assertThat(alert.toString())
        .isEqualTo(
            "{\"labels\":{\"alertname\":\"InstanceDown\",\"instance\":\"a:1\",\"job\":\"api\",\"severity\":\"page\"},\"annotations\":{\"summary\":\"a:1"
                + " down\"},"
                + "\"state\":\"pending\",\"activeAt\":\"2023-11-14T22:14:00Z\",\"value\":\"0e+00\"}");
    assertThat(a.path("rules").get(1).get("state").asText()).isEqualTo("inactive");
    assertThat(a.path("rules").get(1).get("alerts").isArray()).isTrue();

    JsonNode rec = groups.get(1).path("rules").get(0);
    assertThat(groups.get(1).get("interval").toString()).isEqualTo("30");
    assertThat(groups.get(1).get("limit").asInt()).isEqualTo(5);
    assertThat(iterate(rec.fieldNames()))
        .containsExactly(
            "name", "query", "labels", "health", "evaluationTime", "lastEvaluation", "type");
    assertThat(rec.get("query").asText()).isEqualTo("sum by (job) (up)");
    assertThat(rec.get("type").asText()).isEqualTo("recording");
  }

  @Test
  void rules_filtersByTypeNameGroupFileAndMatchers() throws IOException {
    assertThat(names(get(true, "type", "record"))).containsExactly("job:up:sum");
    assertThat(names(get(true, "type", "ALERT"))).containsExactly("InstanceDown", "Never");
    assertThat(names(get(true, "rule_name[]", "Never", "rule_name[]", "job:up:sum")))
        .containsExactly("Never", "job:up:sum");
    assertThat(names(get(true, "rule_group[]", "b-group"))).containsExactly("job:up:sum");
    assertThat(names(get(true, "file[]", "/etc/rules/a.yml")))
        .containsExactly("InstanceDown", "Never");
    assertThat(names(get(true, "match[]", "{severity=\"page\"}"))).containsExactly("InstanceDown");
    assertThat(
            get(true, "type", "record", "file[]", "/etc/rules/a.yml").path("data").path("groups"))
        .as("groups left without rules are omitted")
        .isEmpty();
    assertThat(get(true, "exclude_alerts", "true").at("/data/groups/0/rules/0/alerts").isNull())
        .isTrue();
  }

  @Test
  void rules_paginatesWithGroupLimitAndToken() throws IOException {
    JsonNode first = get(true, "group_limit", "1").path("data");
    assertThat(first.path("groups")).hasSize(1);
    String token = first.get("groupNextToken").asText();
    assertThat(token).isEqualTo(RulesApi.nextToken("/etc/rules/b.yml", "b-group")).hasSize(64);

    JsonNode second = get(true, "group_limit", "1", "group_next_token", token).path("data");
    assertThat(second.path("groups").get(0).get("name").asText()).isEqualTo("b-group");
    assertThat(second.has("groupNextToken")).isFalse();
  }

  @Test
  void rules_badParameters_failAsUpstream() {
    assertError(
        () -> call(true, "type", "both"),
        "invalid parameter \"type\": not supported value \"both\"");
    assertError(
        () -> call(true, "exclude_alerts", "maybe"),
        "invalid parameter \"exclude_alerts\": error converting exclude_alerts: strconv.ParseBool:"
            + " parsing \"maybe\": invalid syntax");
    assertError(
        () -> call(true, "group_next_token", "abc"),
        "invalid parameter \"group_next_token\": group_limit needs to be present in order to"
            + " paginate over the groups");
    assertError(
        () -> call(true, "group_limit", "0"),
        "invalid parameter \"group_limit\": group_limit needs to be greater than 0");
    assertError(
        () -> call(true, "group_limit", "1", "group_next_token", "abc"),
        "invalid parameter \"group_next_token\": invalid group_next_token 'abc'. were rule groups"
            + " changed?");
  }

  private void assertError(Runnable call, String message) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.BAD_DATA))
        .hasMessage(message);
  }

  @Test
  void alerts_listsActiveAlerts() throws IOException {
    JsonNode alerts = get(false).path("data").path("alerts");

    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).path("labels").path("alertname").asText()).isEqualTo("InstanceDown");
    assertThat(alerts.get(0).get("value").asText()).isEqualTo("0e+00");
  }

  @Test
  void goExponent_formatsLikeStrconv() {
    assertThat(RulesApi.goExponent(1)).isEqualTo("1e+00");
    assertThat(RulesApi.goExponent(42.5)).isEqualTo("4.25e+01");
    assertThat(RulesApi.goExponent(-0.000123)).isEqualTo("-1.23e-04");
    assertThat(RulesApi.goExponent(1e100)).isEqualTo("1e+100");
    assertThat(RulesApi.goExponent(0)).isEqualTo("0e+00");
    assertThat(RulesApi.goExponent(Double.NaN)).isEqualTo("NaN");
    assertThat(RulesApi.goExponent(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
  }

  private static List<String> names(JsonNode answer) {
    List<String> out = new ArrayList<>();
    for (JsonNode g : answer.path("data").path("groups")) {
      for (JsonNode r : g.path("rules")) {
        out.add(r.get("name").asText());
      }
    }
    return out;
  }

  private static List<String> iterate(java.util.Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
