package io.argus.app.check;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code argus check}: groups the validation tools (as {@code promtool check}); no action itself. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    synopsisSubcommandLabel = "COMMAND",
    description = "Check the resources for validity (as promtool check does).",
    commandListHeading = "%nCommands:%n",
    subcommands = {CheckConfigCommand.class, CheckRulesCommand.class})
public final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "expected a command");
  }
}
