package io.argus.alertmanager.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.alert.AlertMarker;
import io.argus.alertmanager.alert.AlertStore;
import io.argus.alertmanager.config.ConfigLoader;
import io.argus.alertmanager.dispatch.ManualScheduler;
import io.argus.alertmanager.dispatch.NotificationService;
import io.argus.alertmanager.nflog.NotificationLog;
import io.argus.alertmanager.silence.Silencer;
import io.argus.alertmanager.silence.Silences;
import io.argus.model.labels.Labels;
import io.argus.testkit.ManualClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Replays the alerts recorded against Debian's prometheus-alertmanager 0.25 (config and payloads in
 * {@code notify/upstream-0.25}) through Argus and compares the webhook, Slack and PagerDuty bodies
 * with the recorded ones as JSON trees, field order included.
 */
class RecordedPayloadsTest {
  private static final String DIR = "/notify/upstream-0.25/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String resource(String name) throws Exception {
    try (InputStream in = RecordedPayloadsTest.class.getResourceAsStream(DIR + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static List<String> lines(String name) throws Exception {
    return resource(name).lines().filter(l -> !l.isBlank()).toList();
  }

  private static Alert alert(
      Instant received,
      Instant startsAt,
      Instant endsAt,
      Map<String, String> annotations,
      String url,
      String... labels) {
    return new Alert(
        Labels.of(labels), annotations, startsAt, endsAt, url, received, Alert.isZero(endsAt));
  }

  @Test
  void replay_bodiesEqualUpstreamRecordings() throws Exception {
    Instant received = Instant.parse("2026-11-27T05:51:33Z");
    ManualClock clock = new ManualClock(received.toEpochMilli());
    ManualScheduler scheduler = new ManualScheduler(clock);
    AlertMarker marker = new AlertMarker();
    AlertStore store = new AlertStore(clock, marker, 0, null);
    Silencer silencer = new Silencer(new Silences(clock, Duration.ofHours(1), null), marker, clock);
    NotificationLog nflog = new NotificationLog(clock, Duration.ofHours(120), null);
    try (HttpSink sink = new HttpSink();
        NotificationService svc =
            new NotificationService(
                store,
                marker,
                silencer,
                nflog,
                clock,
                new PrometheusRegistry(),
                "http://127.0.0.1:19393",
                () -> 0,
                scheduler,
                clock::advanceMillis)) {
      String yaml =
          resource("recording-alertmanager.yml").replace("http://127.0.0.1:18787", sink.url());
      svc.apply(ConfigLoader.load(yaml, ZoneOffset.UTC), List.of());

      Instant start = Instant.parse("2026-11-27T05:50:00Z");
      String gen = "http://127.0.0.1/graph?g0.expr=up";
      Map<String, String> disk = Map.of("summary", "disk full");
      List<Alert> firing = new ArrayList<>();
      firing.add(
          alert(
              received,
              Instant.parse("2026-11-27T05:50:00.123456Z"),
              Alert.ZERO,
              disk,
              gen,
              "alertname",
              "DiskFull",
              "instance",
              "b:9100",
              "job",
              "node",
              "severity",
              "page"));
      firing.add(
          alert(
              received,
              start,
              Alert.ZERO,
              disk,
              gen,
              "alertname",
              "DiskFull",
              "instance",
              "a:9100",
              "job",
              "node",
              "severity",
              "page"));
      firing.add(
          alert(
              received,
              start,
              Alert.ZERO,
              Map.of("summary", "disk full", "desc", "c"),
              gen,
              "alertname",
              "DiskFull",
              "instance",
              "c:9100",
              "job",
              "node",
              "severity",
              "warn"));
      firing.add(
          alert(
              received,
              start,
              Alert.ZERO,
              Map.of("summary", "pager"),
              "",
              "alertname",
              "PdAlert",
              "team",
              "pd",
              "severity",
              "critical"));
      firing.add(
          alert(
              received,
              start,
              Alert.ZERO,
              Map.of("summary", "to slack", "description", "d"),
              "",
              "alertname",
              "SlackAlert",
              "team",
              "slack",
              "cluster",
              "lab"));
      store.put(
          firing.stream()
              .map(a -> a.withTimes(a.startsAt(), received.plus(Duration.ofMinutes(5))))
              .toList());
      awaitGroups(svc, 3);
      scheduler.advance(0);

      clock.advanceMillis(1_000);
      Instant resolvedAt = Instant.parse("2026-11-27T05:51:00Z");
      Instant now = Instant.ofEpochMilli(clock.millis());
      store.put(
          List.of(
              alert(
                  now,
                  start,
                  resolvedAt,
                  disk,
                  gen,
                  "alertname",
                  "DiskFull",
                  "instance",
                  "a:9100",
                  "job",
                  "node",
                  "severity",
                  "page"),
              alert(
                  now,
                  start,
                  resolvedAt,
                  Map.of("summary", "pager"),
                  "",
                  "alertname",
                  "PdAlert",
                  "team",
                  "pd",
                  "severity",
                  "critical"),
              alert(
                  now,
                  start,
                  resolvedAt,
                  Map.of("summary", "to slack", "description", "d"),
                  "",
                  "alertname",
                  "SlackAlert",
                  "team",
                  "slack",
                  "cluster",
                  "lab")));
      awaitResolvedInGroups(svc, 3, Instant.ofEpochMilli(clock.millis()));
      scheduler.advance(3_000);

      assertSame(sink.at("/hook"), lines("webhook.jsonl"));
      assertSame(sink.at("/pd"), lines("pagerduty.jsonl"));
      assertSame(sink.at("/slack"), lines("slack.jsonl"));
      assertThat(sink.requests)
          .allSatisfy(
              r -> {
                assertThat(r.contentType()).isEqualTo("application/json");
                assertThat(r.userAgent()).isEqualTo("Alertmanager/0.25.0");
              });
    }
  }

  private static void awaitGroups(NotificationService svc, int n) throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      long alerts = svc.dispatcher().groups().stream().mapToLong(g -> g.alerts().size()).sum();
      if (svc.dispatcher().groups().size() >= n && alerts >= 5) {
        return;
      }
      Thread.sleep(10);
    }
  }

  private static void awaitResolvedInGroups(NotificationService svc, int n, Instant now)
      throws InterruptedException {
    for (int i = 0; i < 500; i++) {
      long resolved =
          svc.dispatcher().groups().stream()
              .flatMap(g -> g.alerts().stream())
              .filter(a -> a.resolvedAt(now))
              .count();
      if (resolved >= n) {
        return;
      }
      Thread.sleep(10);
    }
  }

  private static void assertSame(List<HttpSink.Request> got, List<String> want) throws Exception {
    assertThat(got).hasSameSizeAs(want);
    for (int i = 0; i < want.size(); i++) {
      JsonNode g = JSON.readTree(got.get(i).body());
      JsonNode w = JSON.readTree(want.get(i));
      assertThat(g).as("body %d", i).isEqualTo(w);
      assertThat(fieldOrder(g)).as("field order %d", i).isEqualTo(fieldOrder(w));
    }
  }

  private static List<String> fieldOrder(JsonNode n) {
    List<String> out = new ArrayList<>();
    collect(n, "", out);
    return out;
  }

  private static void collect(JsonNode n, String path, List<String> out) {
    if (n.isObject()) {
      n.fieldNames()
          .forEachRemaining(
              f -> {
                out.add(path + "/" + f);
                collect(n.get(f), path + "/" + f, out);
              });
    } else if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        collect(n.get(i), path + "[" + i + "]", out);
      }
    }
  }
}
