package io.argus.app.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.alertmanager.cluster.ClusterSettings;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AlertmanagerCommandTest {
  private static AlertmanagerSettings parse(String... args) {
    AlertmanagerCommand cmd =
        new AlertmanagerCommand(BuildInfo.load(), Clock.SYSTEM, FileOps.defaults());
    new CommandLine(cmd).parseArgs(args);
    return cmd.settings();
  }

  @Test
  void settings_defaults_asUpstream() {
    AlertmanagerSettings s = parse();
    assertThat(s.configFile()).isEqualTo(Path.of("alertmanager.yml"));
    assertThat(s.storagePath()).isEqualTo(Path.of("data/"));
    assertThat(s.listenAddress()).isEqualTo(ListenAddress.parse(":9093"));
    assertThat(s.externalUrl()).isNull();
    assertThat(s.retentionMillis()).isEqualTo(120 * 3_600_000L);
    assertThat(s.maintenanceIntervalMillis()).isEqualTo(15 * 60_000L);
    assertThat(s.alertsGcIntervalMillis()).isEqualTo(30 * 60_000L);
  }

  @Test
  void settings_flags_parsed() {
    AlertmanagerSettings s =
        parse(
            "--config.file=/etc/am.yml",
            "--storage.path=/var/am",
            "--web.listen-address=127.0.0.1:19093",
            "--web.external-url=http://am.example:9093/am",
            "--data.retention=2h",
            "--alerts.gc-interval=1m");
    assertThat(s.configFile()).isEqualTo(Path.of("/etc/am.yml"));
    assertThat(s.storagePath()).isEqualTo(Path.of("/var/am"));
    assertThat(s.listenAddress()).isEqualTo(new ListenAddress("127.0.0.1", 19093));
    assertThat(s.externalUrl()).isEqualTo(URI.create("http://am.example:9093/am"));
    assertThat(s.retentionMillis()).isEqualTo(2 * 3_600_000L);
    assertThat(s.alertsGcIntervalMillis()).isEqualTo(60_000L);
    assertThat(s.routePrefix()).isEmpty();
    assertThat(s.effectiveRoutePrefix(s.externalUrl())).isEqualTo("/am");
    AlertmanagerSettings prefixed =
        parse("--web.route-prefix=inner/", "--web.external-url=http://x/am");
    assertThat(prefixed.routePrefix()).isEqualTo("inner/");
    assertThat(prefixed.effectiveRoutePrefix(prefixed.externalUrl())).isEqualTo("/inner");
    assertThat(parse().effectiveRoutePrefix(URI.create("http://host:9093/"))).isEqualTo("/");
  }

  @Test
  void settings_clusterDefaults_asUpstream() {
    ClusterSettings c = parse().cluster();
    assertThat(c.enabled()).isTrue();
    assertThat(c.listenAddress()).isEqualTo("0.0.0.0:9094");
    assertThat(c.advertiseAddress()).isEmpty();
    assertThat(c.peers()).isEmpty();
    assertThat(c.clusterName()).isEqualTo(ClusterSettings.DEFAULT_CLUSTER_NAME);
    assertThat(c.peerTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(c.gossipInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(c.pushPullInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.settleTimeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.probeInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.probeTimeout()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void settings_clusterFlags_parsed_emptyListenAddressDisables() {
    ClusterSettings c =
        parse(
                "--cluster.listen-address=127.0.0.1:19094",
                "--cluster.advertise-address=10.0.0.1:19094",
                "--cluster.peer=127.0.0.1:19194",
                "--cluster.peer=dnssrv+_am._tcp.example.org",
                "--cluster.label=prod",
                "--cluster.peer-timeout=3s",
                "--cluster.gossip-interval=50ms",
                "--cluster.pushpull-interval=10s",
                "--cluster.settle-timeout=5s",
                "--cluster.probe-interval=200ms",
                "--cluster.probe-timeout=300ms")
            .cluster();
    assertThat(c.listenAddress()).isEqualTo("127.0.0.1:19094");
    assertThat(c.advertiseAddress()).isEqualTo("10.0.0.1:19094");
    assertThat(c.peers()).containsExactly("127.0.0.1:19194", "dnssrv+_am._tcp.example.org");
    assertThat(c.clusterName()).isEqualTo("prod");
    assertThat(c.peerTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.gossipInterval()).isEqualTo(Duration.ofMillis(50));
    assertThat(c.pushPullInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.settleTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.probeInterval()).isEqualTo(Duration.ofMillis(200));
    assertThat(c.probeTimeout()).isEqualTo(Duration.ofMillis(300));
    assertThat(parse("--cluster.listen-address=").cluster().enabled()).isFalse();
  }

  @Test
  void call_zeroGossipInterval_isAUsageError() {
    AlertmanagerCommand cmd =
        new AlertmanagerCommand(BuildInfo.load(), Clock.SYSTEM, FileOps.defaults());
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(cmd).setErr(new PrintWriter(err, true));
    int code = cli.execute("--cluster.gossip-interval=0s", "--cluster.listen-address=127.0.0.1:0");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("cluster intervals must be positive");
  }
}
