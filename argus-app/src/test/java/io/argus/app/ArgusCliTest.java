package io.argus.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.app.cli.ExitCodes;
import io.argus.app.cli.ListenAddress;
import io.argus.app.log.LogFormat;
import io.argus.app.log.LogLevel;
import io.argus.app.runtime.BuildInfo;
import io.argus.app.server.QuerySettings;
import io.argus.app.server.ServerCommand;
import io.argus.app.server.ServerSettings;
import io.argus.app.server.StorageOptions;
import io.argus.app.server.TsdbServerStorage;
import io.argus.app.up.JavaLauncher;
import io.argus.app.up.UpCommand;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ArgusCliTest {
  private static final BuildInfo BUILD =
      new BuildInfo(
          "1.2.3", "0123abcd", "main", "20261126-23:15:21", "25.0.1+8-LTS", "linux/amd64");
  private static final ArgusCli.Context CONTEXT =
      new ArgusCli.Context(
          BUILD,
          Clock.SYSTEM,
          TsdbServerStorage.factory(FileOps.defaults()),
          new JavaLauncher(Path.of("/usr/bin/java"), "argus.jar", "io.argus.app.Main"));

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.run(CONTEXT, args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private CommandLine parsed(String... args) {
    CommandLine cli =
        ArgusCli.commandLine(CONTEXT, new PrintWriter(out, true), new PrintWriter(err, true));
    cli.parseArgs(args);
    return cli;
  }

  @Test
  void version_printsPrometheusStyleVersion() {
    int status = run("--version");

    assertThat(status).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .isEqualTo(
            """
            argus, version 1.2.3 (branch: main, revision: 0123abcd)
              build date:       20261126-23:15:21
              java:             25.0.1+8-LTS
              platform:         linux/amd64
            """);
  }

  @Test
  void help_listsCommandsAndLogFlags() {
    int status = run("--help");

    assertThat(status).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains("Usage: argus", "server", "up", "--log.level", "--log.format");
  }

  @Test
  void namedSubcommand_isTheOnlyOneBuilt_andEveryOtherLineBuildsThemAll() {
    PrintWriter o = new PrintWriter(out, true);
    PrintWriter e = new PrintWriter(err, true);
    var all = ArgusCli.commandLine(CONTEXT, o, e).getSubcommands().keySet();

    assertThat(all)
        .containsExactly(
            "server",
            "up",
            "tsdb",
            "check",
            "test",
            "demo",
            "alertmanager",
            "query",
            "aot-training");
    for (String name : all) {
      assertThat(
              ArgusCli.commandLine(CONTEXT, o, e, new String[] {name, "--help"}).getSubcommands())
          .as("argus %s", name)
          .containsOnlyKeys(name);
    }
    for (String[] line :
        new String[][] {{}, {"--help"}, {"--log.level=debug", "server"}, {"serve"}}) {
      assertThat(ArgusCli.commandLine(CONTEXT, o, e, line).getSubcommands().keySet())
          .as("argus %s", String.join(" ", line))
          .isEqualTo(all);
    }
  }

  @Test
  void unknownCommand_isUsageErrorNamingIt() {
    int status = run("serve");

    assertThat(status).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).startsWith("argus: error: ").contains("'serve'", "try --help");
  }

  @Test
  void serverHelp_listsConfigAndLifecycleFlags() {
    int status = run("server", "--help");

    assertThat(status).isEqualTo(ExitCodes.OK);
    assertThat(out.toString())
        .contains(
            "--config.file",
            "SIGHUP reloads it",
            "--web.enable-lifecycle",
            "--storage.tsdb.retention.time",
            "15d");
  }

  @Test
  void noCommand_isUsageError() {
    int status = run();

    assertThat(status).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).isEqualTo("argus: error: expected a command, try --help\n");
  }

  @Test
  void unknownFlag_isUsageError() {
    int status = run("server", "--storage.tsdb.bogus=1");

    assertThat(status).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .startsWith("argus server: error: Unknown option: '--storage.tsdb.bogus=1'");
  }

  @Test
  void invalidDuration_isUsageError() {
    int status = run("server", "--storage.tsdb.retention.time=1m1h");

    assertThat(status).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("not a valid duration string: \"1m1h\"");
  }

  @Test
  void invalidListenAddress_isUsageError() {
    int status = run("server", "--web.listen-address=localhost");

    assertThat(status).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("missing port in address");
  }

  @Test
  void quotedExternalUrl_isUsageError() {
    int status = run("server", "--web.external-url='http://example.com'");

    assertThat(status).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("URL must not begin or end with quotes");
  }

  @Test
  void server_parsesExternalUrl() {
    CommandLine cli = parsed("server", "--web.external-url=https://prom.example.com/argus/");
    ServerCommand server = cli.getSubcommands().get("server").getCommand();

    assertThat(server.settings().externalUrl())
        .isEqualTo(java.net.URI.create("https://prom.example.com/argus"));
    assertThat(server.settings().flags())
        .containsEntry("web.external-url", "https://prom.example.com/argus/");
  }

  @Test
  void missingConfigFile_isUsageError() {
    Path missing = tmp.resolve("prometheus.yml");

    int status = run("server", "--config.file=" + missing);

    assertThat(status).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString())
        .contains("error loading config (--config.file=" + missing + ")")
        .contains("no such file or directory");
  }

  @Test
  void server_defaultsMirrorPrometheus() {
    CommandLine cli = parsed("server");
    ServerCommand server = cli.getSubcommands().get("server").getCommand();

    assertThat(server.settings())
        .usingRecursiveComparison()
        .ignoringFields("flags")
        .isEqualTo(
            new ServerSettings(
                new StorageOptions(Path.of("data/"), 15 * 86_400_000L, 0),
                new ListenAddress("0.0.0.0", 9090)));
    assertThat(server.settings().flags())
        .containsEntry("query.timeout", "2m")
        .containsEntry("query.max-concurrency", "20")
        .containsEntry("alertmanager.notification-queue-capacity", "10000")
        .containsEntry("web.read-timeout", "5m")
        .containsEntry("web.enable-admin-api", "false")
        .containsEntry("storage.tsdb.path", "data/");
  }

  @Test
  void server_parsesRemoteFlags() {
    CommandLine cli =
        parsed(
            "server",
            "--web.enable-remote-write-receiver",
            "--web.remote-write-receiver.accepted-protobuf-messages=prometheus.WriteRequest",
            "--ha-tracker.enable",
            "--ha-tracker.cluster=prom_cluster",
            "--ha-tracker.replica=prom_replica",
            "--ha-tracker.failover-timeout=1m",
            "--ha-tracker.max-clusters=5",
            "--storage.remote.read-sample-limit=1e6",
            "--storage.remote.read-concurrent-limit=2",
            "--storage.remote.read-max-bytes-in-frame=4096");
    ServerCommand server = cli.getSubcommands().get("server").getCommand();

    assertThat(server.settings().remote())
        .isEqualTo(
            new io.argus.app.server.RemoteSettings(
                true,
                java.util.EnumSet.of(io.argus.remote.receiver.WriteProtocol.V1),
                new io.argus.remote.receiver.HaTrackerConfig(
                    true, "prom_cluster", "prom_replica", 60_000, 5),
                new io.argus.remote.read.ReadLimits(1_000_000, 2, 4096)));
    assertThat(
            parsed("server")
                .getSubcommands()
                .get("server")
                .<ServerCommand>getCommand()
                .settings()
                .remote())
        .isEqualTo(io.argus.app.server.RemoteSettings.DEFAULT);
  }

  @Test
  void server_parsesWalBudget() {
    ServerCommand server =
        parsed("server", "--storage.remote.wal-budget=256MB")
            .getSubcommands()
            .get("server")
            .getCommand();

    assertThat(server.settings().remote().walBudgetBytes()).isEqualTo(256L << 20);
    assertThat(io.argus.app.server.RemoteSettings.DEFAULT.walBudgetBytes()).isEqualTo(1L << 30);
  }

  @Test
  void unknownRemoteWriteMessage_isUsageError() {
    int status = run("server", "--web.remote-write-receiver.accepted-protobuf-messages=foo.Bar");

    assertThat(status).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("unknown remote write protobuf message foo.Bar");
  }

  @Test
  void server_parsesEveryFlag() {
    CommandLine cli =
        parsed(
            "server",
            "--storage.tsdb.path=/var/lib/argus",
            "--storage.tsdb.retention.time=2h30m",
            "--storage.tsdb.retention.size=1GB",
            "--web.listen-address",
            "127.0.0.1:0",
            "--web.enable-admin-api",
            "--query.max-concurrency=3",
            "--query.timeout=30s",
            "--query.lookback-delta=1m",
            "--query.max-samples=1000",
            "--alertmanager.notification-queue-capacity=77",
            "--web.read-timeout=45s");
    ServerCommand server = cli.getSubcommands().get("server").getCommand();

    ServerSettings settings = server.settings();
    assertThat(settings.storage())
        .isEqualTo(new StorageOptions(Path.of("/var/lib/argus"), 9_000_000L, 1L << 30));
    assertThat(settings.listenAddress()).isEqualTo(new ListenAddress("127.0.0.1", 0));
    assertThat(settings.enableAdminApi()).isTrue();
    assertThat(settings.query()).isEqualTo(new QuerySettings(3, 30_000, 60_000, 1000));
    assertThat(settings.notificationQueueCapacity()).isEqualTo(77);
    assertThat(settings.readTimeoutMillis()).isEqualTo(45_000);
    assertThat(settings.flags())
        .containsEntry("query.timeout", "30s")
        .containsEntry("web.enable-admin-api", "true")
        .containsEntry("storage.tsdb.retention.time", "2h30m");
  }

  @Test
  void server_parsesConfigFileAndLifecycle() {
    CommandLine cli =
        parsed("server", "--config.file=/etc/argus/prometheus.yml", "--web.enable-lifecycle");
    ServerCommand server = cli.getSubcommands().get("server").getCommand();

    assertThat(server.settings().configFile()).isEqualTo(Path.of("/etc/argus/prometheus.yml"));
    assertThat(server.settings().enableLifecycle()).isTrue();
  }

  @Test
  void server_sizeRetentionAlone_dropsTheTimeDefault() {
    CommandLine cli = parsed("server", "--storage.tsdb.retention.size=512MB");
    ServerCommand server = cli.getSubcommands().get("server").getCommand();

    assertThat(server.settings().storage().retentionMillis()).isZero();
    assertThat(server.settings().storage().retentionBytes()).isEqualTo(512L << 20);
  }

  @Test
  void logFlags_areAcceptedBeforeOrAfterTheCommand() {
    ArgusCommand before = parsed("--log.level=debug", "server").getCommand();
    ArgusCommand after = parsed("server", "--log.level=WARN", "--log.format=json").getCommand();

    assertThat(before.logLevel).isEqualTo(LogLevel.DEBUG);
    assertThat(after.logLevel).isEqualTo(LogLevel.WARN);
    assertThat(after.logFormat).isEqualTo(LogFormat.JSON);
  }

  @Test
  void invalidLogLevel_isUsageError() {
    int status = run("--log.level=trace", "server");

    assertThat(status).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains("--log.level");
  }

  @Test
  void up_parsesItsFlags() {
    CommandLine cli =
        parsed("up", "--data.dir=" + tmp, "--web.host=127.0.0.2", "--port.base=19090");
    UpCommand up = cli.getSubcommands().get("up").getCommand();

    assertThat(up.topology().dataDir()).isEqualTo(tmp);
    assertThat(up.topology().host()).isEqualTo("127.0.0.2");
    assertThat(up.topology().portBase()).isEqualTo(19090);
  }

  @Test
  void server_onLockedDirectory_exitsWithRuntimeError() throws Exception {
    StorageOptions options = new StorageOptions(tmp, 0, 0);
    try (TsdbServerStorage held =
        TsdbServerStorage.open(
            FileOps.defaults(), options, Clock.SYSTEM, new PrometheusRegistry())) {
      int status = run("server", "--storage.tsdb.path=" + tmp, "--web.listen-address=127.0.0.1:0");

      assertThat(status).isEqualTo(ExitCodes.RUNTIME_ERROR);
      assertThat(held.directory()).isEqualTo(tmp);
    }
  }

  @Test
  void checkConfig_validAndInvalidFiles_reportLikePromtool() throws Exception {
    Path good = tmp.resolve("good.yml");
    Files.writeString(
        good,
        """
        global:
          scrape_interval: 15s
        scrape_configs:
          - job_name: node
            static_configs:
              - targets: ["127.0.0.1:9100"]
        """);
    Path bad = tmp.resolve("bad.yml");
    Files.writeString(
        bad,
        """
        scrape_configs:
          - job_name: node
            scrape_intervall: 15s
        """);

    assertThat(run("check", "config", good.toString())).isZero();
    assertThat(out.toString()).contains("SUCCESS: " + good + " is valid prometheus config file");

    out.getBuffer().setLength(0);
    assertThat(run("check", "config", good.toString(), bad.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("Checking " + bad);
    assertThat(err.toString()).contains("  FAILED: ").contains("scrape_intervall");
  }
}
