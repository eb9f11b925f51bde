package io.argus.app.tsdb;

import io.argus.app.cli.ExitCodes;
import io.argus.model.labels.Matcher;
import io.argus.tsdb.tool.SeriesSelectors;
import io.argus.tsdb.tool.TsdbDump;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code argus tsdb dump [--min-time=…] [--max-time=…] [--match=…] [<db path>]}. */
@Command(name = "dump", mixinStandardHelpOptions = true, description = "Dump samples from a TSDB.")
final class TsdbDumpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--min-time",
      paramLabel = "<ms>",
      defaultValue = "-9223372036854775808",
      description = "Minimum timestamp to dump.")
  long minTime = Long.MIN_VALUE;

  @Option(
      names = "--max-time",
      paramLabel = "<ms>",
      defaultValue = "9223372036854775807",
      description = "Maximum timestamp to dump.")
  long maxTime = Long.MAX_VALUE;

  @Option(
      names = "--match",
      paramLabel = "<selector>",
      defaultValue = "{__name__=~'(?s:.*)'}",
      description = "Series selector. Default: ${DEFAULT-VALUE}")
  String match = "{__name__=~'(?s:.*)'}";

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "<db path>",
      defaultValue = "data/",
      description = "Database path (default is ${DEFAULT-VALUE}).")
  Path dbPath = Path.of("data/");

  @Override
  public Integer call() throws IOException {
    List<Matcher> matchers;
    try {
      matchers = SeriesSelectors.parse(match);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--match: " + e.getMessage(), e);
    }
    TsdbDump.run(dbPath, minTime, maxTime, matchers, spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
