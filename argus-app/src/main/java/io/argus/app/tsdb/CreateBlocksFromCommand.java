package io.argus.app.tsdb;

import io.argus.app.cli.Converters;
import io.argus.app.cli.ExitCodes;
import io.argus.tsdb.tool.BlocksFromOpenMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code argus tsdb create-blocks-from [-r] [-q] openmetrics <input file> [<output dir>]}. */
@Command(
    name = "create-blocks-from",
    mixinStandardHelpOptions = true,
    synopsisSubcommandLabel = "COMMAND",
    description = "Import samples from input and produce TSDB blocks.",
    commandListHeading = "%nCommands:%n",
    subcommands = CreateBlocksFromCommand.OpenMetrics.class)
final class CreateBlocksFromCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-r", "--human-readable"},
      scope = ScopeType.INHERIT,
      description = "Print human readable values.")
  boolean humanReadable;

  @Option(
      names = {"-q", "--quiet"},
      scope = ScopeType.INHERIT,
      description = "Do not print created blocks.")
  boolean quiet;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "expected a command");
  }

  /** {@code openmetrics <input file> [<output directory>]}. */
  @Command(
      name = "openmetrics",
      mixinStandardHelpOptions = true,
      description = "Import samples from OpenMetrics input and produce TSDB blocks.")
  static final class OpenMetrics implements Callable<Integer> {
    private static final long TWO_HOURS_MS = 7_200_000L;

    @Spec CommandSpec spec;
    @ParentCommand CreateBlocksFromCommand parent;

    @Option(
        names = "--max-block-duration",
        paramLabel = "<duration>",
        defaultValue = "2h",
        converter = Converters.DurationMillis.class,
        description =
            "Maximum duration created blocks may span. Anything less than 2h is ignored."
                + " Default: ${DEFAULT-VALUE}")
    long maxBlockDurationMs = TWO_HOURS_MS;

    @Parameters(index = "0", paramLabel = "<input file>", description = "OpenMetrics file.")
    Path input = Path.of("");

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "<output directory>",
        defaultValue = "data/",
        description = "Output directory for generated blocks (default is ${DEFAULT-VALUE}).")
    Path outputDir = Path.of("data/");

    @Override
    public Integer call() throws IOException {
      BlocksFromOpenMetrics.run(
          input,
          outputDir,
          maxBlockDurationMs,
          parent.humanReadable,
          parent.quiet,
          spec.commandLine().getOut());
      return ExitCodes.OK;
    }
  }
}
