package io.argus.app.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.net.URI;
import java.nio.file.Path;
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
  }
}
