package io.argus.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.model.labels.Labels;
import io.argus.rules.notifier.Alert;
import io.argus.testkit.Await;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

/** {@code argus server} with an {@code alerting} section: the notifier follows the file. */
class ArgusServerNotifierTest {
  private static final BuildInfo BUILD =
      new BuildInfo("1.2.3", "abc123", "main", "20260101-00:00:00", "25", "linux/amd64");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private HttpServer sink;
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  private final List<String> paths = new CopyOnWriteArrayList<>();
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
          paths.add(exchange.getRequestURI().getPath());
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

  private String sinkAddress() {
    return "127.0.0.1:" + sink.getAddress().getPort();
  }

  private String config(String amRelabel) {
    return """
        global:
          external_labels: {replica: a, cluster: c1}
        alerting:
          alert_relabel_configs:
            - action: labeldrop
              regex: replica
          alertmanagers:
            - path_prefix: /am
              static_configs:
                - targets: ["%s"]
        %s
        """
        .formatted(sinkAddress(), amRelabel.indent(6).stripTrailing());
  }

  private JsonNode alertmanagersApi() throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(server.baseUri().resolve("/api/v1/alertmanagers")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return JSON.readTree(r.body()).get("data");
  }

  private String activeUrls() {
    try {
      return alertmanagersApi().toString();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void server_alertingSection_sendsAlertsAndFollowsReload() throws Exception {
    Path file = tmp.resolve("prometheus.yml");
    Files.writeString(file, config(""));
    ServerSettings settings =
        new ServerSettings(
            new StorageOptions(tmp.resolve("data"), 15 * 86_400_000L, 0),
            new ListenAddress("127.0.0.1", 0),
            file,
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
    String url = "http://" + sinkAddress() + "/am/api/v2/alerts";
    String expectedActive =
        "{\"activeAlertmanagers\":[{\"url\":\"" + url + "\"}],\"droppedAlertmanagers\":[]}";
    Await.until(
        "the alertmanager is discovered",
        Duration.ofSeconds(30),
        () -> activeUrls().equals(expectedActive));

    server
        .alertSender()
        .send(
            List.of(
                new Alert(
                    Labels.of("alertname", "Up", "job", "demo"),
                    Labels.of("summary", "up"),
                    1_700_000_000_000L,
                    1_700_000_300_000L,
                    "http://argus/graph")));
    Await.until("the alert arrives", Duration.ofSeconds(30), () -> !received.isEmpty());
    assertThat(paths).containsExactly("/am/api/v2/alerts");
    assertThat(received.get(0).get("labels").toString())
        .isEqualTo("{\"alertname\":\"Up\",\"cluster\":\"c1\",\"job\":\"demo\"}");
    assertThat(received.get(0).get("startsAt").asText()).isEqualTo("2023-11-14T22:13:20.000Z");
    assertThat(gauge("prometheus_notifications_queue_capacity")).isEqualTo(500);
    assertThat(gauge("prometheus_notifications_alertmanagers_discovered")).isEqualTo(1);

    Files.writeString(
        file,
        config(
            """
            relabel_configs:
              - source_labels: [__address__]
                action: drop
                regex: '127\\.0\\.0\\.1:.*'"""));
    server.reload();
    String expectedDropped =
        "{\"activeAlertmanagers\":[],\"droppedAlertmanagers\":[{\"url\":\"" + url + "\"}]}";
    Await.until(
        "the alertmanager is dropped",
        Duration.ofSeconds(30),
        () -> activeUrls().equals(expectedDropped));
    assertThat(gauge("prometheus_notifications_alertmanagers_discovered")).isZero();
  }

  private double gauge(String name) {
    for (MetricSnapshot s : server.registry().scrape()) {
      if (s.getMetadata().getPrometheusName().equals(name)) {
        return ((GaugeSnapshot) s).getDataPoints().get(0).getValue();
      }
    }
    throw new AssertionError("no metric " + name);
  }
}
