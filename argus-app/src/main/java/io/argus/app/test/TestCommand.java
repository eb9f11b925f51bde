package io.argus.app.test;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code argus test}: groups the offline test tools; does nothing by itself. */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    synopsisSubcommandLabel = "COMMAND",
    description = "Unit testing.",
    commandListHeading = "%nCommands:%n",
    subcommands = {TestPromqlCommand.class, TestRulesCommand.class})
public final class TestCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "expected a command");
  }
}
