package io.argus.app.tsdb;

import io.argus.app.cli.ExitCodes;
import io.argus.tsdb.tool.TsdbList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code argus tsdb list [-r] [<db path>]}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List tsdb blocks.")
final class TsdbListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-r", "--human-readable"},
      description = "Print human readable values.")
  boolean humanReadable;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "<db path>",
      defaultValue = "data/",
      description = "Database path (default is ${DEFAULT-VALUE}).")
  Path dbPath = Path.of("data/");

  @Override
  public Integer call() throws IOException {
    TsdbList.run(dbPath, humanReadable, spec.commandLine().getOut());
    return ExitCodes.OK;
  }
}
