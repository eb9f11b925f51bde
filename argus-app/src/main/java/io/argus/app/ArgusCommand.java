package io.argus.app;

import io.argus.app.log.LogFormat;
import io.argus.app.log.LogLevel;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root {@code argus} command. It holds the flags every subcommand shares (they may be given
 * before or after the subcommand name) and does nothing by itself.
 */
@Command(
    name = "argus",
    mixinStandardHelpOptions = true,
    synopsisSubcommandLabel = "COMMAND",
    description = "Argus: a highly available, Prometheus-compatible monitoring system.",
    commandListHeading = "%nCommands:%n",
    footer = {"", "Run 'argus COMMAND --help' for the flags of a command."})
final class ArgusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--log.level",
      paramLabel = "<level>",
      defaultValue = "info",
      scope = ScopeType.INHERIT,
      description =
          "Only log messages with the given severity or above. One of: [debug, info, warn,"
              + " error]. Default: ${DEFAULT-VALUE}")
  LogLevel logLevel = LogLevel.INFO;

  @Option(
      names = "--log.format",
      paramLabel = "<format>",
      defaultValue = "logfmt",
      scope = ScopeType.INHERIT,
      description =
          "Output format of log messages. One of: [logfmt, json]. Default: ${DEFAULT-VALUE}")
  LogFormat logFormat = LogFormat.LOGFMT;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "expected a command");
  }
}
