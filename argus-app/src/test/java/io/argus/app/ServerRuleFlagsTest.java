package io.argus.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.app.runtime.BuildInfo;
import io.argus.app.server.RuleSettings;
import io.argus.app.server.ServerCommand;
import io.argus.app.server.TsdbServerStorage;
import io.argus.app.up.JavaLauncher;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code --rules.alert.*} flags of {@code argus server}. */
class ServerRuleFlagsTest {
  private static final ArgusCli.Context CONTEXT =
      new ArgusCli.Context(
          new BuildInfo("1.2.3", "0123abcd", "main", "20261126-23:15:21", "25", "linux/amd64"),
          Clock.SYSTEM,
          TsdbServerStorage.factory(FileOps.defaults()),
          new JavaLauncher(Path.of("/usr/bin/java"), "argus.jar", "io.argus.app.Main"));

  private static ServerCommand server(String... args) {
    StringWriter sink = new StringWriter();
    CommandLine cli =
        ArgusCli.commandLine(CONTEXT, new PrintWriter(sink, true), new PrintWriter(sink, true));
    cli.parseArgs(args);
    return cli.getSubcommands().get("server").getCommand();
  }

  @Test
  void ruleFlags_defaultToPrometheus() {
    ServerCommand s = server("server");

    assertThat(s.settings().rules()).isEqualTo(RuleSettings.DEFAULT);
    assertThat(s.settings().rules())
        .isEqualTo(new RuleSettings(3_600_000L, 600_000L, 60_000L));
    assertThat(s.settings().flags())
        .containsEntry("rules.alert.for-outage-tolerance", "1h")
        .containsEntry("rules.alert.for-grace-period", "10m")
        .containsEntry("rules.alert.resend-delay", "1m");
  }

  @Test
  void ruleFlags_parseDurations() {
    ServerCommand s =
        server(
            "server",
            "--rules.alert.for-outage-tolerance=2h30m",
            "--rules.alert.for-grace-period=90s",
            "--rules.alert.resend-delay=15s");

    assertThat(s.settings().rules()).isEqualTo(new RuleSettings(9_000_000L, 90_000L, 15_000L));
  }
}
