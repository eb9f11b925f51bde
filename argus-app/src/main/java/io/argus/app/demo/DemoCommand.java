package io.argus.app.demo;

import io.argus.app.cli.Converters;
import io.argus.app.cli.ExitCodes;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.TerminationSignals;
import io.argus.util.Clock;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code argus demo}: serves synthetic targets that look like replicas of a small web service,
 * one port per target, until SIGINT or SIGTERM. With {@code --targets} and {@code --series} it is
 * a load generator for scrape benchmarks.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Serves synthetic metrics to scrape: request counters by method, path and status, latency"
          + " histograms, process gauges, with values that move over time. Each target listens"
          + " on its own port and serves /metrics in the text format or OpenMetrics (by Accept).",
      "",
      "Example load test: argus demo --targets 200 --series 1000"
          + " --listen-address 127.0.0.1:0 --targets.file targets.json"
    })
public final class DemoCommand implements Callable<Integer> {
  private static final Logger logger = LoggerFactory.getLogger(DemoCommand.class);

  /** The default listen address; {@code argus up} uses the same offset from its port base. */
  public static final int DEFAULT_PORT = 9110;

  @Spec CommandSpec spec;

  @Option(
      names = "--targets",
      paramLabel = "<n>",
      defaultValue = "3",
      description = "Number of targets, each on its own port. Default: ${DEFAULT-VALUE}")
  int targets = 3;

  @Option(
      names = "--series",
      paramLabel = "<n>",
      description =
          "Series per target (at least " + WorkloadLayout.FIXED_SERIES + "). Default: "
              + "the web service's natural size, "
              + (WorkloadLayout.FIXED_SERIES
                  + WorkloadLayout.STANDARD_ENDPOINTS * WorkloadLayout.SERIES_PER_ENDPOINT)
              + " series.")
  @Nullable Integer series;

  @Option(
      names = "--listen-address",
      paramLabel = "<address>",
      defaultValue = "127.0.0.1:" + DEFAULT_PORT,
      converter = Converters.Address.class,
      description =
          "Host and port of the first target; the others take the following ports. Port 0"
              + " gives every target a free port. Default: ${DEFAULT-VALUE}")
  ListenAddress listenAddress = new ListenAddress("127.0.0.1", DEFAULT_PORT);

  @Option(
      names = "--update-interval",
      paramLabel = "<duration>",
      defaultValue = "1s",
      converter = Converters.DurationMillis.class,
      description = "How often values change. Default: ${DEFAULT-VALUE}")
  long updateIntervalMillis = 1000;

  @Option(
      names = "--targets.file",
      paramLabel = "<path>",
      description =
          "Write the targets' addresses to this file in file_sd JSON format once they listen.")
  @Nullable Path targetsFile;

  @Option(
      names = "--seed",
      paramLabel = "<n>",
      defaultValue = "1",
      description = "Seed of the targets' values. Default: ${DEFAULT-VALUE}")
  long seed = 1;

  private final Clock clock;

  public DemoCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() throws IOException {
    if (targets < 1) {
      throw new ParameterException(spec.commandLine(), "--targets must be at least 1");
    }
    if (updateIntervalMillis <= 0) {
      throw new ParameterException(spec.commandLine(), "--update-interval must be positive");
    }
    WorkloadLayout layout;
    try {
      layout = series == null ? WorkloadLayout.standard() : WorkloadLayout.forSeries(series);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--series: " + e.getMessage());
    }
    long startMillis = clock.millis();
    List<DemoTarget> demoTargets = new ArrayList<>(targets);
    for (int i = 0; i < targets; i++) {
      demoTargets.add(new DemoTarget(layout, seed * 1_000_003L + i, startMillis));
    }
    String host = listenAddress.host() == null ? "0.0.0.0" : listenAddress.host();
    TerminationSignals signals = TerminationSignals.install();
    try (DemoHttpServer server =
        DemoHttpServer.start(
            demoTargets, host, listenAddress.port(), clock, startMillis, updateIntervalMillis)) {
      List<InetSocketAddress> addresses = server.addresses();
      if (targetsFile != null) {
        writeTargetsFile(targetsFile, addresses);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "argus demo: %d target(s) x %d series, /metrics on %s%s%n",
          targets,
          layout.seriesCount(),
          hostPort(addresses.getFirst()),
          targets > 1 ? " .. " + hostPort(addresses.getLast()) : "");
      out.flush();
      logger
          .atInfo()
          .addKeyValue("targets", targets)
          .addKeyValue("series_per_target", layout.seriesCount())
          .addKeyValue("first", hostPort(addresses.getFirst()))
          .log("demo workload listening");
      String signal = signals.received().join();
      logger.atInfo().addKeyValue("signal", signal).log("stopping demo workload");
    }
    return ExitCodes.OK;
  }

  /** Writes {@code [{"targets": ["host:port", …], "labels": {}}]}, atomically. */
  static void writeTargetsFile(Path file, List<InetSocketAddress> addresses) throws IOException {
    StringBuilder json = new StringBuilder("[{\"targets\": [");
    for (int i = 0; i < addresses.size(); i++) {
      json.append(i == 0 ? "" : ", ").append('"').append(hostPort(addresses.get(i))).append('"');
    }
    json.append("], \"labels\": {}}]\n");
    Path absolute = file.toAbsolutePath();
    Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
    Files.writeString(temporary, json);
    Files.move(
        temporary,
        absolute,
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  static String hostPort(InetSocketAddress address) {
    String host = address.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
