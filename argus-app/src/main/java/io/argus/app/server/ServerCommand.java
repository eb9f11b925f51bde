package io.argus.app.server;

import io.argus.app.cli.Converters;
import io.argus.app.cli.ExitCodes;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.app.runtime.ReloadSignal;
import io.argus.app.runtime.TerminationSignals;
import io.argus.remote.read.ReadLimits;
import io.argus.remote.receiver.HaTrackerConfig;
import io.argus.remote.receiver.WriteProtocol;
import io.argus.rules.notifier.NotifierOptions;
import io.argus.scrape.discovery.DiscoveryManager;
import io.argus.util.Clock;
import io.argus.util.PrometheusDurations;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code argus server}: runs a server until SIGTERM or SIGINT, then shuts it down cleanly and exits
 * 0. Flags mirror Prometheus'.
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    abbreviateSynopsis = true,
    sortOptions = false,
    description = {
      "Runs an Argus server (the counterpart of a Prometheus server).",
      "",
      "It serves /-/healthy, /-/ready, /-/reload, /-/quit, /metrics, the Prometheus HTTP API"
          + " v1 for queries, series, labels, targets, metadata, status and admin,"
          + " /federate, remote read (/api/v1/read) and, when enabled, the remote-write"
          + " receiver (/api/v1/write, with HA dedup by --ha-tracker.*); it stores into"
          + " its TSDB and scrapes the jobs of --config.file. Rules and the UI join as they are"
          + " implemented."
    })
public final class ServerCommand implements Callable<Integer> {
  private static final Logger logger = LoggerFactory.getLogger(ServerCommand.class);
  static final long DEFAULT_RETENTION_MILLIS = PrometheusDurations.parse("15d");

  @Spec CommandSpec spec;

  @Option(
      names = "--config.file",
      paramLabel = "<path>",
      description =
          "Prometheus configuration file path. When given, the server scrapes the jobs it"
              + " configures; SIGHUP reloads it.")
  @Nullable Path configFile;

  @Option(
      names = "--web.enable-lifecycle",
      description = "Enable shutdown and reload via HTTP request.")
  boolean enableLifecycle;

  @Option(
      names = "--web.enable-admin-api",
      description = "Enable API endpoints for admin control actions.")
  boolean enableAdminApi;

  @Option(
      names = "--web.read-timeout",
      paramLabel = "<duration>",
      defaultValue = "5m",
      converter = Converters.DurationMillis.class,
      description =
          "Maximum duration before timing out read of the request, and closing idle connections."
              + " Default: ${DEFAULT-VALUE}")
  long webReadTimeoutMillis = 300_000;

  @Option(
      names = "--query.max-concurrency",
      paramLabel = "<n>",
      defaultValue = "20",
      description = "Maximum number of queries executed concurrently. Default: ${DEFAULT-VALUE}")
  int queryMaxConcurrency = 20;

  @Option(
      names = "--query.timeout",
      paramLabel = "<duration>",
      defaultValue = "2m",
      converter = Converters.DurationMillis.class,
      description = "Maximum time a query may take before being aborted. Default: ${DEFAULT-VALUE}")
  long queryTimeoutMillis = 120_000;

  @Option(
      names = "--query.lookback-delta",
      paramLabel = "<duration>",
      defaultValue = "5m",
      converter = Converters.DurationMillis.class,
      description =
          "The maximum lookback duration for retrieving metrics during expression evaluations"
              + " and federation. Default: ${DEFAULT-VALUE}")
  long queryLookbackMillis = 300_000;

  @Option(
      names = "--query.max-samples",
      paramLabel = "<n>",
      defaultValue = "50000000",
      description =
          "Maximum number of samples a single query can load into memory. Note that queries will"
              + " fail if they try to load more samples than this into memory, so this also"
              + " limits the number of samples a query can return. Default: ${DEFAULT-VALUE}")
  int queryMaxSamples = 50_000_000;

  @Option(
      names = "--storage.tsdb.path",
      paramLabel = "<path>",
      defaultValue = "data/",
      description = "Base path for metrics storage. Default: ${DEFAULT-VALUE}")
  Path storagePath = Path.of("data/");

