package io.argus.rules.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.argus.model.labels.Labels;
import io.argus.scrape.config.Config;
import io.argus.scrape.config.ConfigLoader;
import io.argus.scrape.discovery.DiscoveryContext;
import io.argus.scrape.discovery.DiscoveryMetrics;
import io.argus.scrape.discovery.TargetGroup;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifierTest {
  private static final long T0 = 1_700_000_000_000L;

  @TempDir Path dir;
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private AlertSink sink;

  @BeforeEach
  void startSink() throws Exception {
    sink = closing(new AlertSink());
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private <T extends AutoCloseable> T closing(T c) {
    toClose.add(c);
    return c;
  }

  private Config config(String yaml) {
    return ConfigLoader.loadString(yaml, dir);
  }

  private static String staticSet(String extra, String... addresses) {
    return """
          - static_configs:
              - targets: [%s]
        %s
        """
        .formatted(String.join(", ", addresses), extra.indent(4).stripTrailing());
  }

  private Notifier notifier(int capacity, long drainMillis) {
    NotifierOptions options = new NotifierOptions(capacity, 256, "Argus/test", drainMillis, 10);
    DiscoveryContext discovery =
        DiscoveryContext.of(Clock.SYSTEM, DiscoveryMetrics.register(registry));
    return closing(new Notifier(options, Clock.SYSTEM, registry, discovery));
  }

  private Notifier started(String yaml) throws InterruptedException {
    Notifier n = notifier(10_000, 5_000);
    Config c = config(yaml);
    n.applyConfig(c.global().externalLabels(), c.alerting());
    n.start();
    await(() -> !n.activeUrls().isEmpty());
    return n;
  }

  /** Hands the notifier's first set {@code am} as discovery would, before it starts. */
  private static void discovered(Notifier n, AlertSink am) {
    n.updateAlertmanagers(
        Map.of(
            "config-0",
            List.of(
                new TargetGroup(
                    "0", List.of(Labels.of("__address__", am.address())), Labels.EMPTY))));
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).as("condition reached within 20 s").isTrue();
  }

  private static Alert alert(String name, String... labels) {
    String[] all = new String[labels.length + 2];
    all[0] = "alertname";
    all[1] = name;
    System.arraycopy(labels, 0, all, 2, labels.length);
    return new Alert(
        Labels.of(all), Labels.of("summary", "s " + name), T0, T0 + 60_000, "http://gen/" + name);
  }

  private static List<Alert> alerts(int n) {
    List<Alert> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(alert("A" + i));
    }
    return out;
  }

  private static List<String> names(List<AlertSink.Received> requests) {
    List<String> out = new ArrayList<>();
    for (AlertSink.Received r : requests) {
      for (JsonNode a : r.body()) {
        out.add(a.get("labels").get("alertname").asText());
      }
    }
    return out;
  }

  private String url() {
    return "http://" + sink.address() + "/api/v2/alerts";
  }

  @Test
  void send_largeQueue_postsBatchesOfAtMost256() throws Exception {
    Notifier n = started("alerting:\n  alertmanagers:\n" + staticSet("", sink.address()));
    n.send(alerts(600));
    List<AlertSink.Received> got = sink.awaitAlerts(600);
    assertThat(got).extracting(AlertSink.Received::alertCount).containsExactly(256, 256, 88);
    assertThat(got)
        .allSatisfy(
            r -> {
              assertThat(r.method()).isEqualTo("POST");
              assertThat(r.path()).isEqualTo("/api/v2/alerts");
              assertThat(r.contentType()).isEqualTo("application/json");
              assertThat(r.userAgent()).isEqualTo("Argus/test");
            });
    assertThat(names(got)).hasSize(600).startsWith("A0", "A1").endsWith("A599");
    // the sink records a request before the notifier reads the answer
    await(() -> n.metrics().sent.labelValues(url()).get() == 600);
    assertThat(n.metrics().errors.labelValues(url()).get()).isZero();
    assertThat(n.metrics().dropped.get()).isZero();
  }

  @Test
  void send_fullQueue_dropsOldestAndCounts() throws Exception {
    Notifier n = notifier(10, 5_000);
    Config c = config("alerting:\n  alertmanagers:\n" + staticSet("", sink.address()));
    n.applyConfig(Labels.EMPTY, c.alerting());
    n.send(alerts(8));
    n.send(alerts(15).subList(8, 15));
    assertThat(n.queueLength()).isEqualTo(10);
    assertThat(n.metrics().dropped.get()).isEqualTo(5);
    discovered(n, sink);
    n.start();
    List<AlertSink.Received> got = sink.awaitAlerts(10);
    assertThat(names(got))
        .containsExactly("A5", "A6", "A7", "A8", "A9", "A10", "A11", "A12", "A13", "A14");
    assertThat(n.queueLength()).isZero();
  }

  @Test
  void send_batchLargerThanCapacity_keepsTheNewest() {
    Notifier n = notifier(10, 0);
    n.send(alerts(25));
    assertThat(n.queueLength()).isEqualTo(10);
    assertThat(n.metrics().dropped.get()).isEqualTo(15);
  }

  @Test
  void send_externalLabelsThenAlertRelabeling() throws Exception {
    String yaml =
        """
        global:
          external_labels: {replica: r1, cluster: c1, region: eu}
        alerting:
          alert_relabel_configs:
            - action: labeldrop
              regex: replica
            - source_labels: [severity]
              regex: none
              action: drop
          alertmanagers:
        """
            + staticSet("", sink.address());
    Notifier n = started(yaml);
    n.send(
        List.of(
            alert("Kept", "cluster", "own"),
            alert("Gone", "severity", "none"),
            alert("AlsoKept", "severity", "page")));
    List<AlertSink.Received> got = sink.awaitAlerts(2);
    assertThat(got).hasSize(1);
    JsonNode body = got.get(0).body();
    assertThat(body).hasSize(2);
    assertThat(body.get(0).get("labels").toString())
        .isEqualTo("{\"alertname\":\"Kept\",\"cluster\":\"own\",\"region\":\"eu\"}");
    assertThat(body.get(1).get("labels").toString())
        .isEqualTo(
            "{\"alertname\":\"AlsoKept\",\"cluster\":\"c1\",\"region\":\"eu\","
                + "\"severity\":\"page\"}");
  }

  @Test
  void send_relabeledToNoLabels_isDropped() throws Exception {
    Notifier n = notifier(10, 0);
    Config c =
        config(
            """
            alerting:
              alert_relabel_configs:
                - action: labeldrop
                  regex: .+
            """);
    n.applyConfig(Labels.EMPTY, c.alerting());
    n.send(alerts(3));
    assertThat(n.queueLength()).isZero();
    assertThat(n.metrics().dropped.get()).isZero();
  }

  @Test
  void send_serverError_countsErrorsAndDroppedBatch() throws Exception {
    sink.respondWith(500);
    Notifier n = started("alerting:\n  alertmanagers:\n" + staticSet("", sink.address()));
    n.send(alerts(3));
    sink.awaitAlerts(3);
    await(() -> n.metrics().dropped.get() == 3);
    assertThat(n.metrics().errors.labelValues(url()).get()).isEqualTo(3);
    assertThat(n.metrics().sent.labelValues(url()).get()).isZero();
  }

  @Test
  void send_timeout_countsErrors() throws Exception {
    sink.holdResponses();
    Notifier n =
        started(
            "alerting:\n  alertmanagers:\n" + staticSet("timeout: 200ms", sink.address()));
    n.send(alerts(2));
    await(() -> n.metrics().dropped.get() == 2);
    assertThat(n.metrics().errors.labelValues(url()).get()).isEqualTo(2);
    assertThat(n.metrics().latency.labelValues(url()).getCount()).isEqualTo(1);
  }

  @Test
  void send_oneAlertmanagerOfASetFails_batchIsNotDropped() throws Exception {
    AlertSink failing = closing(new AlertSink());
    failing.respondWith(503);
    Notifier n =
        started(
            "alerting:\n  alertmanagers:\n"
                + staticSet("", "'" + sink.address() + "'", "'" + failing.address() + "'"));
    await(() -> n.activeUrls().size() == 2);
    n.send(alerts(4));
    sink.awaitAlerts(4);
    failing.awaitAlerts(4);
    String failingUrl = "http://" + failing.address() + "/api/v2/alerts";
    await(() -> n.metrics().errors.labelValues(failingUrl).get() == 4);
    await(() -> n.metrics().sent.labelValues(url()).get() == 4);
    assertThat(n.metrics().dropped.get()).isZero();
  }

  @Test
  void send_everySetGetsEveryBatch_oneFailingSetDrops() throws Exception {
    AlertSink failing = closing(new AlertSink());
    failing.respondWith(500);
    Notifier n =
        started(
            "alerting:\n  alertmanagers:\n"
                + staticSet("", sink.address())
                + staticSet("", failing.address()));
    await(() -> n.activeUrls().size() == 2);
    n.send(alerts(5));
    assertThat(names(sink.awaitAlerts(5))).hasSize(5);
    assertThat(names(failing.awaitAlerts(5))).hasSize(5);
    await(() -> n.metrics().dropped.get() == 5);
  }

  @Test
  void send_pathPrefixAndAlertsPathRelabel() throws Exception {
    AlertSink other = closing(new AlertSink());
    String yaml =
        "alerting:\n  alertmanagers:\n"
            + staticSet("path_prefix: /am/sub/", sink.address())
            + staticSet(
                """
                relabel_configs:
                  - target_label: __alerts_path__
                    replacement: /custom/alerts""",
                other.address());
    Notifier n = started(yaml);
    await(() -> n.activeUrls().size() == 2);
    assertThat(n.activeUrls())
        .containsExactly(
            "http://" + sink.address() + "/am/sub/api/v2/alerts",
            "http://" + other.address() + "/custom/alerts");
    n.send(alerts(1));
    assertThat(sink.awaitAlerts(1)).extracting(AlertSink.Received::path)
        .containsExactly("/am/sub/api/v2/alerts");
    assertThat(other.awaitAlerts(1)).extracting(AlertSink.Received::path)
        .containsExactly("/custom/alerts");
  }

  @Test
  void applyConfig_schemeAndDroppedAlertmanagers() throws Exception {
    String yaml =
        "alerting:\n  alertmanagers:\n"
            + staticSet(
                """
                scheme: https
                relabel_configs:
                  - source_labels: [__address__]
                    regex: 'drop.*'
                    action: drop""",
                "'am1:9093'",
                "'drop-me:9093'");
    Notifier n = started(yaml);
    assertThat(n.activeUrls()).containsExactly("https://am1:9093/api/v2/alerts");
    assertThat(n.droppedUrls()).containsExactly("https://drop-me:9093/api/v2/alerts");
  }

  @Test
  void send_basicAuth_sendsAuthorizationHeader() throws Exception {
    String yaml =
        "alerting:\n  alertmanagers:\n"
            + staticSet(
                """
                basic_auth:
                  username: alice
                  password: s3cret""",
                sink.address());
    Notifier n = started(yaml);
    n.send(alerts(1));
    String expected =
        "Basic "
            + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
    assertThat(sink.awaitAlerts(1)).extracting(AlertSink.Received::authorization)
        .containsExactly(expected);
  }

  @Test
  void discovery_fileChanges_updateAlertmanagers() throws Exception {
    AlertSink second = closing(new AlertSink());
    Path targets = dir.resolve("ams.json");
    Files.writeString(targets, "[{\"targets\": [\"" + sink.address() + "\"]}]");
    String yaml =
        """
        alerting:
          alertmanagers:
            - file_sd_configs:
                - files: [%s]
                  refresh_interval: 100ms
        """
            .formatted(targets);
    Notifier n = started(yaml);
    assertThat(n.activeUrls()).containsExactly(url());
    n.send(alerts(1));
    sink.awaitAlerts(1);
    Files.writeString(targets, "[{\"targets\": [\"" + second.address() + "\"]}]");
    String secondUrl = "http://" + second.address() + "/api/v2/alerts";
    await(() -> n.activeUrls().equals(List.of(secondUrl)));
    n.send(alerts(2));
    assertThat(names(second.awaitAlerts(2))).containsExactly("A0", "A1");
    assertThat(sink.alertsReceived()).isEqualTo(1);
    await(() -> n.metrics().sent.labelValues(secondUrl).get() == 2);
    assertThat(metricValue("prometheus_notifications_alertmanagers_discovered")).isEqualTo(1);
  }

  @Test
  void send_beforeFirstDiscoveryReport_waitsForTheAlertmanagers() throws Exception {
    NotifierOptions options = new NotifierOptions(100, 256, "Argus/test", 5_000, 1_000);
    Notifier n =
        closing(
            new Notifier(
                options,
                Clock.SYSTEM,
                registry,
                DiscoveryContext.of(Clock.SYSTEM, DiscoveryMetrics.register(registry))));
    n.applyConfig(
        Labels.EMPTY, config("alerting:\n  alertmanagers:\n" + staticSet("", sink.address()))
            .alerting());
    n.start();
    n.send(alerts(2));
    assertThat(names(sink.awaitAlerts(2))).containsExactly("A0", "A1");
    assertThat(n.metrics().dropped.get()).isZero();
  }

  @Test
  void applyConfig_reload_keepsQueuedAlerts() throws Exception {
    AlertSink second = closing(new AlertSink());
    Notifier n = notifier(100, 5_000);
    n.applyConfig(
        Labels.EMPTY, config("alerting:\n  alertmanagers:\n" + staticSet("", sink.address()))
            .alerting());
    n.send(alerts(3));
    n.applyConfig(
        Labels.EMPTY,
        config("alerting:\n  alertmanagers:\n" + staticSet("", second.address())).alerting());
    assertThat(n.queueLength()).isEqualTo(3);
    discovered(n, second);
    n.start();
    assertThat(names(second.awaitAlerts(3))).containsExactly("A0", "A1", "A2");
    assertThat(sink.alertsReceived()).isZero();
  }

  @Test
  void close_drainsQueue() throws Exception {
    Notifier n = notifier(10_000, 10_000);
    Config c = config("alerting:\n  alertmanagers:\n" + staticSet("", sink.address()));
    n.applyConfig(Labels.EMPTY, c.alerting());
    discovered(n, sink);
    n.send(alerts(300));
    n.close();
    assertThat(sink.alertsReceived()).isEqualTo(300);
    assertThat(n.queueLength()).isZero();
    assertThat(n.metrics().dropped.get()).isZero();
    n.send(alerts(2));
    assertThat(n.metrics().dropped.get()).isEqualTo(2);
  }

  @Test
  void close_drainTimeoutPassed_dropsAndCounts() {
    Notifier n = notifier(100, 0);
    n.send(alerts(7));
    n.close();
    assertThat(n.queueLength()).isZero();
    assertThat(n.metrics().dropped.get()).isEqualTo(7);
  }

  @Test
  void metrics_haveUpstreamNames() throws Exception {
    Notifier n = notifier(1234, 0);
    n.send(alerts(3));
    List<String> names = new ArrayList<>();
    for (MetricSnapshot s : registry.scrape()) {
      names.add(s.getMetadata().getPrometheusName());
    }
    assertThat(names)
        .contains(
            "prometheus_notifications_latency_seconds",
            "prometheus_notifications_errors",
            "prometheus_notifications_sent",
            "prometheus_notifications_dropped",
            "prometheus_notifications_queue_length",
            "prometheus_notifications_queue_capacity",
            "prometheus_notifications_alertmanagers_discovered");
    assertThat(metricValue("prometheus_notifications_queue_capacity"))
        .isEqualTo(1234);
    assertThat(metricValue("prometheus_notifications_queue_length")).isEqualTo(3);
  }

  private double metricValue(String name) {
    for (MetricSnapshot s : registry.scrape()) {
      if (s.getMetadata().getPrometheusName().equals(name)
          && s.getDataPoints().get(0) instanceof GaugeDataPointSnapshot g) {
        return g.getValue();
      }
    }
    throw new AssertionError("no gauge " + name);
  }
}
