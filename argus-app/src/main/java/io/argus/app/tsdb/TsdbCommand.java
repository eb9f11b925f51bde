package io.argus.app.tsdb;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code argus tsdb}: groups the offline TSDB tools; does nothing by itself. */
@Command(
    name = "tsdb",
    mixinStandardHelpOptions = true,
    synopsisSubcommandLabel = "COMMAND",
    description = "Run tsdb commands (as promtool tsdb does).",
    commandListHeading = "%nCommands:%n",
    subcommands = {
      TsdbListCommand.class,
      TsdbAnalyzeCommand.class,
      TsdbDumpCommand.class,
      CreateBlocksFromCommand.class
    })
public final class TsdbCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "expected a command");
  }
}