  @Option(
      names = "--storage.tsdb.retention.time",
      paramLabel = "<duration>",
      converter = Converters.DurationMillis.class,
      description =
          "How long to retain samples in storage, e.g. 15d or 2h30m (units: ms, s, m, h, d, w,"
              + " y; 0 keeps them forever). Default: 15d, or no time limit when"
              + " --storage.tsdb.retention.size is set.")
  @Nullable Long retentionMillis;

  @Option(
      names = "--storage.tsdb.retention.size",
      paramLabel = "<size>",
      defaultValue = "0",
      converter = Converters.Bytes.class,
      description =
          "Maximum number of bytes that can be stored for blocks, e.g. 512MB (units: B, KB, MB,"
              + " GB, TB, PB, EB, base 2). 0 means no limit. Default: ${DEFAULT-VALUE}")
  long retentionBytes;

  @Option(
      names = "--web.listen-address",
      paramLabel = "<address>",
      defaultValue = "0.0.0.0:9090",
      converter = Converters.Address.class,
      description = "Address to listen on for UI, API, and telemetry. Default: ${DEFAULT-VALUE}")
  ListenAddress listenAddress = new ListenAddress("0.0.0.0", 9090);

  @Option(
      names = "--web.external-url",
      paramLabel = "<URL>",
      converter = Converters.ExternalUrl.class,
      description =
          "The URL under which Argus is externally reachable (for example, if it is served via a"
              + " reverse proxy). Used for the globalUrl of targets that point at this host. If"
              + " omitted, it is derived as http://<hostname>:<port>.")
  @Nullable URI externalUrl;

  @Option(
      names = "--alertmanager.notification-queue-capacity",
      paramLabel = "<n>",
      defaultValue = "10000",
      description =
          "The capacity of the queue for pending Alertmanager notifications."
              + " Default: ${DEFAULT-VALUE}")
  int notificationQueueCapacity = NotifierOptions.DEFAULT_QUEUE_CAPACITY;

  @Option(
      names = "--web.enable-remote-write-receiver",
      description = "Enable API endpoint accepting remote write requests.")
  boolean enableRemoteWriteReceiver;

  @Option(
      names = "--web.remote-write-receiver.accepted-protobuf-messages",
      paramLabel = "<message>",
      split = ",",
      defaultValue = "prometheus.WriteRequest,io.prometheus.write.v2.Request",
      description =
          "List of the remote write protobuf messages to accept when receiving the remote"
              + " writes (repeatable or comma-separated). Supported values:"
              + " prometheus.WriteRequest, io.prometheus.write.v2.Request. Default:"
              + " ${DEFAULT-VALUE}")
  List<String> acceptedProtobufMessages =
      List.of("prometheus.WriteRequest", "io.prometheus.write.v2.Request");

  @Option(
      names = "--ha-tracker.enable",
      description =
          "Deduplicate remote-written samples of HA Prometheus pairs at ingest (as Mimir's"
              + " -distributor.ha-tracker.enable): one replica per cluster is elected, the"
              + " others' requests are answered 202 and dropped.")
  boolean haTrackerEnable;

  @Option(
      names = "--ha-tracker.cluster",
      paramLabel = "<label>",
      defaultValue = "cluster",
      description =
          "Label naming the HA cluster of a remote-written series (the Prometheus Operator's"
              + " prometheus/prometheus_replica pair is detected too). Default: ${DEFAULT-VALUE}")
  String haTrackerCluster = "cluster";

  @Option(
      names = "--ha-tracker.replica",
      paramLabel = "<label>",
      defaultValue = "__replica__",
      description =
          "Label naming the replica within the HA cluster; removed before storage."
              + " Default: ${DEFAULT-VALUE}")
  String haTrackerReplica = "__replica__";

  @Option(
      names = "--ha-tracker.failover-timeout",
      paramLabel = "<duration>",
      defaultValue = "30s",
      converter = Converters.DurationMillis.class,
      description =
          "If the elected replica has sent nothing for this long, the next replica of its"
              + " cluster that sends is elected. Default: ${DEFAULT-VALUE}")
  long haTrackerFailoverTimeoutMillis = 30_000;

  @Option(
      names = "--ha-tracker.max-clusters",
      paramLabel = "<n>",
      defaultValue = "0",
      description =
          "Maximum number of HA clusters tracked; requests of further clusters get 400. 0 means"
              + " no limit. Default: ${DEFAULT-VALUE}")
  int haTrackerMaxClusters;

