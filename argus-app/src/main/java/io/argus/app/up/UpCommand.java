package io.argus.app.up;

import io.argus.app.cli.ExitCodes;
import io.argus.app.runtime.TerminationSignals;
import io.argus.util.Clock;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code argus up}: starts every component of the topology as its own process, prints where to
 * reach them, and runs until SIGINT or SIGTERM, when it stops them all and exits 0. If every
 * component exits on its own it exits 1.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    abbreviateSynopsis = true,
    sortOptions = false,
    description = {
      "Runs the whole Argus topology on this machine, one process per component, until"
          + " interrupted (Ctrl-C).",
      "",
      "Today that is an HA pair of argus servers (external label replica=\"0\" and \"1\")"
          + " scraping each other and a demo workload (argus demo), three clustered argus"
          + " alertmanager peers every server sends its alerts to, and an argus query over both"
          + " servers that deduplicates them; more components join as they are implemented."
    })
public final class UpCommand implements Callable<Integer> {
  private static final Logger logger = LoggerFactory.getLogger(UpCommand.class);

  /** How long children get to stop after SIGTERM before they are killed. */
  static final Duration STOP_GRACE = Duration.ofSeconds(10);

  @Spec CommandSpec spec;

  @Option(
      names = "--data.dir",
      paramLabel = "<path>",
      defaultValue = "./data",
      description =
          "Directory under which every component keeps its data. Default: ${DEFAULT-VALUE}")
  Path dataDir = Path.of("./data");

  @Option(
      names = "--web.host",
      paramLabel = "<host>",
      defaultValue = "127.0.0.1",
      description = "Host (interface) every component listens on. Default: ${DEFAULT-VALUE}")
  String webHost = "127.0.0.1";

  @Option(
      names = "--port.base",
      paramLabel = "<port>",
      defaultValue = "9090",
      description =
          "Port of the first server; every other port is an offset from it."
              + " Default: ${DEFAULT-VALUE}")
  int portBase = 9090;

  private final JavaLauncher launcher;
  private final Clock clock;

  public UpCommand(JavaLauncher launcher, Clock clock) {
    this.launcher = launcher;
    this.clock = clock;
  }

  /** The topology the parsed flags describe. */
  public Topology topology() {
    return new Topology(dataDir.toAbsolutePath().normalize(), webHost, portBase);
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Topology topology = topology();
    Files.createDirectories(topology.dataDir());
    for (Map.Entry<Path, String> file : topology.configFiles().entrySet()) {
      Files.writeString(file.getKey(), file.getValue());
    }
    List<Component> components = topology.components();
    int width = components.stream().mapToInt(c -> c.name().length()).max().orElse(0);
    out.printf("argus up: %d component(s), data in %s%n", components.size(), topology.dataDir());
    for (Component component : components) {
      out.printf(
          "  %-" + width + "s  %-32s %s%n",
          component.name(),
          component.description(),
          component.url());
    }
    out.println("press Ctrl-C to stop");
    out.flush();

    TerminationSignals signals = TerminationSignals.install();
    try (ProcessSupervisor supervisor = new ProcessSupervisor(launcher, out, clock)) {
      supervisor.start(components, inheritedLogFlags());
      CompletableFuture<Object> first =
          CompletableFuture.anyOf(signals.received(), supervisor.allExited());
      first.join();
      if (signals.received().isDone()) {
        logger
            .atWarn()
            .addKeyValue("signal", signals.received().join())
            .log("received termination signal, stopping components");
        supervisor.stop(STOP_GRACE);
        logger.info("all components stopped");
        return ExitCodes.OK;
      }
      supervisor.stop(STOP_GRACE);
      logger.error("all components exited");
      return ExitCodes.RUNTIME_ERROR;
    }
  }

  /** The root command's log flags as given, so that children log the same way. */
  private List<String> inheritedLogFlags() {
    List<String> flags = new ArrayList<>();
    for (String name : List.of("--log.level", "--log.format")) {
      OptionSpec option = spec.findOption(name);
      if (option != null && option.getValue() != null) {
        flags.add(name + "=" + option.getValue());
      }
    }
    return flags;
  }
}
