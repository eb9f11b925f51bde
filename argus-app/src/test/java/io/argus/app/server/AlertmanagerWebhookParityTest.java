package io.argus.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.app.testing.ExternalProcess;
import io.argus.testkit.Await;
import io.argus.testkit.LoopbackPorts;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 6, acceptance 1: Debian's {@code prometheus-alertmanager} (0.25) receives the same
 * webhook payloads from {@code argus server} as from Debian's {@code prometheus} (2.42) running
 * the same rule file over the same target.
 *
 * <p>Two Alertmanagers run side by side (no cluster, one each, so that neither deduplicates the
 * other's alerts); each posts to its own path of a webhook sink in this test. Argus (in-process)
 * and Prometheus scrape one static target served here, evaluate the same rule file every second
 * and differ only in their {@code replica} external label, which {@code alert_relabel_configs}
 * drops. The target first serves two series that fire {@code E2EValueHigh}; then one of them
 * drops to 0, so its {@code E2EValueHigh} resolves and {@code E2EValueZero} fires. The
 * Alertmanagers group by {@code alertname} and {@code kind}, so each notification carries one
 * alert and the four expected notifications (two firing, one resolved, one firing) do not depend
 * on when each side's evaluations happen to fall.
 *
 * <p>Normalisation, kept narrow: only {@code startsAt}/{@code endsAt} of each alert are replaced
 * by a marker, and only when they are not Go's zero time (a firing alert's {@code endsAt} is
 * compared as is). They are the instants at which each side evaluated, which no two processes
 * share. Nothing else is rewritten: both servers are given the same {@code --web.external-url}
 * and both Alertmanagers the same one, so {@code generatorURL} and {@code externalURL} must match
 * exactly; the target is the same, so {@code instance} and with it the {@code fingerprint}
 * (a hash of the labels) and the {@code groupKey} (route and group labels) must match too. The
 * notifications are compared as sorted lists, because the two sides' groups flush independently.
 */
class AlertmanagerWebhookParityTest {
  private static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final BuildInfo BUILD =
      new BuildInfo("1.2.3", "abc123", "main", "20260101-00:00:00", "25", "linux/amd64");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SERVER_URL = "http://monitor.example:9090";
  private static final String ALERTMANAGER_URL = "http://alertmanager.example:9093";
  private static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";

  private static final String RULES =
      """
      groups:
        - name: e2e
          interval: 1s
          rules:
            - alert: E2EValueHigh
              expr: e2e_value > 0
              for: 2s
              labels:
                severity: page
                team: '{{ $labels.job }}-owners'
              annotations:
                summary: '{{ $labels.instance }} {{ $labels.kind }} is {{ $value }}'
                description: >-
                  {{ humanize $value }} in {{ $externalLabels.cluster }},
                  see {{ $externalURL }}/alerts
            - alert: E2EValueZero
              expr: e2e_value == 0
              labels:
                severity: info
              annotations:
                summary: '{{ $labels.kind }} dropped to {{ printf "%.1f" $value }}'
      """;

  private static final String HIGH =
      """
      # TYPE e2e_value gauge
      e2e_value{kind="a"} 1500
      e2e_value{kind="b"} 2.5
      """;

  private static final String ONE_ZERO =
      """
      # TYPE e2e_value gauge
      e2e_value{kind="a"} 1500
      e2e_value{kind="b"} 0
      """;

  private static final Duration WAIT = Duration.ofSeconds(40);

  @TempDir Path tmp;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final AtomicReference<String> exposition = new AtomicReference<>(HIGH);
  private final List<JsonNode> fromArgus = new CopyOnWriteArrayList<>();
  private final List<JsonNode> fromPrometheus = new CopyOnWriteArrayList<>();
  private final List<ExternalProcess> processes = new ArrayList<>();
  private HttpServer target;
  private HttpServer sink;
  private ArgusServer argus;