  @Option(
      names = "--storage.remote.wal-budget",
      paramLabel = "<size>",
      defaultValue = "1GB",
      converter = Converters.Bytes.class,
      description =
          "Bytes of WAL segments kept past the head's truncation because a remote-write queue has"
              + " not sent them yet (units: B, KB, MB, GB, TB, base 2); beyond it the oldest go,"
              + " with a warning. 0 keeps none, as Prometheus. Default: ${DEFAULT-VALUE}")
  long remoteWalBudgetBytes = RemoteSettings.DEFAULT_WAL_BUDGET_BYTES;

  @Option(
      names = "--storage.remote.read-sample-limit",
      paramLabel = "<n>",
      defaultValue = "5e7",
      converter = Converters.WholeNumber.class,
      description =
          "Maximum overall number of samples to return via the remote read interface, in a"
              + " single query. 0 means no limit. This limit is ignored for streamed response"
              + " types. Default: ${DEFAULT-VALUE}")
  int remoteReadSampleLimit = 50_000_000;

  @Option(
      names = "--storage.remote.read-concurrent-limit",
      paramLabel = "<n>",
      defaultValue = "10",
      description =
          "Maximum number of concurrent remote read calls. 0 means no limit. Default:"
              + " ${DEFAULT-VALUE}")
  int remoteReadConcurrentLimit = 10;

  @Option(
      names = "--storage.remote.read-max-bytes-in-frame",
      paramLabel = "<bytes>",
      defaultValue = "1048576",
      description =
          "Maximum number of bytes in a single frame for streaming remote read response types"
              + " before marshalling. Default: ${DEFAULT-VALUE}")
  int remoteReadMaxBytesInFrame = 1_048_576;

  @Option(
      names = "--rules.alert.for-outage-tolerance",
      paramLabel = "<duration>",
      defaultValue = "1h",
      converter = Converters.DurationMillis.class,
      description =
          "Max time to tolerate prometheus outage for restoring \"for\" state of alert."
              + " Default: ${DEFAULT-VALUE}")
  long forOutageToleranceMillis = 3_600_000;

  @Option(
      names = "--rules.alert.for-grace-period",
      paramLabel = "<duration>",
      defaultValue = "10m",
      converter = Converters.DurationMillis.class,
      description =
          "Minimum duration between alert and restored \"for\" state. This is maintained only"
              + " for alerts with configured \"for\" time greater than grace period."
              + " Default: ${DEFAULT-VALUE}")
  long forGracePeriodMillis = 600_000;

  @Option(
      names = "--rules.alert.resend-delay",
      paramLabel = "<duration>",
      defaultValue = "1m",
      converter = Converters.DurationMillis.class,
      description =
          "Minimum amount of time to wait before resending an alert to Alertmanager."
              + " Default: ${DEFAULT-VALUE}")
  long resendDelayMillis = 60_000;

  @Option(
      names = "--grpc-address",
      paramLabel = "<address>",
      defaultValue = "",
      description =
          "Address to serve the StoreAPI on (gRPC, Thanos-compatible: Store and Info services),"
              + " for argus query or a Thanos querier, e.g. 0.0.0.0:10901 (Thanos' port). Empty"
              + " serves none. Default: ${DEFAULT-VALUE}")
  String grpcAddress = "";

  private final BuildInfo build;
  private final Clock clock;
  private final ServerStorage.Factory storageFactory;

  /**
   * @param storageFactory how the server opens its storage (the TSDB once wired in)
   */
  public ServerCommand(BuildInfo build, Clock clock, ServerStorage.Factory storageFactory) {
    this.build = build;
    this.clock = clock;
    this.storageFactory = storageFactory;
  }

  /** The settings the parsed flags describe. */
  public ServerSettings settings() {
    long retention =
        retentionMillis != null
            ? retentionMillis
            : retentionBytes == 0 ? DEFAULT_RETENTION_MILLIS : 0;
    return new ServerSettings(
        new StorageOptions(storagePath, retention, retentionBytes),
        listenAddress,
        configFile,
        enableLifecycle,
        DiscoveryManager.DEFAULT_UPDATE_INTERVAL_MS,
        enableAdminApi,
        new QuerySettings(
            queryMaxConcurrency, queryTimeoutMillis, queryLookbackMillis, queryMaxSamples),
        flagValues(),
        externalUrl,
        notificationQueueCapacity,
        remoteSettings(),
        new RuleSettings(forOutageToleranceMillis, forGracePeriodMillis, resendDelayMillis),
        webReadTimeoutMillis,
        grpcListenAddress());
  }

