package io.argus.app.alertmanager;

import io.argus.app.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code argus alertmanager}: groups the Alertmanager commands; prints usage by itself. */
@Command(
    name = "alertmanager",
    mixinStandardHelpOptions = true,
    synopsisSubcommandLabel = "COMMAND",
    description = "The Alertmanager: routing, grouping, inhibition and silencing of alerts.",
    commandListHeading = "%nCommands:%n",
    subcommands = {CheckConfigCommand.class})
public final class AlertmanagerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }
}
