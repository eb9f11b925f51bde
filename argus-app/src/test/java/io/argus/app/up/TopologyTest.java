package io.argus.app.up;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.alertmanager.config.AlertmanagerConfig;
import io.argus.model.labels.Labels;
import io.argus.model.relabel.RelabelAction;
import io.argus.model.relabel.RelabelConfig;
import io.argus.model.relabel.Relabeler;
import io.argus.scrape.config.Config;
import io.argus.scrape.config.ConfigLoader;
import io.argus.scrape.config.ScrapeConfig;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopologyTest {
  @Test
  void components_startAnHaPairOfServersThreeAlertmanagersAndTheDemo() {
    Topology topology = new Topology(Path.of("/srv/argus"), "127.0.0.1", 9090);

    List<Component> components = topology.components();

    assertThat(components)
        .containsExactly(
            new Component(
                "server-0",
                "argus server (replica 0)",
                List.of(
                    "server",
                    "--config.file=/srv/argus/server-0.yml",
                    "--storage.tsdb.path=/srv/argus/server-0",
                    "--web.listen-address=127.0.0.1:9090",
                    "--grpc-address=127.0.0.1:10901"),
                URI.create("http://127.0.0.1:9090/")),
            new Component(
                "server-1",
                "argus server (replica 1)",
                List.of(
                    "server",
                    "--config.file=/srv/argus/server-1.yml",
                    "--storage.tsdb.path=/srv/argus/server-1",
                    "--web.listen-address=127.0.0.1:9091",
                    "--grpc-address=127.0.0.1:10911"),
                URI.create("http://127.0.0.1:9091/")),
            alertmanager(0, 9093, 9096, "127.0.0.1:9097", "127.0.0.1:9098"),
            alertmanager(1, 9094, 9097, "127.0.0.1:9096", "127.0.0.1:9098"),
            alertmanager(2, 9095, 9098, "127.0.0.1:9096", "127.0.0.1:9097"),
            new Component(
                "query",
                "argus query (deduplicated view of both replicas)",
                List.of(
                    "query",
                    "--http-address=127.0.0.1:10902",
                    "--endpoint=127.0.0.1:10901",
                    "--endpoint=127.0.0.1:10911",
                    "--query.replica-label=replica"),
                URI.create("http://127.0.0.1:10902/")),
            new Component(
                "demo",
                "demo workload (3 targets)",
                List.of("demo", "--targets=3", "--listen-address=127.0.0.1:9110"),
                URI.create("http://127.0.0.1:9110/metrics")));
  }

  private static Component alertmanager(
      int peer, int webPort, int clusterPort, String otherPeer, String secondOtherPeer) {
    return new Component(
        "alertmanager-" + peer,
        "argus alertmanager (peer " + peer + ")",
        List.of(
            "alertmanager",
            "--config.file=/srv/argus/alertmanager.yml",
            "--storage.path=/srv/argus/alertmanager-" + peer,
            "--web.listen-address=127.0.0.1:" + webPort,
            "--cluster.listen-address=127.0.0.1:" + clusterPort,
            "--cluster.peer=" + otherPeer,
            "--cluster.peer=" + secondOtherPeer),
        URI.create("http://127.0.0.1:" + webPort + "/"));
  }

  @Test
  void configFiles_alertmanagerConfigLoads() throws Exception {
    Topology topology = new Topology(Path.of("/srv/argus"), "127.0.0.1", 9090);

    String yaml = topology.configFiles().get(Path.of("/srv/argus/alertmanager.yml"));

    AlertmanagerConfig config =
        io.argus.alertmanager.config.ConfigLoader.load(yaml, ZoneOffset.UTC);
    assertThat(config.route().receiver()).isEqualTo("default");
    assertThat(config.receivers()).hasSize(1);
  }

  @Test
  void configFiles_loadStrictly_withReplicaLabel_scrapingBothServersAndTheDemo() {
    Topology topology = new Topology(Path.of("/srv/argus"), "127.0.0.1", 9090);

    Map<Path, String> files = topology.configFiles();

    assertThat(files.keySet())
        .containsExactly(
            Path.of("/srv/argus/server-0.yml"),
            Path.of("/srv/argus/server-1.yml"),
            Path.of("/srv/argus/self-monitoring.rules.yml"),
            Path.of("/srv/argus/alertmanager.yml"));
    for (int replica = 0; replica < Topology.SERVER_REPLICAS; replica++) {
      String yaml = files.get(Path.of("/srv/argus/server-" + replica + ".yml"));
      Config config = ConfigLoader.loadString(yaml, Path.of("/srv/argus"));
      assertThat(config.global().externalLabels())
          .isEqualTo(Labels.of("replica", String.valueOf(replica)));
      assertThat(config.ruleFiles()).containsExactly("/srv/argus/self-monitoring.rules.yml");
      assertThat(config.alerting().alertmanagers()).hasSize(1);
      assertThat(
              config
                  .alerting()
                  .alertmanagers()
                  .getFirst()
                  .serviceDiscovery()
                  .staticConfigs()
                  .getFirst()
                  .targets())
          .containsExactly("127.0.0.1:9093", "127.0.0.1:9094", "127.0.0.1:9095");
      RelabelConfig drop = config.alerting().alertRelabelConfigs().getFirst();
      assertThat(config.alerting().alertRelabelConfigs()).hasSize(1);
      assertThat(drop.action()).isEqualTo(RelabelAction.LABELDROP);
      assertThat(Relabeler.process(Labels.of("alertname", "A", "replica", "1"), List.of(drop)))
          .isEqualTo(Labels.of("alertname", "A"));
      assertThat(config.scrapeConfigs()).hasSize(3);
      ScrapeConfig job = config.scrapeConfigs().getFirst();
      assertThat(job.jobName()).isEqualTo("argus");
      assertThat(job.serviceDiscovery().staticConfigs().getFirst().targets())
          .containsExactly("127.0.0.1:9090", "127.0.0.1:9091");
      ScrapeConfig alertmanagers = config.scrapeConfigs().get(1);
      assertThat(alertmanagers.jobName()).isEqualTo("alertmanager");
      assertThat(alertmanagers.serviceDiscovery().staticConfigs().getFirst().targets())
          .containsExactly("127.0.0.1:9093", "127.0.0.1:9094", "127.0.0.1:9095");
      ScrapeConfig demo = config.scrapeConfigs().get(2);
      assertThat(demo.jobName()).isEqualTo("demo");
      assertThat(demo.serviceDiscovery().staticConfigs().getFirst().targets())
          .containsExactly("127.0.0.1:9110", "127.0.0.1:9111", "127.0.0.1:9112");
    }
  }

  @Test
  void configFiles_ruleFileIsTheShippedResourceAndLoads() throws Exception {
    Topology topology = new Topology(Path.of("/srv/argus"), "127.0.0.1", 9090);

    String rules = topology.configFiles().get(Path.of("/srv/argus/self-monitoring.rules.yml"));

    try (InputStream in = Topology.class.getResourceAsStream("self-monitoring.rules.yml")) {
      assertThat(rules).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    assertThat(rules).contains("alert: ArgusReplicaDown");
  }

  @Test
  void components_followThePortBaseAndBracketIpv6() {
    Topology topology = new Topology(Path.of("data"), "::1", 19090);

    Component server = topology.components().getFirst();
    Component demo = topology.components().getLast();

    assertThat(server.arguments()).contains("--web.listen-address=[::1]:19090");
    assertThat(server.url()).isEqualTo(URI.create("http://[::1]:19090/"));
    assertThat(server.arguments()).contains("--grpc-address=[::1]:20901");
    Component query =
        topology.components().stream().filter(c -> c.name().equals("query")).findFirst().orElseThrow();
    assertThat(query.arguments())
        .contains("--http-address=[::1]:20902", "--endpoint=[::1]:20901", "--endpoint=[::1]:20911");
    assertThat(demo.arguments()).contains("--listen-address=[::1]:19110");
    assertThat(topology.configFiles().values().iterator().next())
        .contains("\"[::1]:19110\", \"[::1]:19111\", \"[::1]:19112\"");
  }

  @Test
  void javaLauncher_runsMainWithNativeAccess() {
    JavaLauncher launcher = new JavaLauncher(Path.of("/jdk/bin/java"), "argus.jar", "a.Main");

    assertThat(launcher.command(List.of("server", "--x=1")))
        .containsExactly(
            "/jdk/bin/java",
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            "argus.jar",
            "a.Main",
            "server",
            "--x=1");
  }

  @Test
  void javaLauncher_passesItsJvmOptionsOn() {
    JavaLauncher launcher =
        new JavaLauncher(
            Path.of("/jdk/bin/java"),
            List.of("-XX:+UseCompactObjectHeaders", "-Xmx1g"),
            "argus.jar",
            "a.Main");

    assertThat(launcher.command(List.of("server")))
        .containsExactly(
            "/jdk/bin/java",
            "--enable-native-access=ALL-UNNAMED",
            "-XX:+UseCompactObjectHeaders",
            "-Xmx1g",
            "-cp",
            "argus.jar",
            "a.Main",
            "server");
  }

  @Test
  void javaLauncher_currentTakesThisJvmsXOptionsOnly() {
    assertThat(JavaLauncher.current("a.Main").jvmOptions()).allMatch(o -> o.startsWith("-X"));
  }
}