  private @Nullable ListenAddress grpcListenAddress() {
    if (grpcAddress.isEmpty()) {
      return null;
    }
    try {
      return ListenAddress.parse(grpcAddress);
    } catch (IllegalArgumentException e) {
      throw usage("invalid --grpc-address: " + e.getMessage());
    }
  }

  private RemoteSettings remoteSettings() {
    Set<WriteProtocol> accepted = EnumSet.noneOf(WriteProtocol.class);
    for (String m : acceptedProtobufMessages) {
      WriteProtocol p = WriteProtocol.ofMessageName(m.trim());
      if (p == null) {
        throw usage(
            "unknown remote write protobuf message %s, supported: prometheus.WriteRequest,"
                    .formatted(m)
                + " io.prometheus.write.v2.Request");
      }
      accepted.add(p);
    }
    try {
      return new RemoteSettings(
          enableRemoteWriteReceiver,
          accepted,
          new HaTrackerConfig(
              haTrackerEnable,
              haTrackerCluster,
              haTrackerReplica,
              haTrackerFailoverTimeoutMillis,
              haTrackerMaxClusters),
          new ReadLimits(
              remoteReadSampleLimit, remoteReadConcurrentLimit, remoteReadMaxBytesInFrame),
          remoteWalBudgetBytes);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  private RuntimeException usage(String message) {
    return spec == null
        ? new IllegalArgumentException(message)
        : new ParameterException(spec.commandLine(), message);
  }

  /** Every long flag (without dashes) and its value as given, or its default, or "". */
  private Map<String, String> flagValues() {
    Map<String, String> out = new TreeMap<>();
    if (spec == null) {
      return out;
    }
    for (OptionSpec o : spec.options()) {
      String name = o.longestName();
      if (!name.startsWith("--") || o.usageHelp() || o.versionHelp()) {
        continue;
      }
      List<String> given = o.stringValues();
      String value;
      if (!given.isEmpty()) {
        value = String.join(",", given);
      } else if (o.defaultValue() != null) {
        value = o.defaultValue();
      } else if (o.arity().max() == 0) {
        value = Boolean.toString(Boolean.TRUE.equals(o.getValue()));
      } else {
        value = "";
      }
      out.put(name.substring(2), value);
    }
    return out;
  }

  @Override
  @SuppressWarnings("try") // the server only needs to stay open until the signal arrives
  public Integer call() throws Exception {
    Path config = configFile;
    if (config != null && !Files.isRegularFile(config)) {
      throw new ParameterException(
          spec.commandLine(),
          "error loading config (--config.file=%s): open %s: no such file or directory"
              .formatted(config, config));
    }
    ServerSettings settings = settings();
    logger
        .atInfo()
        .addKeyValue("mode", "server")
        .addKeyValue(
            "version",
            "(version=%s, branch=%s, revision=%s)"
                .formatted(build.version(), build.branch(), build.revision()))
        .log("starting argus server");
    logger
        .atInfo()
        .addKeyValue(
            "build_context",
            "(java=%s, platform=%s, date=%s)"
                .formatted(build.javaVersion(), build.platform(), build.buildDate()))
        .log("build context");
    logger
        .atInfo()
        .addKeyValue(
            "retention.time", PrometheusDurations.format(settings.storage().retentionMillis()))
        .addKeyValue("retention.size", settings.storage().retentionBytes())
        .log("storage retention");

    TerminationSignals signals = TerminationSignals.install();
    try (ArgusServer server = ArgusServer.start(settings, storageFactory, build, clock)) {
      if (config != null) {
        ReloadSignal.install(
            () -> {
              try {
                server.reload();
              } catch (ConfigLoadException | IllegalStateException e) {
                // ScrapeService has logged why; the old configuration keeps running
              }
            });
      }
      CompletableFuture.anyOf(signals.received(), server.quitRequested()).join();
      if (server.quitRequested().isDone()) {
        logger.warn("received termination request via web service, exiting gracefully");
      } else {
        logger
            .atWarn()
            .addKeyValue("signal", signals.received().join())
            .log("received termination signal");
      }
    }
    logger.info("see you next time!");
    return ExitCodes.OK;
  }
}
