package io.argus.app.check;

import io.argus.rules.config.RuleFileCheck;
import io.argus.scrape.config.CheckConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code argus check config <config-files>…}: validates prometheus.yml files and the rule files
 * they name, reporting each as {@code promtool check config} does; exits 1 when any file is
 * invalid, 3 when only lint failed and {@code --lint-fatal} is set.
 */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Check if the config files are valid or not.")
final class CheckConfigCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--lint",
      paramLabel = "<options>",
      defaultValue = "duplicate-rules",
      description =
          "Linting checks to apply to the rules specified in the config. Available options are:"
              + " all, duplicate-rules, none. Use --lint=none to disable linting. Default:"
              + " ${DEFAULT-VALUE}.")
  String lint;

  @Option(names = "--lint-fatal", description = "Make lint errors exit with exit code 3.")
  boolean lintFatal;

  @Parameters(
      arity = "1..*",
      paramLabel = "<config-files>",
      description = "The config files to check.")
  List<Path> files;

  @Override
  public Integer call() {
    ExistingFiles.require(spec, files);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RuleFileCheck.Lint settings = RuleFileCheck.Lint.parse(lint, lintFatal, out);
    return CheckConfig.run(
        files,
        out,
        err,
        (ruleFile, o, e) -> RuleFileCheck.checkForConfig(ruleFile, settings, o, e),
        lintFatal);
  }
}
