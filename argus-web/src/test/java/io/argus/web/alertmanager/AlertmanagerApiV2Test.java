package io.argus.web.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.alertmanager.alert.AlertMarker;
import io.argus.alertmanager.alert.AlertStore;
import io.argus.alertmanager.config.ConfigLoader;
import io.argus.alertmanager.silence.Silencer;
import io.argus.alertmanager.silence.Silences;
import io.argus.testkit.ManualClock;
import io.argus.web.WebRequest;
import io.argus.web.WebResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertmanagerApiV2Test {
  private static final Instant T0 = Instant.parse("2026-11-27T05:40:53.114Z");
  private static final String CONFIG =
      """
      route:
        receiver: default
        group_by: [alertname]
        routes:
          - matchers: ['severity="page"']
            receiver: pager
      receivers:
        - name: default
        - name: pager
      inhibit_rules:
        - source_matchers: ['severity="critical"']
          target_matchers: ['severity="warning"']
          equal: [alertname]
      """;
  /** What Alertmanager 0.25 serves as {@code config.original} for {@link #CONFIG}. */
  private static final String CONFIG_AS_SERVED =
      """
      global:
        resolve_timeout: 5m
        http_config:
          follow_redirects: true
          enable_http2: true
        smtp_hello: localhost
        smtp_require_tls: true
        pagerduty_url: https://events.pagerduty.com/v2/enqueue
        opsgenie_api_url: https://api.opsgenie.com/
        wechat_api_url: https://qyapi.weixin.qq.com/cgi-bin/
        victorops_api_url: https://alert.victorops.com/integrations/generic/20131114/alert/
        telegram_api_url: https://api.telegram.org
        webex_api_url: https://webexapis.com/v1/messages
      route:
        receiver: default
        group_by:
        - alertname
        continue: false
        routes:
        - receiver: pager
          matchers:
          - severity="page"
          continue: false
      inhibit_rules:
      - source_matchers:
        - severity="critical"
        target_matchers:
        - severity="warning"
        equal:
        - alertname
      receivers:
      - name: default
      - name: pager
      templates: []
      """;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ManualClock clock;
  private AlertStore store;
  private Silences silences;
  private AlertmanagerApiV2 api;

  @BeforeEach
  void setUp() throws Exception {
    clock = new ManualClock(T0.toEpochMilli());
    AlertMarker marker = new AlertMarker();
    store = new AlertStore(clock, marker, 0, null);
    silences = new Silences(clock, Duration.ofHours(120), null);
    Silencer silencer = new Silencer(silences, marker, clock);
    AtomicReference<AlertmanagerRuntime> runtime =
        new AtomicReference<>(AlertmanagerRuntime.of(ConfigLoader.load(CONFIG, ZoneOffset.UTC)));
    api =
        new AlertmanagerApiV2(
            clock,
            store,
            marker,
            silences,
            silencer,
            runtime::get,
            new VersionInfo("0.1.0", "abc", "main", "me", "20261127-05:00:00", "25"),
            T0.minusSeconds(60));
  }

  private record Reply(int status, String body) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }
  }

  private Reply call(String method, String path, String query, String body) throws Exception {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (!query.isEmpty()) {
      for (String kv : query.split("&")) {
        int eq = kv.indexOf('=');
        params
            .computeIfAbsent(kv.substring(0, eq), k -> new ArrayList<>())
            .add(kv.substring(eq + 1));
      }
    }
    WebResponse r =
        api.handle(
            new WebRequest(method, path, params, Map.of(), body.getBytes(StandardCharsets.UTF_8)));
    assertThat(r).as("handled " + path).isNotNull();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (r.body() != null) {
      r.body().writeTo(out);
    }
    return new Reply(r.status(), out.toString(StandardCharsets.UTF_8));
  }

  private void postThreeAlerts() throws Exception {
    Reply r =
        call(
            "POST",
            "/api/v2/alerts",
            "",
            """
            [{"labels":{"alertname":"A","severity":"warning"},"generatorURL":"http://x/y"},
             {"labels":{"alertname":"A","severity":"critical"}},
             {"labels":{"alertname":"B","severity":"page"},"annotations":{"s":"x"}}]
            """);
    assertThat(r.status()).isEqualTo(200);
  }

  @Test
  void postAlerts_invalidAlerts_storesValidOnesAndListsErrors() throws Exception {
    Reply r =
        call(
            "POST",
            "/api/v2/alerts",
            "",
            """
            [{"labels":{}},
             {"labels":{"a":"b"},"startsAt":"2026-01-02T00:00:00Z","endsAt":"2026-01-01T00:00:00Z"},
             {"labels":{"0a":"b"}},
             {"labels":{"alertname":"ok","empty":""}}]
            """);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body())
        .isEqualTo(
            "\"at least one label pair required; start time must be before end time;"
                + " invalid label set: invalid name \\\"0a\\\"\"\n");
    assertThat(store.list()).hasSize(1);
    assertThat(store.list().getFirst().labels().toString()).isEqualTo("{alertname=\"ok\"}");
  }

  @Test
  void postAlerts_missingLabelsOrBadJson_swaggerErrors() throws Exception {
    Reply missing = call("POST", "/api/v2/alerts", "", "[{\"annotations\":{\"a\":\"b\"}}]");
    assertThat(missing.status()).isEqualTo(422);
    assertThat(missing.body())
        .isEqualTo("{\"code\":602,\"message\":\"0.labels in body is required\"}");
    Reply bad = call("POST", "/api/v2/alerts", "", "{bad");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("code").asInt()).isEqualTo(400);
    assertThat(bad.json().get("message").asText())
        .startsWith("parsing alerts body from \"\" failed");
    assertThat(store.size()).isZero();
  }

  @Test
  void getAlerts_defaults_upstreamShapeSortedByFingerprint() throws Exception {
    postThreeAlerts();
    Reply r = call("GET", "/api/v2/alerts", "", "");
    assertThat(r.status()).isEqualTo(200);
    // Fingerprints, receivers and the inhibition as Debian's Alertmanager 0.25 answered them.
    assertThat(r.body())
        .isEqualTo(
            "[{\"annotations\":{\"s\":\"x\"},\"endsAt\":\"2026-11-27T05:45:53.114Z\","
                + "\"fingerprint\":\"23b442886f59ca94\",\"receivers\":[{\"name\":\"pager\"}],"
                + "\"startsAt\":\"2026-11-27T05:40:53.114Z\",\"status\":{\"inhibitedBy\":[],"
                + "\"silencedBy\":[],\"state\":\"active\"},"
                + "\"updatedAt\":\"2026-11-27T05:40:53.114Z\","
                + "\"labels\":{\"alertname\":\"B\",\"severity\":\"page\"}},"
                + "{\"annotations\":{},\"endsAt\":\"2026-11-27T05:45:53.114Z\","
                + "\"fingerprint\":\"25c2cdb12d31dc50\",\"receivers\":[{\"name\":\"default\"}],"
                + "\"startsAt\":\"2026-11-27T05:40:53.114Z\",\"status\":{\"inhibitedBy\":"
                + "[\"b807e636403824b5\"],\"silencedBy\":[],\"state\":\"suppressed\"},"
                + "\"updatedAt\":\"2026-11-27T05:40:53.114Z\",\"generatorURL\":\"http://x/y\","
                + "\"labels\":{\"alertname\":\"A\",\"severity\":\"warning\"}},"
                + "{\"annotations\":{},\"endsAt\":\"2026-11-27T05:45:53.114Z\","
                + "\"fingerprint\":\"b807e636403824b5\",\"receivers\":[{\"name\":\"default\"}],"
                + "\"startsAt\":\"2026-11-27T05:40:53.114Z\",\"status\":{\"inhibitedBy\":[],"
                + "\"silencedBy\":[],\"state\":\"active\"},"
                + "\"updatedAt\":\"2026-11-27T05:40:53.114Z\","
                + "\"labels\":{\"alertname\":\"A\",\"severity\":\"critical\"}}]\n");
  }

  private static List<String> fingerprints(JsonNode alerts) {
    List<String> out = new ArrayList<>();
    alerts.forEach(a -> out.add(a.get("fingerprint").asText()));
    return out;
  }

  @Test
  void getAlerts_filters_selectByStateLabelsAndReceiver() throws Exception {
    postThreeAlerts();
    assertThat(fingerprints(call("GET", "/api/v2/alerts", "inhibited=false", "").json()))
        .containsExactly("23b442886f59ca94", "b807e636403824b5");
    assertThat(fingerprints(call("GET", "/api/v2/alerts", "active=maybe", "").json()))
        .containsExactly("25c2cdb12d31dc50");
    assertThat(
            fingerprints(
                call("GET", "/api/v2/alerts", "filter=alertname=\"A\"&filter=severity=~\"w.*\"", "")
                    .json()))
        .containsExactly("25c2cdb12d31dc50");
    assertThat(fingerprints(call("GET", "/api/v2/alerts", "receiver=pag.*", "").json()))
        .containsExactly("23b442886f59ca94");
    Reply bad = call("GET", "/api/v2/alerts", "filter={", "");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).isEqualTo("\"bad matcher format: {\"\n");
    Reply badReceiver = call("GET", "/api/v2/alerts", "receiver=(", "");
    assertThat(badReceiver.status()).isEqualTo(400);
    assertThat(badReceiver.json().asText()).startsWith("failed to parse receiver param: ");
  }

  @Test
  void getAlerts_resolvedAlert_leftOut() throws Exception {
    postThreeAlerts();
    clock.advanceMillis(Duration.ofMinutes(6).toMillis());
    assertThat(call("GET", "/api/v2/alerts", "", "").json()).isEmpty();
  }

  @Test
  void getAlertGroups_groupedByRouteAndLabels_sorted() throws Exception {
    postThreeAlerts();
    JsonNode groups = call("GET", "/api/v2/alerts/groups", "", "").json();
    assertThat(groups).hasSize(2);
    assertThat(groups.get(0).get("labels").toString()).isEqualTo("{\"alertname\":\"A\"}");
    assertThat(groups.get(0).get("receiver").get("name").asText()).isEqualTo("default");
    assertThat(fingerprints(groups.get(0).get("alerts")))
        .containsExactly("b807e636403824b5", "25c2cdb12d31dc50");
    assertThat(groups.get(1).get("labels").toString()).isEqualTo("{\"alertname\":\"B\"}");
    assertThat(groups.get(1).get("receiver").get("name").asText()).isEqualTo("pager");
    JsonNode notInhibited = call("GET", "/api/v2/alerts/groups", "inhibited=false", "").json();
    assertThat(fingerprints(notInhibited.get(0).get("alerts"))).containsExactly("b807e636403824b5");
  }

  private String postSilence(String matcherName, String value, String ends) throws Exception {
    Reply r =
        call(
            "POST",
            "/api/v2/silences",
            "",
            """
            {"matchers":[{"name":"%s","value":"%s","isRegex":false}],
             "startsAt":"2026-01-01T00:00:00Z","endsAt":"%s","createdBy":"me","comment":"c"}
            """
                .formatted(matcherName, value, ends));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("silenceID").asText();
  }

  @Test
  void silences_createListGetExpire() throws Exception {
    postThreeAlerts();
    String id = postSilence("alertname", "B", "2030-01-01T00:00:00Z");
    JsonNode alertB = call("GET", "/api/v2/alerts", "filter=alertname=B", "").json().get(0);
    assertThat(alertB.get("status").toString())
        .isEqualTo("{\"inhibitedBy\":[],\"silencedBy\":[\"" + id + "\"],\"state\":\"suppressed\"}");
    JsonNode got = call("GET", "/api/v2/silence/" + id, "", "").json();
    assertThat(got.toString())
        .isEqualTo(
            "{\"id\":\""
                + id
                + "\",\"status\":{\"state\":\"active\"},"
                + "\"updatedAt\":\"2026-11-27T05:40:53.114Z\","
                + "\"comment\":\"c\",\"createdBy\":\"me\","
                + "\"endsAt\":\"2030-01-01T00:00:00.000Z\",\"matchers\":[{\"isEqual\":true,"
                + "\"isRegex\":false,\"name\":\"alertname\",\"value\":\"B\"}],"
                + "\"startsAt\":\"2026-11-27T05:40:53.114Z\"}");
    String other = postSilence("job", "x", "2029-01-01T00:00:00Z");
    assertThat(call("GET", "/api/v2/silences", "filter=alertname=B", "").json()).hasSize(1);
    JsonNode all = call("GET", "/api/v2/silences", "", "").json();
    assertThat(all.get(0).get("id").asText()).isEqualTo(other);
    assertThat(call("DELETE", "/api/v2/silence/" + id, "", "").status()).isEqualTo(200);
    clock.advanceMillis(1);
    assertThat(
            call("GET", "/api/v2/silence/" + id, "", "").json().get("status").get("state").asText())
        .isEqualTo("expired");
    assertThat(call("GET", "/api/v2/silences", "", "").json().get(1).get("id").asText())
        .isEqualTo(id);
    assertThat(call("GET", "/api/v2/alerts", "silenced=false&filter=alertname=B", "").json())
        .hasSize(1);
  }

  @Test
  void silences_invalid_upstreamErrors() throws Exception {
    String base = "\"startsAt\":\"2026-01-01T00:00:00Z\",\"endsAt\":\"2030-01-01T00:00:00Z\"";
    Reply empty =
        call(
            "POST",
            "/api/v2/silences",
            "",
            "{\"matchers\":[]," + base + ",\"createdBy\":\"me\",\"comment\":\"c\"}");
    assertThat(empty.body())
        .isEqualTo("{\"code\":612,\"message\":\"matchers in body should have at least 1 items\"}");
    Reply noComment =
        call(
            "POST",
            "/api/v2/silences",
            "",
            "{\"matchers\":[{\"name\":\"a\",\"value\":\"b\",\"isRegex\":false}],"
                + base
                + ",\"createdBy\":\"me\"}");
    assertThat(noComment.status()).isEqualTo(422);
    assertThat(noComment.json().get("message").asText()).isEqualTo("comment in body is required");
    Reply matchesEmpty =
        call(
            "POST",
            "/api/v2/silences",
            "",
            "{\"matchers\":[{\"name\":\"a\",\"value\":\"\",\"isRegex\":false}],"
                + base
                + ",\"createdBy\":\"me\",\"comment\":\"c\"}");
    assertThat(matchesEmpty.status()).isEqualTo(400);
    assertThat(matchesEmpty.json().asText())
        .isEqualTo("silence invalid: at least one matcher must not match the empty string");
    Reply unknown =
        call(
            "POST",
            "/api/v2/silences",
            "",
            "{\"id\":\"nope\",\"matchers\":[{\"name\":\"a\",\"value\":\"b\",\"isRegex\":false}],"
                + base
                + ",\"createdBy\":\"me\",\"comment\":\"c\"}");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().asText()).isEqualTo("silence not found");
    Reply reversed =
        call(
            "POST",
            "/api/v2/silences",
            "",
            "{\"matchers\":[{\"name\":\"a\",\"value\":\"b\",\"isRegex\":false}],"
                + "\"startsAt\":\"2030-01-01T00:00:00Z\",\"endsAt\":\"2026-01-01T00:00:00Z\","
                + "\"createdBy\":\"me\",\"comment\":\"c\"}");
    assertThat(reversed.json().asText())
        .isEqualTo("Failed to create silence: start time must be before end time");
    Reply badId = call("GET", "/api/v2/silence/nope", "", "");
    assertThat(badId.body())
        .isEqualTo(
            "{\"code\":601,\"message\":\"silenceID in path must be of type uuid: \\\"nope\\\"\"}");
    assertThat(call("GET", "/api/v2/silence/0f0f0f0f-0f0f-0f0f-0f0f-0f0f0f0f0f0f", "", "").status())
        .isEqualTo(404);
    assertThat(silences.size()).isZero();
  }

  @Test
  void statusAndReceivers_fromConfig() throws Exception {
    JsonNode status = call("GET", "/api/v2/status", "", "").json();
    assertThat(status.get("cluster").toString())
        .isEqualTo("{\"peers\":[],\"status\":\"disabled\"}");
    assertThat(status.get("config").get("original").asText()).isEqualTo(CONFIG_AS_SERVED);
    assertThat(status.get("uptime").asText()).isEqualTo("2026-11-27T05:39:53.114Z");
    assertThat(status.get("versionInfo").get("version").asText()).isEqualTo("0.1.0");
    assertThat(call("GET", "/api/v2/receivers", "", "").body())
        .isEqualTo("[{\"name\":\"default\"},{\"name\":\"pager\"}]\n");
  }

  @Test
  void routing_unknownPathsMethodsAndV1() throws Exception {
    Reply unknown = call("GET", "/api/v2/foo", "", "");
    assertThat(unknown.body())
        .isEqualTo("{\"code\":404,\"message\":\"path /api/v2/foo was not found\"}");
    Reply put = call("PUT", "/api/v2/alerts", "", "");
    assertThat(put.status()).isEqualTo(405);
    assertThat(call("GET", "/api/v1/alerts", "", "").status()).isEqualTo(410);
    assertThat(api.handle(new WebRequest("GET", "/metrics", Map.of(), Map.of()))).isNull();
  }
}
