package io.argus.app;

import io.argus.app.alertmanager.AlertmanagerCommand;
import io.argus.app.aot.AotTrainingCommand;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Builds the {@code argus} command line: the root command, its subcommands, and the handling of
 * errors and exit codes (0 ok, 1 runtime error, 2 usage error). A new subcommand is one more entry
 * in {@link #subcommands}, under the name its {@code @Command} annotation gives it.
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

  /**
   * A ready-to-execute command line with every subcommand, writing to {@code out} and {@code err}.
   */
  public static CommandLine commandLine(Context context, PrintWriter out, PrintWriter err) {
    return commandLine(context, out, err, new String[0]);
  }

  /**
   * A ready-to-execute command line for {@code args}, writing to {@code out} and {@code err}. When
   * the first argument names a subcommand, only that one is built: picocli reads the options of a
   * command by reflection when it is added, which for all of them took most of a command's start.
   * Otherwise (root help, {@code --version}, root flags before the command, an unknown command) all
   * are, so that help and errors read as before.
   */
  public static CommandLine commandLine(
      Context context, PrintWriter out, PrintWriter err, String[] args) {
    Map<String, Supplier<Object>> subcommands = subcommands(context);
    Supplier<Object> named = args.length > 0 ? subcommands.get(args[0]) : null;
    ArgusCommand root = new ArgusCommand();
    CommandLine cli = new CommandLine(root);
    if (named != null) {
      cli.addSubcommand(named.get());
    } else {
      subcommands.values().forEach(subcommand -> cli.addSubcommand(subcommand.get()));
    }
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

  /** Every subcommand by name, in the order the root help lists them. */
  private static Map<String, Supplier<Object>> subcommands(Context context) {
    Map<String, Supplier<Object>> all = new LinkedHashMap<>();
    all.put(
        "server",
        () -> new ServerCommand(context.build(), context.clock(), context.storageFactory()));
    all.put("up", () -> new UpCommand(context.launcher(), context.clock()));
    all.put("tsdb", TsdbCommand::new);
    all.put("check", CheckCommand::new);
    all.put("test", TestCommand::new);
    all.put("demo", () -> new DemoCommand(context.clock()));
    all.put(
        "alertmanager",
        () -> new AlertmanagerCommand(context.build(), context.clock(), FileOps.defaults()));
    all.put("query", () -> new QueryCommand(context.build(), context.clock()));
    all.put("aot-training", () -> new AotTrainingCommand(context));
    return all;
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
