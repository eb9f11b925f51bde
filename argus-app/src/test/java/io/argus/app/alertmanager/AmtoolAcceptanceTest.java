package io.argus.app.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.testkit.LoopbackPorts;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 1 of issue 7: Debian's {@code amtool} driven against {@code argus alertmanager} and
 * against Debian's {@code prometheus-alertmanager} 0.25, both on free loopback ports with temporary
 * storage, must print the same (after blanking what differs by nature: silence ids and the receive
 * times).
 */
class AmtoolAcceptanceTest {
  private static final Path DEBIAN_AM = Path.of("/usr/bin/prometheus-alertmanager");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern SIMPLE_TIME =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [A-Z]+");
  static final String CONFIG =
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

  @TempDir static Path dir;
  private static Process debian;
  private static AlertmanagerServer argus;
  private static String debianUrl;
  private static String argusUrl;

  @BeforeAll
  static void startBoth() throws Exception {
    assumeTrue(AmtoolRunner.available(), "amtool not installed at " + AmtoolRunner.AMTOOL);
    assumeTrue(Files.isExecutable(DEBIAN_AM), "prometheus-alertmanager not installed");
    Path config = dir.resolve("alertmanager.yml");
    Files.writeString(config, CONFIG);
    argus = startArgus(config, dir.resolve("argus-data"));
    argusUrl = "http://127.0.0.1:" + argus.port() + "/";
    int port = LoopbackPorts.freePort();
    debian =
        new ProcessBuilder(
                DEBIAN_AM.toString(),
                "--config.file=" + config,
                "--storage.path=" + dir.resolve("debian-data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("debian.log").toFile())
            .start();
    debianUrl = "http://127.0.0.1:" + port + "/";
    awaitReady(debianUrl);
  }

  static AlertmanagerServer startArgus(Path config, Path storage) throws Exception {
    AlertmanagerSettings settings =
        new AlertmanagerSettings(
            config,
            storage,
            new ListenAddress("127.0.0.1", 0),
            URI.create("http://127.0.0.1/"),
            120 * 3_600_000L,
            15 * 60_000L,
            30 * 60_000L);
    return AlertmanagerServer.start(settings, BuildInfo.load(), Clock.SYSTEM, FileOps.defaults());
  }

  @AfterAll
  static void stopBoth() throws Exception {
    if (argus != null) {
      argus.close();
    }
    if (debian != null) {
      debian.destroy();
      if (!debian.waitFor(10, TimeUnit.SECONDS)) {
        debian.destroyForcibly();
      }
    }
  }

  private static void awaitReady(String base) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    for (int i = 0; i < 100; i++) {
      try {
        HttpResponse<String> r =
            client.send(
                HttpRequest.newBuilder(URI.create(base + "-/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "Debian's alertmanager did not become ready: "
            + Files.readString(dir.resolve("debian.log")));
  }

  static AmtoolRunner.Result amtool(String url, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--alertmanager.url=" + url);
    all.add("--no-version-check");
    return AmtoolRunner.run(dir, all);
  }

  /** Runs the same amtool command against both and returns {debian, argus}. */
  private static AmtoolRunner.Result[] both(String... args) throws Exception {
    return new AmtoolRunner.Result[] {amtool(debianUrl, args), amtool(argusUrl, args)};
  }

  private static String blankIds(String s) {
    return SIMPLE_TIME.matcher(UUID.matcher(s).replaceAll("<id>")).replaceAll("<time>");
  }

  /** Drops the fields that differ by nature between two servers from amtool's JSON. */
  private static JsonNode normalized(String json, String... drop) throws IOException {
    JsonNode n = JSON.readTree(json);
    if (n instanceof ArrayNode a) {
      for (JsonNode e : a) {
        ((ObjectNode) e).remove(List.of(drop));
      }
    }
    return n;
  }

  private static void assertSameOutput(AmtoolRunner.Result[] r) {
    assertThat(r[1].exitCode())
        .as("argus exit code; stderr " + r[1].err())
        .isEqualTo(r[0].exitCode());
    assertThat(blankIds(r[1].out())).isEqualTo(blankIds(r[0].out()));
    assertThat(blankIds(r[1].err())).isEqualTo(blankIds(r[0].err()));
  }

  @Test
  void alertsAndSilences_sameAsDebianAlertmanager() throws Exception {
    String[] start = {"--start=2026-01-01T00:00:00Z", "--end=2099-01-01T00:00:00Z"};
    assertSameOutput(
        both(
            "alert",
            "add",
            "alertname=Disk",
            "severity=warning",
            "--annotation=summary=full",
            start[0],
            start[1]));
    assertSameOutput(both("alert", "add", "Disk", "severity=critical", start[0], start[1]));
    assertSameOutput(
        both(
            "alert",
            "add",
            "Pager",
            "severity=page",
            "--generator-url=http://gen/x",
            start[0],
            start[1]));
    assertSameOutput(both("alert", "add")); // no labels: amtool's own error

    AmtoolRunner.Result[] simple = both("alert", "query");
    assertSameOutput(simple);
    assertThat(simple[1].out()).contains("Pager").contains("Disk");
    AmtoolRunner.Result[] inhibited = both("alert", "query", "-i", "-o", "json");
    assertThat(normalized(inhibited[1].out(), "updatedAt"))
        .isEqualTo(normalized(inhibited[0].out(), "updatedAt"));
    assertThat(JSON.readTree(inhibited[1].out())).hasSize(1);
    assertSameOutput(both("alert", "query", "severity=~\"w.*|c.*\"", "-o", "extended", "-i"));
    assertSameOutput(both("alert", "query", "foo=~\"(\""));

    AmtoolRunner.Result[] added =
        both("silence", "add", "alertname=Pager", "-a", "tester", "-c", "maintenance");
    assertSameOutput(added);
    String argusSilence = added[1].out().trim();
    String debianSilence = added[0].out().trim();
    assertThat(argusSilence).matches(UUID);
    assertSameOutput(
        both(
            "silence",
            "add",
            "job=later",
            "-a",
            "tester",
            "-c",
            "pending",
            "--start=2098-01-01T00:00:00Z",
            "--end=2098-02-01T00:00:00Z"));
    assertSameOutput(both("silence", "add", "-c", "x")); // no matchers
    assertSameOutput(both("silence", "query"));
    assertSameOutput(both("silence", "query", "-q"));
    AmtoolRunner.Result[] silencesJson = both("silence", "query", "-o", "json");
    String[] volatileFields = {"id", "updatedAt", "startsAt", "endsAt"};
    assertThat(normalized(silencesJson[1].out(), volatileFields))
        .isEqualTo(normalized(silencesJson[0].out(), volatileFields));
    assertSameOutput(both("alert", "query")); // Pager is silenced now
    assertSameOutput(both("alert", "query", "-s"));

    AmtoolRunner.Result[] expired =
        new AmtoolRunner.Result[] {
          amtool(debianUrl, "silence", "expire", debianSilence),
          amtool(argusUrl, "silence", "expire", argusSilence)
        };
    assertSameOutput(expired);
    assertSameOutput(both("silence", "expire", "0f0f0f0f-0f0f-0f0f-0f0f-0f0f0f0f0f0f"));
    AmtoolRunner.Result[] again =
        new AmtoolRunner.Result[] {
          amtool(debianUrl, "silence", "expire", debianSilence),
          amtool(argusUrl, "silence", "expire", argusSilence)
        };
    assertSameOutput(again);
    assertSameOutput(both("silence", "query", "--expired", "-q"));
    assertSameOutput(both("alert", "query"));

    Path importFile = dir.resolve("import.json");
    Files.writeString(
        importFile,
        """
        [{"id":"11111111-2222-3333-4444-555555555555","matchers":[{"name":"team","value":"db",
          "isRegex":false,"isEqual":true}],"startsAt":"2097-01-01T00:00:00Z",
          "endsAt":"2097-01-02T00:00:00Z","createdBy":"importer","comment":"one"},
         {"matchers":[{"name":"team","value":"ops.*","isRegex":true,"isEqual":false}],
          "startsAt":"2097-01-01T01:00:00Z","endsAt":"2097-01-03T00:00:00Z",
          "createdBy":"importer","comment":"two"}]
        """);
    assertSameOutput(both("silence", "import", importFile.toString()));
    String[] ids = {"id", "updatedAt"};
    AmtoolRunner.Result[] imported = both("silence", "query", "-o", "json");
    assertThat(normalized(imported[1].out(), ids)).isEqualTo(normalized(imported[0].out(), ids));
    // A filter selects silences having an equal matcher (not silences whose values it matches).
    for (String filter : List.of("team=db", "team!~ops.*", "team=~.+", "team=~db")) {
      AmtoolRunner.Result[] filtered = both("silence", "query", filter, "-o", "json");
      assertThat(normalized(filtered[1].out(), ids))
          .as(filter)
          .isEqualTo(normalized(filtered[0].out(), ids));
    }
    assertThat(JSON.readTree(both("silence", "query", "team=db", "-o", "json")[1].out()))
        .hasSize(1);
    assertSameOutput(both("config", "routes", "test", "severity=page"));
    assertSameOutput(both("config", "routes", "test", "alertname=x"));
  }

  /** A configuration touching most of what 0.25 re-prints: defaults, secrets, every form. */
  static final String RICH_CONFIG =
      """
      global:
        resolve_timeout: 90s
        smtp_from: am@example.org
        smtp_smarthost: smtp.example.org:587
        smtp_auth_password: pw
        slack_api_url: https://hooks.slack.com/services/XXX
        opsgenie_api_key: key
        http_config:
          basic_auth: {username: u, password: p}
          tls_config: {insecure_skip_verify: true, min_version: TLS12}
      route:
        receiver: default
        group_by: ['...']
        repeat_interval: 90m
        routes:
          - match: {severity: page}
            match_re: {service: '^(foo|bar)$'}
            receiver: pager
            continue: true
            mute_time_intervals: [offhours]
          - matchers: ['team=~"a.*"', 'env!="prod"']
            receiver: chat
            active_time_intervals: [bizhours]
      inhibit_rules:
        - source_match: {severity: critical}
          target_match_re: {severity: warning|info}
          equal: [alertname]
      time_intervals:
        - name: bizhours
          time_intervals:
            - times: [{start_time: '09:00', end_time: '17:30'}]
              weekdays: ['monday:friday']
              location: Europe/Berlin
            - months: ['december']
      mute_time_intervals:
        - name: offhours
          time_intervals:
            - weekdays: [saturday, sunday]
      receivers:
        - name: default
        - name: pager
          webhook_configs:
            - url: http://127.0.0.1:9/hook
              max_alerts: 3
              http_config: {authorization: {credentials: tok}}
          email_configs:
            - to: ops@example.org
              headers: {x-team: ops}
          pagerduty_configs:
            - routing_key: rk
              links: [{href: 'http://l', text: runbook}]
        - name: chat
          slack_configs:
            - channel: '#alerts'
              title: "two\\nlines"
              actions: [{type: button, text: ack, name: ack, value: 'yes'}]
          opsgenie_configs:
            - responders: [{name: team1, type: Team}]
              priority: P1
      """;

  @Test
  void configShow_sameAsDebianAlertmanager() throws Exception {
    AmtoolRunner.Result[] shown = both("config", "show");
    assertSameOutput(shown);
    assertThat(shown[1].out())
        .contains("resolve_timeout: 5m")
        .contains("webex_api_url: https://webexapis.com/v1/messages")
        .contains("- severity=\"page\"")
        .contains("templates: []");
    AmtoolRunner.Result check =
        AmtoolRunner.run(dir, List.of("check-config", dir.resolve("alertmanager.yml").toString()));
    assertThat(check.exitCode()).isZero();
    assertThat(check.out()).contains("SUCCESS").contains(" - 2 receivers");

    Path config = dir.resolve("alertmanager.yml");
    try {
      Files.writeString(config, RICH_CONFIG);
      reloadBoth();
      AmtoolRunner.Result[] rich = both("config", "show");
      assertSameOutput(rich);
      assertThat(rich[1].out())
          .contains("resolve_timeout: 1m30s")
          .contains("password: <secret>")
          .contains("min_version: 771")
          .contains("- {months: [\"12\"]}")
          .contains("      To: ops@example.org")
          .contains("    title: |-\n      two\n      lines\n");
      AmtoolRunner.Result[] json = both("config", "show", "-o", "json");
      assertThat(JSON.readTree(json[1].out()).at("/config/original"))
          .isEqualTo(JSON.readTree(json[0].out()).at("/config/original"));
    } finally {
      Files.writeString(config, CONFIG);
      reloadBoth();
    }
  }

  private static void reloadBoth() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    for (String base : List.of(debianUrl, argusUrl)) {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "-/reload"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(base + " reload: " + r.body()).isEqualTo(200);
    }
  }

  @Test
  void restart_keepsSilences() throws Exception {
    Path config = dir.resolve("alertmanager.yml");
    Path storage = dir.resolve("restart-data");
    String id;
    try (AlertmanagerServer first = startArgus(config, storage)) {
      AmtoolRunner.Result added =
          amtool(
              "http://127.0.0.1:" + first.port() + "/",
              "silence",
              "add",
              "alertname=Kept",
              "-a",
              "tester",
              "-c",
              "survives",
              "-d",
              "2h");
      assertThat(added.exitCode()).as(added.err()).isZero();
      id = added.out().trim();
    }
    try (AlertmanagerServer second = startArgus(config, storage)) {
      AmtoolRunner.Result query =
          amtool("http://127.0.0.1:" + second.port() + "/", "silence", "query", "-o", "json");
      JsonNode silences = JSON.readTree(query.out());
      assertThat(silences).hasSize(1);
      assertThat(silences.get(0).get("id").asText()).isEqualTo(id);
      assertThat(silences.get(0).get("comment").asText()).isEqualTo("survives");
      assertThat(silences.get(0).get("status").get("state").asText()).isEqualTo("active");
    }
    assertThat(new File(storage.toFile(), "silences")).exists();
  }
}