  @AfterEach
  void stop() throws Exception {
    if (argus != null) {
      argus.close();
    }
    for (ExternalProcess p : processes) {
      p.close(); // kills the process this test started, by its handle (PID)
    }
    if (target != null) {
      target.stop(0);
    }
    if (sink != null) {
      sink.stop(0);
    }
    http.close();
  }

  private static HttpServer loopbackServer() throws Exception {
    return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
  }

  private void startTargetAndSink() throws Exception {
    target = loopbackServer();
    target.createContext(
        "/metrics",
        exchange -> {
          byte[] body = exposition.get().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    target.start();
    sink = loopbackServer();
    sink.createContext("/argus", exchange -> receive(exchange, fromArgus));
    sink.createContext("/prometheus", exchange -> receive(exchange, fromPrometheus));
    sink.start();
  }

  private static void receive(HttpExchange exchange, List<JsonNode> into) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      into.add(JSON.readTree(in.readAllBytes()));
    }
    exchange.sendResponseHeaders(200, -1);
    exchange.close();
  }

  /** Starts an Alertmanager whose only receiver posts to {@code path} of the sink. */
  private int startAlertmanager(String name, String path) throws Exception {
    int port = LoopbackPorts.freePort();
    Path dir = Files.createDirectories(tmp.resolve(name));
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(
        config,
        """
        route:
          receiver: hook
          group_by: [alertname, kind]
          group_wait: 1s
          group_interval: 1s
          repeat_interval: 1h
        receivers:
          - name: hook
            webhook_configs:
              - url: http://127.0.0.1:%d%s
                send_resolved: true
        """
            .formatted(sink.getAddress().getPort(), path));
    processes.add(
        ExternalProcess.start(
            List.of(
                ALERTMANAGER.toString(),
                "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--web.external-url=" + ALERTMANAGER_URL,
                "--cluster.listen-address="),
            dir,
            60));
    return port;
  }

