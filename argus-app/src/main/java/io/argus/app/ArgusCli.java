package io.argus.app;

import io.argus.app.aot.AotTrainingCommand;
import io.argus.app.alertmanager.AlertmanagerCommand;
import io.argus.app.check.CheckCommand;
import io.argus.app.cli.ExitCodes;
import io.argus.app.demo.DemoCommand;
import io.argus.app.log.LogSetup;
import io.argus.app.query.QueryCommand;
import io.argus.app.runtime.BuildInfo;
import io.argus.app.server.ServerCommand;
import io.argus.app.server.ServerStartException;
import io.argus.app.server.ServerStorage;
import io.argus.app.test.TestCommand;
import io.argus.app.tsdb.TsdbCommand;
import io.argus.app.up.JavaLauncher;
import io.argus.app.up.UpCommand;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.io.PrintWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Builds the {@code argus} command line: the root command, its subcommands, and the handling of
 * errors and exit codes (0 ok, 1 runtime error, 2 usage error). A new subcommand is one more {@code
 * addSubcommand} line in {@link #commandLine}.
 */
public final class ArgusCli {
  private static final Logger logger = LoggerFactory.getLogger(ArgusCli.class);

  private ArgusCli() {}

  /**
   * What the commands need from outside the command line.
   *
   * @param build the version information {@code --version} prints
   * @param clock the time source handed to every component
   * @param storageFactory opens {@code argus server}'s storage
   * @param launcher how {@code argus up} starts child processes
   */
  public record Context(
      BuildInfo build, Clock clock, ServerStorage.Factory storageFactory, JavaLauncher launcher) {}

  /** A ready-to-execute command line writing to {@code out} and {@code err}. */
  public static CommandLine commandLine(Context context, PrintWriter out, PrintWriter err) {
    ArgusCommand root = new ArgusCommand();
    CommandLine cli = new CommandLine(root);
    cli.addSubcommand(
        new ServerCommand(context.build(), context.clock(), context.storageFactory()));
    cli.addSubcommand(new UpCommand(context.launcher(), context.clock()));
    cli.addSubcommand(new TsdbCommand());
    cli.addSubcommand(new CheckCommand());
    cli.addSubcommand(new TestCommand());
    cli.addSubcommand(new DemoCommand(context.clock()));
    cli.addSubcommand(
        new AlertmanagerCommand(context.build(), context.clock(), FileOps.defaults()));
    cli.addSubcommand(new QueryCommand(context.build(), context.clock()));
    cli.addSubcommand(new AotTrainingCommand(context));
    // Settings below apply to the subcommands added above, so they come last.
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setOut(out);
    cli.setErr(err);
    cli.getCommandSpec().versionProvider(() -> context.build().versionText().split("\n"));
    cli.setExecutionStrategy(
        parseResult -> {
          LogSetup.configure(root.logLevel, root.logFormat);
          return new CommandLine.RunLast().execute(parseResult);
        });
    cli.setParameterExceptionHandler(ArgusCli::usageError);
    cli.setExecutionExceptionHandler(
        (exception, commandLine, parseResult) -> runtimeError(exception, commandLine));
    return cli;
  }

  /** Prints a usage error the way Prometheus does ({@code argus: error: …, try --help}). */
  private static int usageError(ParameterException e, String[] args) {
    CommandLine commandLine = e.getCommandLine();
    commandLine
        .getErr()
        .printf(
            "%s: error: %s, try --help%n",
            commandLine.getCommandSpec().qualifiedName(), e.getMessage());
    commandLine.getErr().flush();
    return ExitCodes.USAGE;
  }

  private static int runtimeError(Exception e, CommandLine commandLine) {
    if (e instanceof ServerStartException start && start.getCause() != null) {
      logger.atError().setCause(start.getCause()).log(start.step());
    } else {
      logger.atError().setCause(e).log("command failed");
      if (logger.isDebugEnabled()) {
        e.printStackTrace(commandLine.getErr());
        commandLine.getErr().flush();
      }
    }
    return ExitCodes.RUNTIME_ERROR;
  }
}
