package io.argus.rules.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.model.labels.Labels;
import io.argus.scrape.config.Config;
import io.argus.scrape.config.ConfigLoader;
import io.argus.scrape.discovery.DiscoveryContext;
import io.argus.scrape.discovery.DiscoveryMetrics;
import io.argus.testkit.LoopbackPorts;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sends alerts through the notifier to Debian's Alertmanager and reads them back. */
class AlertmanagerIntegrationTest {
  private static final Path ALERTMANAGER = Path.of("/usr/bin/prometheus-alertmanager");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void send_toDebianAlertmanager_alertsComeBackUnchanged() throws Exception {
    assumeTrue(
        Files.isExecutable(ALERTMANAGER),
        "skipped: " + ALERTMANAGER + " is not installed (apt-get install prometheus-alertmanager)");
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(
        config,
        """
        route:
          receiver: blackhole
        receivers:
          - name: blackhole
        """);
    int port = LoopbackPorts.freePort();
    Process am =
        new ProcessBuilder(
                ALERTMANAGER.toString(),
                "--config.file=" + config,
                "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("alertmanager.log").toFile())
            .start();
    HttpClient http = HttpClient.newHttpClient();
    PrometheusRegistry registry = new PrometheusRegistry();
    try (Notifier notifier =
        new Notifier(
            new NotifierOptions(100, 256, "Argus/test", 5_000, 10),
            Clock.SYSTEM,
            registry,
            DiscoveryContext.of(Clock.SYSTEM, DiscoveryMetrics.register(registry)))) {
      String base = "http://127.0.0.1:" + port;
      awaitReady(http, base, am);
      Config c =
          ConfigLoader.loadString(
              """
              global:
                external_labels: {cluster: c1, replica: r1}
              alerting:
                alert_relabel_configs:
                  - action: labeldrop
                    regex: replica
                alertmanagers:
                  - static_configs:
                      - targets: ['127.0.0.1:%d']
              """
                  .formatted(port),
              dir);
      notifier.applyConfig(c.global().externalLabels(), c.alerting());
      notifier.start();
      long now = Clock.SYSTEM.millis();
      List<Alert> sent =
          List.of(
              new Alert(
                  Labels.of("alertname", "DiskFull", "severity", "page", "instance", "n1:9100"),
                  Labels.of("summary", "disk full on n1", "runbook", "https://rb/disk"),
                  now - 120_000,
                  now + 3_600_000,
                  "http://argus:9090/graph?g0.expr=disk"),
              new Alert(
                  Labels.of("alertname", "ReplicaDown", "job", "argus"),
                  Labels.EMPTY,
                  now - 30_123,
                  now + 1_800_000,
                  ""));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      JsonNode got = JSON.createArrayNode();
      while (System.nanoTime() < deadline) {
        if (notifier.activeUrls().isEmpty()) {
          Thread.sleep(20);
          continue;
        }
        if (notifier.metrics().sent.labelValues(base + "/api/v2/alerts").get() == 0) {
          notifier.send(sent);
          Thread.sleep(200);
        }
        got = JSON.readTree(get(http, base + "/api/v2/alerts"));
        if (got.size() >= 2) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(got).hasSize(2);
      Map<String, JsonNode> byName = new TreeMap<>();
      for (JsonNode a : got) {
        byName.put(a.get("labels").get("alertname").asText(), a);
      }
      assertThat(byName).containsOnlyKeys("DiskFull", "ReplicaDown");
      for (Alert a : sent) {
        JsonNode back = byName.get(a.labels().get("alertname"));
        Labels expectedLabels = a.labels().toBuilder().set("cluster", "c1").build();
        assertThat(labels(back.get("labels"))).isEqualTo(expectedLabels);
        assertThat(labels(back.get("annotations"))).isEqualTo(a.annotations());
        assertThat(Instant.parse(back.get("startsAt").asText()).toEpochMilli())
            .isEqualTo(a.startsAtMillis());
        assertThat(Instant.parse(back.get("endsAt").asText()).toEpochMilli())
            .isEqualTo(a.endsAtMillis());
        assertThat(back.path("generatorURL").asText()).isEqualTo(a.generatorUrl());
      }
    } finally {
      am.destroy();
      if (!am.waitFor(10, TimeUnit.SECONDS)) {
        am.destroyForcibly().waitFor();
      }
    }
  }

  private static Labels labels(JsonNode object) {
    Map<String, String> m = new TreeMap<>();
    if (object != null) {
      object.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    }
    return Labels.of(m);
  }

  private static void awaitReady(HttpClient http, String base, Process am) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      assertThat(am.isAlive()).as("alertmanager is running").isTrue();
      try {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/-/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new AssertionError("alertmanager did not become ready");
  }

  private static String get(HttpClient http, String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET " + url + ": " + r.body()).isEqualTo(200);
    return r.body();
  }

}
