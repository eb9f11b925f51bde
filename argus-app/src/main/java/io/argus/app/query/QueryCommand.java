package io.argus.app.query;

import io.argus.app.cli.Converters;
import io.argus.app.cli.ExitCodes;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.app.runtime.TerminationSignals;
import io.argus.store.grpc.GrpcStoreClient;
import io.argus.store.proxy.EndpointResolver;
import io.argus.store.proxy.EndpointSet;
import io.argus.util.Clock;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code argus query}: the global query layer with Thanos Query's flags, serving the Prometheus
 * HTTP API v1 and the web UI over every endpoint, with replica deduplication and partial response,
 * until SIGTERM or SIGINT.
 */
@Command(
    name = "query",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "The global query layer (Thanos Query): PromQL over every StoreAPI endpoint and plain",
      "Prometheus, with replica deduplication and partial response."
    })
public final class QueryCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(QueryCommand.class);

  @Spec CommandSpec spec;

  @Option(
      names = "--http-address",
      paramLabel = "<address>",
      defaultValue = "0.0.0.0:10902",
      converter = Converters.Address.class,
      description = "Listen host:port for HTTP endpoints. Default: ${DEFAULT-VALUE}")
  ListenAddress httpAddress = ListenAddress.parse("0.0.0.0:10902");

  @Option(
      names = "--endpoint",
      paramLabel = "<endpoint>",
      description =
          "Address of a StoreAPI server (host:port; dns+host:port for every A/AAAA record;"
              + " dnssrv+_svc._tcp.name for every SRV record). Repeatable.")
  List<String> endpoints = new ArrayList<>();

  @Option(
      names = "--endpoint-strict",
      paramLabel = "<endpoint>",
      description =
          "As --endpoint, but always queried even when its health checks fail (its failures show"
              + " at query time). Repeatable.")
  List<String> strictEndpoints = new ArrayList<>();

  @Option(
      names = "--endpoint.prometheus",
      paramLabel = "<url>",
      description =
          "Base URL of a plain Prometheus read through remote read (STREAMED_XOR_CHUNKS)."
              + " Repeatable.")
  List<URI> prometheusEndpoints = new ArrayList<>();

  @Option(
      names = "--query.replica-label",
      paramLabel = "<label>",
      split = ",",
      description =
          "Label that tells replicas apart; series equal without it are deduplicated."
              + " Repeatable or comma separated.")
  List<String> replicaLabels = new ArrayList<>();

  @Option(
      names = "--query.partial-response",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Answer with what the responding endpoints return, with a warning naming each one that"
              + " failed (per request: partial_response). Default: ${DEFAULT-VALUE}")
  boolean partialResponse = true;

  @Option(
      names = "--deduplication.func",
      paramLabel = "<func>",
      defaultValue = "gapfill",
      description =
          "Replica merge: gapfill (fill every gap from any replica, counters kept monotonic by"
              + " type), penalty (Thanos' default) or chain. Default: ${DEFAULT-VALUE}")
  DedupFunc dedupFunc = DedupFunc.GAPFILL;

  @Option(
      names = "--store.response-timeout",
      paramLabel = "<duration>",
      defaultValue = "0ms",
      converter = Converters.DurationMillis.class,
      description =
          "Longest wait for the next series from one endpoint; 0 waits forever. Default:"
              + " ${DEFAULT-VALUE}")
  long responseTimeoutMillis;

  @Option(
      names = "--endpoint.info-timeout",
      paramLabel = "<duration>",
      defaultValue = "5s",
      converter = Converters.DurationMillis.class,
      description = "Timeout of an endpoint's Info call. Default: ${DEFAULT-VALUE}")
  long infoTimeoutMillis = 5_000;

  @Option(
      names = "--store.unhealthy-timeout",
      paramLabel = "<duration>",
      defaultValue = "5m",
      converter = Converters.DurationMillis.class,
      description =
          "How long an endpoint may fail its checks before it is removed. Default:"
              + " ${DEFAULT-VALUE}")
  long unhealthyTimeoutMillis = 300_000;

  @Option(
      names = "--query.timeout",
      paramLabel = "<duration>",
      defaultValue = "2m",
      converter = Converters.DurationMillis.class,
      description = "Maximum time to process a query. Default: ${DEFAULT-VALUE}")
  long queryTimeoutMillis = 120_000;

  @Option(
      names = "--query.max-concurrent",
      paramLabel = "<n>",
      defaultValue = "20",
      description = "Maximum number of queries processed concurrently. Default: ${DEFAULT-VALUE}")
  int maxConcurrent = 20;

  @Option(
      names = "--query.lookback-delta",
      paramLabel = "<duration>",
      defaultValue = "5m",
      converter = Converters.DurationMillis.class,
      description =
          "How far back to look for a sample of a series at an evaluation time. Default:"
              + " ${DEFAULT-VALUE}")
  long lookbackDeltaMillis = 300_000;

  @Option(
      names = "--query.max-samples",
      paramLabel = "<n>",
      defaultValue = "50000000",
      description =
          "Maximum number of samples a single query can load into memory. Default:"
              + " ${DEFAULT-VALUE}")
  int maxSamples = 50_000_000;

  private final BuildInfo build;
  private final Clock clock;

  public QueryCommand(BuildInfo build, Clock clock) {
    this.build = build;
    this.clock = clock;
  }

  /**
   * Connects to StoreAPI endpoints over gRPC: calls bounded by the query timeout, Info calls by the
   * info timeout, the client's default frame and buffering limits.
   */
  static EndpointSet.Connector grpc(QuerierSettings settings) {
    GrpcStoreClient.Options d = GrpcStoreClient.Options.DEFAULT;
    GrpcStoreClient.Options options =
        new GrpcStoreClient.Options(
            settings.queryTimeoutMillis(),
            settings.infoTimeoutMillis(),
            d.maxReceiveBytes(),
            d.bufferedFrames(),
            d.responseBatchSize());
    return (address, kind) -> GrpcStoreClient.connect(address, options);
  }

  /** The settings the parsed flags describe. */
  public QuerierSettings settings() {
    if (maxConcurrent < 1) {
      throw new ParameterException(spec.commandLine(), "--query.max-concurrent must be at least 1");
    }
    if (queryTimeoutMillis <= 0 || lookbackDeltaMillis <= 0 || infoTimeoutMillis <= 0) {
      throw new ParameterException(
          spec.commandLine(),
          "--query.timeout, --query.lookback-delta and --endpoint.info-timeout must be positive");
    }
    return new QuerierSettings(
        httpAddress,
        endpoints,
        strictEndpoints,
        prometheusEndpoints,
        replicaLabels,
        partialResponse,
        dedupFunc,
        responseTimeoutMillis,
        infoTimeoutMillis,
        unhealthyTimeoutMillis,
        queryTimeoutMillis,
        maxConcurrent,
        lookbackDeltaMillis,
        maxSamples,
        flagValues());
  }

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
      String value =
          !given.isEmpty()
              ? String.join(",", given)
              : o.defaultValue() == null ? "" : o.defaultValue();
      out.put(name.substring(2), value);
    }
    return out;
  }

  @Override
  public Integer call() throws IOException {
    QuerierSettings settings = settings();
    log.atInfo()
        .addKeyValue(
            "version",
            "(version=%s, branch=%s, revision=%s)"
                .formatted(build.version(), build.branch(), build.revision()))
        .log("starting argus query");
    TerminationSignals signals = TerminationSignals.install();
    try (QueryServer server =
        QueryServer.start(settings, build, clock, grpc(settings), EndpointResolver.DNS)) {
      String signal = signals.received().join();
      log.atInfo().addKeyValue("signal", signal).log("received termination signal, exiting");
    }
    return ExitCodes.OK;
  }
}
