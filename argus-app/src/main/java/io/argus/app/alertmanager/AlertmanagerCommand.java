package io.argus.app.alertmanager;

import io.argus.alertmanager.cluster.ClusterSettings;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  @Option(
      names = "--web.route-prefix",
      paramLabel = "<path>",
      defaultValue = "",
      description =
          "Prefix for the internal routes of web endpoints. Defaults to path of"
              + " --web.external-url.")
  String routePrefix = "";

  @Option(
      names = "--cluster.listen-address",
      paramLabel = "<address>",
      defaultValue = "0.0.0.0:9094",
      description =
          "Listen address for cluster. Set to empty string to disable HA mode."
              + " Default: ${DEFAULT-VALUE}")
  String clusterListenAddress = "0.0.0.0:9094";

  @Option(
      names = "--cluster.advertise-address",
      paramLabel = "<address>",
      defaultValue = "",
      description = "Explicit address to advertise in cluster.")
  String clusterAdvertiseAddress = "";

  @Option(
      names = "--cluster.peer",
      paramLabel = "<address>",
      description =
          "Initial peers (may be repeated): host:port (every A/AAAA address) or"
              + " dnssrv+_service._proto.name (SRV records); re-resolved every 15s.")
  List<String> clusterPeers = new ArrayList<>();

  @Option(
      names = "--cluster.label",
      paramLabel = "<label>",
      defaultValue = "",
      description =
          "The cluster's name: peers only join and accept messages of peers with the same"
              + " label. Empty means \"" + ClusterSettings.DEFAULT_CLUSTER_NAME + "\".")
  String clusterLabel = "";

  @Option(
      names = "--cluster.peer-timeout",
      paramLabel = "<duration>",
      defaultValue = "15s",
      converter = Converters.DurationMillis.class,
      description = "Time to wait between peers to send notifications. Default: ${DEFAULT-VALUE}")
  long clusterPeerTimeoutMillis = 15_000;

  @Option(
      names = "--cluster.gossip-interval",
      paramLabel = "<duration>",
      defaultValue = "200ms",
      converter = Converters.DurationMillis.class,
      description =
          "Interval between gossip ticks; gossip settling is polled every ten of them."
              + " Default: ${DEFAULT-VALUE}")
  long clusterGossipIntervalMillis = 200;

  @Option(
      names = "--cluster.pushpull-interval",
      paramLabel = "<duration>",
      defaultValue = "1m",
      converter = Converters.DurationMillis.class,
      description =
          "Interval for gossip state syncs. Setting this interval lower (more frequent) will"
              + " increase convergence speeds across larger clusters at the expense of increased"
              + " bandwidth usage. Default: ${DEFAULT-VALUE}")
  long clusterPushPullIntervalMillis = 60_000;

  @Option(
      names = "--cluster.settle-timeout",
      paramLabel = "<duration>",
      defaultValue = "1m",
      converter = Converters.DurationMillis.class,
      description =
          "Maximum time to wait for cluster connections to settle before evaluating"
              + " notifications. Default: ${DEFAULT-VALUE}")
  long clusterSettleTimeoutMillis = 60_000;

  @Option(
      names = "--cluster.probe-interval",
      paramLabel = "<duration>",
      defaultValue = "1s",
      converter = Converters.DurationMillis.class,
      description =
          "Interval between heartbeats of the failure detector. Default: ${DEFAULT-VALUE}")
  long clusterProbeIntervalMillis = 1_000;

  @Option(
      names = "--cluster.probe-timeout",
      paramLabel = "<duration>",
      defaultValue = "500ms",
      converter = Converters.DurationMillis.class,
      description =
          "Timeout to wait for an ack from a probed node before assuming it is unhealthy."
              + " Default: ${DEFAULT-VALUE}")
  long clusterProbeTimeoutMillis = 500;

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
        alertsGcIntervalMillis,
        new ClusterSettings(
            clusterListenAddress,
            clusterAdvertiseAddress,
            clusterPeers,
            clusterLabel.isEmpty() ? ClusterSettings.DEFAULT_CLUSTER_NAME : clusterLabel,
            Duration.ofMillis(clusterPeerTimeoutMillis),
            Duration.ofMillis(clusterGossipIntervalMillis),
            Duration.ofMillis(clusterPushPullIntervalMillis),
            Duration.ofMillis(clusterSettleTimeoutMillis),
            Duration.ofMillis(clusterProbeIntervalMillis),
            Duration.ofMillis(clusterProbeTimeoutMillis),
            ClusterSettings.defaults().refreshInterval()),
        routePrefix);
  }

  @Override
  public Integer call() throws IOException {
    log.atInfo()
        .addKeyValue(
            "version",
            "(version=%s, branch=%s, revision=%s)"
                .formatted(build.version(), build.branch(), build.revision()))
        .log("starting argus alertmanager");
    AlertmanagerSettings settings;
    try {
      settings = settings();
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("argus alertmanager: error: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    AlertmanagerServer server;
    try {
      server = AlertmanagerServer.start(settings, build, clock, fs);
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
