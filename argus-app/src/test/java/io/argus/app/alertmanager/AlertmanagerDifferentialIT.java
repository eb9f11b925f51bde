package io.argus.app.alertmanager;

import static io.argus.testkit.LoopbackPorts.freePort;
import static io.argus.app.alertmanager.AmTestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argus.app.alertmanager.AmTestSupport.Received;
import io.argus.app.alertmanager.AmTestSupport.WebhookSink;
import io.argus.app.testing.ExternalProcess;
import io.argus.util.Clock;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7, acceptance 2: Debian's Alertmanager 0.25 and {@code argus alertmanager} (the fat jar)
 * run the same {@code alertmanager.yml} and receive the same API v2 posts at the same offsets; the
 * notifications at their webhooks (one path per system and receiver on one sink) must be the same:
 * per receiver and group key the same sequence of payloads, each arriving within 1 s of the other
 * system's, both measured from each system's own first post.
 *
 * <p>The timers are group_wait 2 s, group_interval 4 s, repeat_interval 10 s, so flushes fall at 2,
 * 6, 10, 14, … s. Posts fall between flushes (0, 4, 8, 12, 16 s) and the run stops at 28 s, between
 * flushes too, so no comparison depends on which side of a flush a post landed:
 *
 * <ul>
 *   <li>0 s: three firing alerts; {@code Disk} (team=db, two clusters) goes to route {@code db}
 *       (group_by alertname, cluster; {@code continue}) and to {@code ops}, {@code Cpu} to the
 *       root;
 *   <li>4 s: new annotations on {@code Disk c1} (no notification by itself: dedup compares alerts,
 *       the repeat at 14 s carries them);
 *   <li>8 s: {@code Disk c2} resolved through {@code endsAt} (resolved notifications at 10 s);
 *   <li>12 s: a silence of {@code Cpu} (its repeat at 14 s is suppressed);
 *   <li>16 s: a critical {@code DiskFull c1}, which inhibits the warning {@code Disk c1} (no repeat
 *       of it at 22 s and 26 s) and is itself notified at 18 s (its repeat would be at 30 s).
 * </ul>
 *
 * <p>Nothing of the payloads is normalised: both get the same external URL, and the posts carry
 * explicit {@code startsAt}/{@code endsAt} and {@code generatorURL}.
 */
class AlertmanagerDifferentialIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long WAIT_SECONDS = 60;
  private static final String EXTERNAL_URL = "http://am.example:9093";
  private static final String CONFIG =
      """
      route:
        receiver: default
        group_by: [alertname]
        group_wait: 2s
        group_interval: 4s
        repeat_interval: 10s
        routes:
          - matchers: ['warmup="true"']
            receiver: warmup
          - matchers: ['team="db"']
            receiver: db
            group_by: [alertname, cluster]
            continue: true
          - matchers: ['severity=~"warning|critical"']
            receiver: ops
      inhibit_rules:
        - source_matchers: [severity="critical"]
          target_matchers: [severity="warning"]
          equal: [cluster]
      receivers:
        - name: warmup
          webhook_configs: [{url: '%1$s/warmup'}]
        - name: default
          webhook_configs: [{url: '%1$s/default'}]
        - name: db
          webhook_configs: [{url: '%1$s/db'}]
        - name: ops
          webhook_configs: [{url: '%1$s/ops', send_resolved: true}]
      """;

  @TempDir Path dir;
  private final List<ExternalProcess> processes = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (ExternalProcess p : processes) {
      p.close();
    }
  }

  /** One system under test: its base URL and the time of its first post. */
  private static final class Side {
    final String name;
    final String base;
    long t0;
    long slowestPostMillis;

    Side(String name, String base) {
      this.name = name;
      this.base = base;
    }
  }

  @Test
  void sameConfigAndPosts_sameNotifications() throws Exception {
    assumeTrue(
        Files.isExecutable(AmTestSupport.DEBIAN_AM),
        "prometheus-alertmanager not installed at " + AmTestSupport.DEBIAN_AM);
    Path jar = Path.of(System.getProperty("argus.jar", "target/argus.jar"));
    assumeTrue(Files.isRegularFile(jar), "argus.jar not built at " + jar + "; run mvn verify");
    try (WebhookSink sink = new WebhookSink()) {
      Side debian = start("debian", sink, jar);
      Side argus = start("argus", sink, jar);
      List<Side> both = List.of(debian, argus);

      warmUp(both, sink);

      Instant start = Instant.ofEpochMilli(Clock.SYSTEM.millis());
      String startsAt = start.toString();
      long base = System.nanoTime();
      for (Side s : both) {
        s.t0 = System.nanoTime();
        postAlerts(
            s,
            alert("Disk", "c1", "db", "warning", "disk c1", startsAt, null),
            alert("Disk", "c2", "db", "warning", "disk c2", startsAt, null),
            alert("Cpu", "c1", null, null, "cpu", startsAt, null));
      }
      sleepUntil(base, 4);
      for (Side s : both) {
        postAlerts(s, alert("Disk", "c1", "db", "warning", "disk c1 updated", startsAt, null));
      }
      sleepUntil(base, 8);
      String endsAt = Instant.ofEpochMilli(Clock.SYSTEM.millis() / 1000 * 1000).toString();
      for (Side s : both) {
        postAlerts(s, alert("Disk", "c2", "db", "warning", "disk c2", startsAt, endsAt));
      }
      sleepUntil(base, 12);
      String silenceEnd = start.plusSeconds(3600).toString();
      for (Side s : both) {
        HttpResponse<String> r =
            post(
                s.base + "/api/v2/silences",
                """
                {"matchers":[{"name":"alertname","value":"Cpu","isRegex":false,"isEqual":true}],
                 "startsAt":"%s","endsAt":"%s","createdBy":"test","comment":"quiet"}
                """
                    .formatted(startsAt, silenceEnd));
        assertThat(r.statusCode()).as(s.name + ": " + r.body()).isEqualTo(200);
      }
      sleepUntil(base, 16);
      // Starting now, so that group_wait applies (an alert older than group_wait flushes at once).
      String fullSince = Instant.ofEpochMilli(Clock.SYSTEM.millis()).toString();
      for (Side s : both) {
        postAlerts(s, alert("DiskFull", "c1", null, "critical", "full", fullSince, null));
      }
      sleepUntil(base, 28);

      Map<String, List<Notification>> fromDebian = notifications(sink, debian);
      Map<String, List<Notification>> fromArgus = notifications(sink, argus);
      String timeline =
          "debian (slowest post %d ms) %s%nargus (slowest post %d ms) %s"
              .formatted(
                  debian.slowestPostMillis,
                  timeline(fromDebian),
                  argus.slowestPostMillis,
                  timeline(fromArgus))
              .replace("%", "%%");
      assertThat(fromArgus.keySet()).as(timeline).isEqualTo(fromDebian.keySet());
      for (String key : fromDebian.keySet()) {
        List<Notification> d = fromDebian.get(key);
        List<Notification> a = fromArgus.get(key);
        assertThat(a.stream().map(Notification::payload).toList())
            .as("payloads of %s; arrivals (ms):%n" + timeline, key)
            .isEqualTo(d.stream().map(Notification::payload).toList());
        for (int i = 0; i < d.size(); i++) {
          assertThat(a.get(i).offsetMillis())
              .as("arrival of notification %d of %s (debian at %d ms)", i, key, d.get(i).offset)
              .isBetween(d.get(i).offsetMillis() - 1000, d.get(i).offsetMillis() + 1000);
        }
      }
      // The scenario happened as designed (the comparison alone would pass on two silent systems).
      assertThat(fromArgus)
          .containsOnlyKeys(
              "/default {}:{alertname=\"Cpu\"}",
              "/db {}/{team=\"db\"}:{alertname=\"Disk\", cluster=\"c1\"}",
              "/db {}/{team=\"db\"}:{alertname=\"Disk\", cluster=\"c2\"}",
              "/ops {}/{severity=~\"warning|critical\"}:{alertname=\"Disk\"}",
              "/ops {}/{severity=~\"warning|critical\"}:{alertname=\"DiskFull\"}");
      assertThat(statuses(fromArgus, "/db {}/{team=\"db\"}:{alertname=\"Disk\", cluster=\"c1\"}"))
          .containsExactly("firing disk c1", "firing disk c1 updated");
      assertThat(statuses(fromArgus, "/db {}/{team=\"db\"}:{alertname=\"Disk\", cluster=\"c2\"}"))
          .containsExactly("firing disk c2", "resolved disk c2");
      assertThat(statuses(fromArgus, "/default {}:{alertname=\"Cpu\"}"))
          .containsExactly("firing cpu");
    }
  }

  private Side start(String name, WebhookSink sink, Path jar) throws Exception {
    Path config = dir.resolve(name + ".yml");
    Files.writeString(config, CONFIG.formatted(sink.url("/" + name)));
    int port = freePort();
    Path storage = dir.resolve(name + "-data");
    List<String> command =
        name.equals("debian")
            ? AmTestSupport.debianCommand(config, storage, port, EXTERNAL_URL)
            : AmTestSupport.argusCommand(jar, config, storage, port, EXTERNAL_URL);
    ExternalProcess p = ExternalProcess.start(command, dir, WAIT_SECONDS);
    processes.add(p);
    String base = "http://127.0.0.1:" + port;
    AmTestSupport.awaitReady(base, WAIT_SECONDS, p);
    return new Side(name, base);
  }

  /**
   * Sends each system one alert that is notified at once, and waits for both notifications: the
   * first post and the first notification of a fresh JVM are slow, which the timing comparison
   * should not measure.
   */
  private static void warmUp(List<Side> both, WebhookSink sink) throws Exception {
    String old = Instant.ofEpochMilli(Clock.SYSTEM.millis() - 60_000).toString();
    for (Side s : both) {
      postAlerts(s, alert("Warmup", "c0", null, null, "warm", old, null));
    }
    long deadline = System.nanoTime() + WAIT_SECONDS * 1_000_000_000L;
    while (sink.matching(r -> r.path().endsWith("/warmup")).size() < both.size()) {
      assertThat(System.nanoTime()).as("warm-up notifications").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static String alert(
      String alertname,
      String cluster,
      String team,
      String severity,
      String summary,
      String startsAt,
      String endsAt) {
    ObjectNode a = JSON.createObjectNode();
    ObjectNode labels = a.putObject("labels");
    labels.put("alertname", alertname).put("cluster", cluster);
    if (alertname.equals("Warmup")) {
      labels.put("warmup", "true");
    }
    if (team != null) {
      labels.put("team", team);
    }
    if (severity != null) {
      labels.put("severity", severity);
    }
    a.putObject("annotations").put("summary", summary);
    a.put("startsAt", startsAt);
    if (endsAt != null) {
      a.put("endsAt", endsAt);
    }
    a.put("generatorURL", "http://prometheus.example/graph?g0.expr=" + alertname);
    return a.toString();
  }

  private static void postAlerts(Side s, String... alerts) throws Exception {
    long begin = System.nanoTime();
    HttpResponse<String> r = post(s.base + "/api/v2/alerts", "[" + String.join(",", alerts) + "]");
    s.slowestPostMillis = Math.max(s.slowestPostMillis, (System.nanoTime() - begin) / 1_000_000);
    assertThat(r.statusCode()).as(s.name + ": " + r.body()).isEqualTo(200);
  }

  private static void sleepUntil(long baseNanos, long seconds) throws InterruptedException {
    long wait = baseNanos + seconds * 1_000_000_000L - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  private record Notification(long offset, JsonNode payload) {
    long offsetMillis() {
      return offset;
    }
  }

  /** The system's notifications by "receiver path + group key", each list in arrival order. */
  private static Map<String, List<Notification>> notifications(WebhookSink sink, Side s)
      throws Exception {
    Map<String, List<Notification>> out = new TreeMap<>();
    String prefix = "/" + s.name;
    for (Received r :
        sink.matching(x -> x.path().startsWith(prefix + "/") && !x.path().endsWith("/warmup"))) {
      JsonNode payload = JSON.readTree(r.body());
      String key = r.path().substring(prefix.length()) + " " + payload.get("groupKey").asText();
      out.computeIfAbsent(key, k -> new ArrayList<>())
          .add(new Notification((r.nanos() - s.t0) / 1_000_000, payload));
    }
    return out;
  }

  private static String timeline(Map<String, List<Notification>> n) {
    StringBuilder sb = new StringBuilder();
    n.forEach(
        (k, v) ->
            sb.append(k)
                .append(' ')
                .append(v.stream().map(Notification::offset).toList())
                .append('\n'));
    return sb.toString();
  }

  /** "status summary…" of each notification of {@code key}. */
  private static List<String> statuses(Map<String, List<Notification>> n, String key) {
    return n.get(key).stream()
        .map(
            x -> {
              StringBuilder sb = new StringBuilder(x.payload().get("status").asText());
              x.payload()
                  .get("alerts")
                  .forEach(
                      a -> sb.append(' ').append(a.get("annotations").get("summary").asText()));
              return sb.toString();
            })
        .toList();
  }
}
