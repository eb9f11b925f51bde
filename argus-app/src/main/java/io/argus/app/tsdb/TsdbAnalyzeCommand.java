package io.argus.app.tsdb;

import io.argus.app.cli.ExitCodes;
import io.argus.tsdb.tool.TsdbAnalyze;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code argus tsdb analyze [--limit=20] [<db path>] [<block id>]}. */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    description = "Analyze churn, label pair cardinality.")
final class TsdbAnalyzeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--limit",
      paramLabel = "<n>",
      defaultValue = "20",
      description = "How many items to show in each list. Default: ${DEFAULT-VALUE}")
  int limit = 20;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "<db path>",
      defaultValue = "data/",
      description = "Database path (default is ${DEFAULT-VALUE}).")
  Path dbPath = Path.of("data/");

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "<block id>",
      description = "Block to analyze (default is the last block).")
  @Nullable String blockId;

  @Override
  public Integer call() throws IOException {
    TsdbAnalyze.run(dbPath, blockId, limit, spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
