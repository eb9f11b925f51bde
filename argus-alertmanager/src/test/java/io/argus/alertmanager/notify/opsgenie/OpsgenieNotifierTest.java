package io.argus.alertmanager.notify.opsgenie;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.config.AlertmanagerConfig;
import io.argus.alertmanager.config.ConfigLoader;
import io.argus.alertmanager.config.NotifierConfig;
import io.argus.alertmanager.notify.HttpClients;
import io.argus.alertmanager.notify.NotificationContext;
import io.argus.alertmanager.notify.NotificationData;
import io.argus.alertmanager.notify.NotificationTemplates;
import io.argus.alertmanager.notify.TemplateExpander;
import io.argus.model.labels.Labels;
import io.argus.scrape.httpclient.ConfiguredHttpClient;
import io.argus.util.Clock;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The Opsgenie requests for a firing and then resolved group equal those recorded from Debian's
 * Alertmanager 0.25 ({@code notify/upstream-0.25/opsgenie.jsonl}, made with {@code
 * recording-opsgenie.yml}): method, path and query, {@code Authorization} and the JSON bodies with
 * their field order.
 */
class OpsgenieNotifierTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DIR = "/notify/upstream-0.25/";
  private static final String GROUP_KEY = "{}:{alertname=\"DiskFull\"}";

  private static String resource(String name) throws Exception {
    try (InputStream in = OpsgenieNotifierTest.class.getResourceAsStream(DIR + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Alert alert(
      String instance, Map<String, String> annotations, Instant endsAt, String url) {
    return new Alert(
        Labels.of(
            "alertname",
            "DiskFull",
            "instance",
            instance,
            "severity",
            "critical",
            "team",
            "storage"),
        annotations,
        Instant.parse("2026-11-27T05:50:00Z"),
        endsAt,
        url,
        Instant.parse("2026-11-27T08:33:29Z"),
        false);
  }

  private static List<Alert> alerts(Instant endsAt) {
    return List.of(
        alert(
            "a:9100",
            Map.of("summary", "disk full", "description", "only 1% left"),
            endsAt,
            "http://127.0.0.1/graph"),
        alert("b:9100", Map.of("summary", "disk full"), endsAt, ""));
  }

  /** Field names of every object in {@code n}, depth first, to compare the order. */
  private static List<String> fieldOrder(JsonNode n) {
    List<String> out = new ArrayList<>();
    if (n.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.add(e.getKey());
        out.addAll(fieldOrder(e.getValue()));
      }
    } else if (n.isArray()) {
      n.forEach(x -> out.addAll(fieldOrder(x)));
    }
    return out;
  }

  @Test
  void send_firingThenResolved_requestsEqualUpstreamRecording() throws Exception {
    List<JsonNode> got = new CopyOnWriteArrayList<>();
    HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sink.createContext(
        "/",
        ex -> {
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          var n = JSON.createObjectNode();
          n.put("method", ex.getRequestMethod());
          n.put(
              "path",
              ex.getRequestURI().getRawPath()
                  + (ex.getRequestURI().getRawQuery() == null
                      ? ""
                      : "?" + ex.getRequestURI().getRawQuery()));
          n.put("authorization", ex.getRequestHeaders().getFirst("Authorization"));
          n.set("body", JSON.readTree(body));
          got.add(n);
          ex.sendResponseHeaders(202, -1);
          ex.close();
        });
    sink.start();
    try {
      String yaml =
          resource("recording-opsgenie.yml")
              .replace(
                  "http://127.0.0.1:18788/",
                  "http://127.0.0.1:" + sink.getAddress().getPort() + "/");
      AlertmanagerConfig config = ConfigLoader.load(yaml, ZoneOffset.UTC);
      var og = (NotifierConfig.OpsGenie) config.receivers().getFirst().integrations().getFirst();
      try (ConfiguredHttpClient client = HttpClients.create(og.httpConfig(), Clock.SYSTEM)) {
        OpsgenieNotifier notifier =
            new OpsgenieNotifier(
                og, client, NotificationTemplates.defaults(), "http://127.0.0.1:19394");
        Instant firingAt = Instant.parse("2026-11-27T08:33:30Z");
        notifier.send(context(firingAt), alerts(Alert.ZERO));
        Instant resolvedAt = Instant.parse("2026-11-27T08:33:36Z");
        notifier.send(context(resolvedAt), alerts(Instant.parse("2026-11-27T05:55:00Z")));
      }
    } finally {
      sink.stop(0);
    }
    List<JsonNode> recorded = new ArrayList<>();
    for (String line : resource("opsgenie.jsonl").lines().filter(l -> !l.isBlank()).toList()) {
      recorded.add(JSON.readTree(line));
    }
    assertThat(got).hasSize(4);
    assertThat(got).isEqualTo(recorded);
    for (int i = 0; i < got.size(); i++) {
      assertThat(fieldOrder(got.get(i))).isEqualTo(fieldOrder(recorded.get(i)));
    }
  }

  private static NotificationContext context(Instant now) {
    return new NotificationContext(
        "og",
        GROUP_KEY,
        Labels.of("alertname", "DiskFull"),
        now,
        4 * 3_600_000L,
        now.toEpochMilli() + 10_000,
        List.of(),
        List.of());
  }

  @Test
  void requests_firingAndResolved_describeBothAsUpstream() throws Exception {
    String yaml = resource("recording-opsgenie.yml");
    var og =
        (NotifierConfig.OpsGenie)
            ConfigLoader.load(yaml, ZoneOffset.UTC)
                .receivers()
                .getFirst()
                .integrations()
                .getFirst();
    Instant now = Instant.parse("2026-11-27T08:33:36Z");
    List<Alert> mixed =
        List.of(alerts(Alert.ZERO).get(0), alerts(Instant.parse("2026-11-27T05:55:00Z")).get(1));
    NotificationData data =
        NotificationData.of(
            "og", Labels.of("alertname", "DiskFull"), mixed, now, "http://127.0.0.1:19394");
    TemplateExpander t = new TemplateExpander(NotificationTemplates.defaults(), data);
    List<OpsgenieNotifier.Request> requests = OpsgenieNotifier.requests(og, GROUP_KEY, data, t);
    t.check();
    assertThat(requests)
        .extracting(OpsgenieNotifier.Request::method)
        .containsExactly("POST", "PUT", "PUT");
    // Recorded from Debian's 0.25 (update_alerts: PUT …/description) for the same group.
    String recorded =
        "disk full\nAlerts Firing:\nLabels:\n - alertname = DiskFull\n - instance = a:9100\n"
            + " - severity = critical\n - team = storage\nAnnotations:\n - description = only"
            + " 1% left\n - summary = disk full\nSource: http://127.0.0.1/graph\n\nAlerts"
            + " Resolved:\nLabels:\n - alertname = DiskFull\n - instance = b:9100\n - severity"
            + " = critical\n - team = storage\nAnnotations:\n - summary = disk full\nSource: \n";
    JsonNode description =
        JSON.readTree(new String(requests.get(2).body(), StandardCharsets.UTF_8));
    assertThat(description.get("description").asText()).isEqualTo(recorded);
  }

  @Test
  void truncate_cutsAt130RunesWithAnEllipsis() {
    String long131 = "é".repeat(131);
    String cut = OpsgenieNotifier.truncate(long131);
    assertThat(cut.codePointCount(0, cut.length())).isEqualTo(130);
    assertThat(cut).endsWith("é…");
    assertThat(OpsgenieNotifier.truncate("é".repeat(130))).isEqualTo("é".repeat(130));
  }

  @Test
  void splitNonEmpty_keepsInnerSpaces() {
    assertThat(OpsgenieNotifier.splitNonEmpty(" a, b,,c ")).containsExactly("a", " b", "c");
    assertThat(OpsgenieNotifier.splitNonEmpty("  ")).isEmpty();
  }
}
