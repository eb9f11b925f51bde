package io.argus.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.testkit.Await;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code argus server} with {@code rule_files}: the rule manager evaluates them, writes the
 * results, sends the alerts through the notifier, serves {@code /api/v1/rules} and {@code
 * /api/v1/alerts}, and follows reloads (keeping the old rules when a file is bad).
 */
class ArgusServerRulesTest {
  private static final BuildInfo BUILD =
      new BuildInfo("1.2.3", "abc123", "main", "20260101-00:00:00", "25", "linux/amd64");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private HttpServer sink;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private ArgusServer server;

  @BeforeEach
  void startSink() throws Exception {
    sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    sink.createContext(
        "/",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            for (JsonNode alert : JSON.readTree(in.readAllBytes())) {
              received.add(alert);
            }
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    sink.start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    sink.stop(0);
    http.close();
  }

  private static String rules(String recordName) {
    return """
           groups:
             - name: g
               interval: 1s
               rules:
                 - record: %s
                   expr: vector(1)
                 - alert: AlwaysOn
                   expr: vector(1) > 0
                   labels: {severity: page}
                   annotations: {summary: "value {{ $value }}"}
           """
        .formatted(recordName);
  }

  private JsonNode api(String pathAndQuery) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(server.baseUri().resolve(pathAndQuery)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).get("data");
  }

  private List<String> ruleNamesWithHealth(String health) {
    try {
      return api("/api/v1/rules").findValues("rules").getFirst().findParents("health").stream()
          .filter(r -> r.get("health").asText().equals(health))
          .map(r -> r.get("name").asText())
          .toList();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void server_ruleFiles_evaluatedServedSentAndReloaded() throws Exception {
    Path rulesFile = tmp.resolve("rules.yml");
    Files.writeString(rulesFile, rules("argus:one"));
    Path config = tmp.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        rule_files: [rules.yml]
        alerting:
          alertmanagers:
            - static_configs:
                - targets: ["127.0.0.1:%d"]
        """
            .formatted(sink.getAddress().getPort()));
    ServerSettings settings =
        new ServerSettings(
            new StorageOptions(tmp.resolve("data"), 15 * 86_400_000L, 0),
            new ListenAddress("127.0.0.1", 0),
            config,
            false,
            50,
            false,
            QuerySettings.DEFAULT,
            Map.of(),
            null)
        .withNotificationQueueCapacity(500);
    server =
        ArgusServer.start(
            settings, TsdbServerStorage.factory(FileOps.defaults()), BUILD, Clock.SYSTEM);

    Await.until(
        "both rules evaluated",
        Duration.ofSeconds(30),
        () -> ruleNamesWithHealth("ok").containsAll(List.of("argus:one", "AlwaysOn")));
    JsonNode group = api("/api/v1/rules").get("groups").get(0);
    assertThat(group.get("file").asText()).isEqualTo(rulesFile.toString());
    assertThat(group.get("interval").asInt()).isEqualTo(1);
    JsonNode alerts = api("/api/v1/alerts").get("alerts");
    assertThat(alerts).hasSize(1);
    assertThat(alerts.get(0).get("state").asText()).isEqualTo("firing");
    assertThat(alerts.get(0).get("annotations").get("summary").asText()).isEqualTo("value 1");
    Await.until(
        "the alert reaches the alertmanager",
        Duration.ofSeconds(30),
        () -> !received.isEmpty());
    assertThat(received.get(0).get("labels").toString())
        .isEqualTo("{\"alertname\":\"AlwaysOn\",\"severity\":\"page\"}");
    assertThat(received.get(0).get("generatorURL").asText())
        .endsWith("/graph?g0.expr=vector%281%29+%3E+0&g0.tab=1");
    String query = URLEncoder.encode("argus:one", StandardCharsets.UTF_8);
    Await.until(
        "the recorded series is queryable",
        Duration.ofSeconds(30),
        () -> {
          try {
            return api("/api/v1/query?query=" + query).get("result").size() == 1;
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });

    Files.writeString(rulesFile, rules("argus:two"));
    server.reload();
    Await.until(
        "the renamed rule runs",
        Duration.ofSeconds(30),
        () -> ruleNamesWithHealth("ok").contains("argus:two"));

    Files.writeString(rulesFile, "groups:\n  - name: g\n    rules:\n      - record: x\n");
    assertThatThrownBy(() -> server.reload())
        .isInstanceOf(ConfigLoadException.class)
        .cause()
        .hasMessage("error loading rules, previous rule set restored");
    assertThat(ruleNamesWithHealth("ok")).contains("argus:two", "AlwaysOn");
  }

  private ServerSettings settings(Path config, RuleSettings rules) {
    return new ServerSettings(
        new StorageOptions(tmp.resolve("data"), 15 * 86_400_000L, 0),
        new ListenAddress("127.0.0.1", 0),
        config,
        false,
        50,
        false,
        QuerySettings.DEFAULT,
        Map.of(),
        null)
        .withNotificationQueueCapacity(500)
        .withRules(rules);
  }

  private String alertState() {
    try {
      JsonNode alerts = api("/api/v1/alerts").get("alerts");
      return alerts.isEmpty() ? "" : alerts.get(0).get("state").asText();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void restart_firingAlertFiresAgainWithoutPendingSamples() throws Exception {
    Files.writeString(
        tmp.resolve("rules.yml"),
        """
        groups:
          - name: g
            interval: 1s
            rules:
              - alert: Held
                expr: vector(1)
                for: 3s
        """);
    Path config = tmp.resolve("prometheus.yml");
    Files.writeString(config, "rule_files: [rules.yml]\n");
    // A grace period shorter than `for`, so that the alert's state is restored.
    RuleSettings rules = new RuleSettings(3_600_000, 1_000, 60_000);
    server =
        ArgusServer.start(
            settings(config, rules),
            TsdbServerStorage.factory(FileOps.defaults()),
            BUILD,
            Clock.SYSTEM);
    Await.until("the alert fires", Duration.ofSeconds(30), () -> alertState().equals("firing"));
    server.close();
    long restartedAt = Clock.SYSTEM.millis();

    server =
        ArgusServer.start(
            settings(config, rules),
            TsdbServerStorage.factory(FileOps.defaults()),
            BUILD,
            Clock.SYSTEM);
    String since = String.valueOf(restartedAt / 1000.0);
    String firingQuery =
        URLEncoder.encode("ALERTS{alertstate=\"firing\"}[1m]", StandardCharsets.UTF_8);
    Await.until(
        "ALERTS is written again after the restore",
        Duration.ofSeconds(30),
        () -> {
          try {
            JsonNode values = api("/api/v1/query?query=" + firingQuery).at("/result/0/values");
            return values.size() > 0
                && values.get(values.size() - 1).get(0).asDouble() > restartedAt / 1000.0;
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
    String pendingQuery =
        URLEncoder.encode("ALERTS{alertstate=\"pending\"}[1m]", StandardCharsets.UTF_8);
    JsonNode pending = api("/api/v1/query?query=" + pendingQuery).at("/result/0/values");
    for (JsonNode point : pending) {
      assertThat(point.get(0).asDouble())
          .as("no pending sample after the restart at %s", since)
          .isLessThan(restartedAt / 1000.0);
    }
    JsonNode forState = api("/api/v1/query?query=ALERTS_FOR_STATE").at("/result/0/value");
    assertThat(forState.get(1).asDouble() * 1000)
        .as("the activation time from before the restart")
        .isLessThan(restartedAt - 3_000);
  }
}
