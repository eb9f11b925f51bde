package io.argus.app.alertmanager;

import io.argus.alertmanager.config.ConfigException;
import io.argus.app.cli.Converters;
import io.argus.app.cli.ExitCodes;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.app.runtime.ReloadSignal;
import io.argus.app.runtime.TerminationSignals;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code argus alertmanager}: runs the Alertmanager server with upstream's flags until SIGTERM or
 * SIGINT (SIGHUP and {@code POST /-/reload} reload the configuration); {@code argus alertmanager
 * check-config} validates configuration files.
 */
@Command(
    name = "alertmanager",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    synopsisSubcommandLabel = "[COMMAND]",
    description = {
      "The Alertmanager: routing, grouping, inhibition and silencing of alerts.",
      "Without a command, runs the Alertmanager server."
    },
    commandListHeading = "%nCommands:%n",
    subcommands = {CheckConfigCommand.class})
public final class AlertmanagerCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(AlertmanagerCommand.class);

  @Spec CommandSpec spec;

  @Option(
      names = "--config.file",
      paramLabel = "<path>",
      defaultValue = "alertmanager.yml",
      description = "Alertmanager configuration file name. Default: ${DEFAULT-VALUE}")
  Path configFile = Path.of("alertmanager.yml");

  @Option(
      names = "--storage.path",
      paramLabel = "<path>",
      defaultValue = "data/",
      description = "Base path for data storage. Default: ${DEFAULT-VALUE}")
  Path storagePath = Path.of("data/");

  @Option(
      names = "--data.retention",
      paramLabel = "<duration>",
      defaultValue = "120h",
      converter = Converters.DurationMillis.class,
      description = "How long to keep data for. Default: ${DEFAULT-VALUE}")
  long retentionMillis = 120 * 3_600_000L;

  @Option(
      names = "--data.maintenance-interval",
      paramLabel = "<duration>",
      defaultValue = "15m",
      converter = Converters.DurationMillis.class,
      description =
          "Interval between garbage collection and snapshotting to disk of the silences and the"
              + " notification logs. Default: ${DEFAULT-VALUE}")
  long maintenanceIntervalMillis = 15 * 60_000L;

  @Option(
      names = "--alerts.gc-interval",
      paramLabel = "<duration>",
      defaultValue = "30m",
      converter = Converters.DurationMillis.class,
      description = "Interval between alert GC. Default: ${DEFAULT-VALUE}")
  long alertsGcIntervalMillis = 30 * 60_000L;

  @Option(
      names = "--web.listen-address",
      paramLabel = "<address>",
      defaultValue = ":9093",
      converter = Converters.Address.class,
      description = "Address to listen on for the web interface and API. Default: ${DEFAULT-VALUE}")
  ListenAddress listenAddress = ListenAddress.parse(":9093");

  @Option(
      names = "--web.external-url",
      paramLabel = "<url>",
      converter = Converters.ExternalUrl.class,
      description =
          "The URL under which Alertmanager is externally reachable (for example, if"
              + " Alertmanager is served via a reverse proxy). Used for generating relative and"
              + " absolute links back to Alertmanager itself.")
  @Nullable URI externalUrl;

  private final BuildInfo build;
  private final Clock clock;
  private final FileOps fs;

  public AlertmanagerCommand(BuildInfo build, Clock clock, FileOps fs) {
    this.build = build;
    this.clock = clock;
    this.fs = fs;
  }

  /** The settings the parsed flags describe. */
  public AlertmanagerSettings settings() {
    return new AlertmanagerSettings(
        configFile,
        storagePath,
        listenAddress,
        externalUrl,
        retentionMillis,
        maintenanceIntervalMillis,
        alertsGcIntervalMillis);
  }

  @Override
  public Integer call() throws IOException {
    log.atInfo()
        .addKeyValue(
            "version",
            "(version=%s, branch=%s, revision=%s)"
                .formatted(build.version(), build.branch(), build.revision()))
        .log("starting argus alertmanager");
    AlertmanagerServer server;
    try {
      server = AlertmanagerServer.start(settings(), build, clock, fs);
    } catch (ConfigException e) {
      log.atError()
          .addKeyValue("file", configFile)
          .addKeyValue("err", e.getMessage())
          .log("loading configuration file failed");
      return ExitCodes.RUNTIME_ERROR;
    }
    TerminationSignals signals = TerminationSignals.install();
    try (server) {
      log.atInfo().addKeyValue("file", configFile).log("completed loading of configuration file");
      ReloadSignal.install(
          () -> {
            try {
              server.reload();
            } catch (IOException | ConfigException e) {
              // reload() logged it; the old configuration stays in force
            }
          });
      String signal = signals.received().join();
      log.atInfo().addKeyValue("signal", signal).log("received termination signal, exiting");
    }
    return ExitCodes.OK;
  }
}