  /** The {@code prometheus.yml} both servers load, apart from replica and Alertmanager. */
  private Path serverConfig(String name, String replica, int alertmanagerPort) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.writeString(dir.resolve("e2e.rules.yml"), RULES);
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
          external_labels:
            cluster: c1
            replica: %s
        rule_files: [e2e.rules.yml]
        alerting:
          alert_relabel_configs:
            - action: labeldrop
              regex: replica
          alertmanagers:
            - static_configs:
                - targets: ["127.0.0.1:%d"]
        scrape_configs:
          - job_name: app
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """
            .formatted(replica, alertmanagerPort, target.getAddress().getPort()));
    return config;
  }

  private boolean ready(int port) {
    try {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready")).build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (Exception e) {
      return false; // not listening yet
    }
  }

  private String logs() {
    StringBuilder all = new StringBuilder();
    for (ExternalProcess p : processes) {
      all.append(p.output()).append('\n');
    }
    return all.toString();
  }

  /** What both sides sent so far and the processes' logs, for a timed-out wait. */
  private String diagnostics() {
    return "argus: " + fromArgus + "\nprometheus: " + fromPrometheus + "\nlogs:\n" + logs();
  }

  private static long count(List<JsonNode> payloads, String status) {
    return payloads.stream().filter(p -> p.get("status").asText().equals(status)).count();
  }

  /** The payload with the alerts' non-zero times replaced; everything else as received. */
  private static String normalised(JsonNode payload) {
    JsonNode copy = payload.deepCopy();
    for (JsonNode alert : copy.get("alerts")) {
      for (String field : List.of("startsAt", "endsAt")) {
        if (!alert.get(field).asText().equals(GO_ZERO_TIME)) {
          ((ObjectNode) alert).put(field, "<time>");
        }
      }
    }
    return copy.toPrettyString();
  }

  private static List<String> normalised(List<JsonNode> payloads) {
    return payloads.stream().map(AlertmanagerWebhookParityTest::normalised).sorted().toList();
  }

  @Test
  void webhookPayloads_argusAndPrometheus_equalApartFromTimes() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(ALERTMANAGER) && Files.isExecutable(PROMETHEUS),
        "prometheus-alertmanager or prometheus not installed in /usr/bin; skipping");
    startTargetAndSink();
    int amForArgus = startAlertmanager("am-argus", "/argus");
    int amForPrometheus = startAlertmanager("am-prometheus", "/prometheus");
    Await.until(
        "both alertmanagers are ready",
        WAIT,
        () -> ready(amForArgus) && ready(amForPrometheus),
        this::diagnostics);

    int prometheusPort = LoopbackPorts.freePort();
    Path prometheusConfig = serverConfig("prometheus", "b", amForPrometheus);
    processes.add(
        ExternalProcess.start(
            List.of(
                PROMETHEUS.toString(),
                "--config.file=" + prometheusConfig,
                "--storage.tsdb.path=" + tmp.resolve("prometheus/data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort,
                "--web.external-url=" + SERVER_URL),
            prometheusConfig.getParent(),
            60));
    Path argusConfig = serverConfig("argus", "a", amForArgus);
    argus =
        ArgusServer.start(
            new ServerSettings(
                new StorageOptions(tmp.resolve("argus/data"), 15 * 86_400_000L, 0),
                new ListenAddress("127.0.0.1", 0),
                argusConfig,
                false,
                50,
                false,
                QuerySettings.DEFAULT,
                Map.of(),
                URI.create(SERVER_URL))
                .withNotificationQueueCapacity(500),
            TsdbServerStorage.factory(FileOps.defaults()),
            BUILD,
            Clock.SYSTEM);

    Await.until(
        "both E2EValueHigh alerts are notified from both sides",
        WAIT,
        () -> count(fromArgus, "firing") >= 2 && count(fromPrometheus, "firing") >= 2,
        this::diagnostics);
    exposition.set(ONE_ZERO);
    Await.until(
        "E2EValueHigh{kind=b} resolves and E2EValueZero fires on both sides",
        WAIT,
        () ->
            count(fromArgus, "resolved") >= 1
                && count(fromPrometheus, "resolved") >= 1
                && count(fromArgus, "firing") >= 3
                && count(fromPrometheus, "firing") >= 3,
        this::diagnostics);

    List<String> argusPayloads = normalised(fromArgus);
    assertThat(argusPayloads).isEqualTo(normalised(fromPrometheus));
    assertThat(argusPayloads).hasSize(4);

    JsonNode resolved =
        fromArgus.stream()
            .filter(p -> p.get("status").asText().equals("resolved"))
            .findFirst()
            .orElseThrow();
    JsonNode alert = resolved.get("alerts").get(0);
    String instance = "127.0.0.1:" + target.getAddress().getPort();
    assertThat(alert.get("labels").toString())
        .isEqualTo(
            "{\"alertname\":\"E2EValueHigh\",\"cluster\":\"c1\",\"instance\":\""
                + instance
                + "\",\"job\":\"app\",\"kind\":\"b\",\"severity\":\"page\","
                + "\"team\":\"app-owners\"}");
    assertThat(alert.get("annotations").get("summary").asText())
        .isEqualTo(instance + " b is 2.5");
    assertThat(alert.get("annotations").get("description").asText())
        .isEqualTo("2.5 in c1, see " + SERVER_URL + "/alerts");
    assertThat(alert.get("endsAt").asText()).isNotEqualTo(GO_ZERO_TIME);
    assertThat(alert.get("generatorURL").asText())
        .isEqualTo(SERVER_URL + "/graph?g0.expr=e2e_value+%3E+0&g0.tab=1");
    assertThat(resolved.get("externalURL").asText()).isEqualTo(ALERTMANAGER_URL);
    assertThat(String.join("\n", argusPayloads))
        .doesNotContain("replica")
        .contains("\"summary\" : \"" + instance + " a is 1500\"")
        .contains("\"description\" : \"1.5k in c1, see " + SERVER_URL + "/alerts\"")
        .contains("\"summary\" : \"b dropped to 0.0\"");
  }
}
