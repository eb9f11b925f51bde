package io.argus.app.check;

import io.argus.rules.config.RuleFileCheck;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code argus check rules <rule-files>…}: validates rule files and reports each as {@code promtool
 * check rules} does; exits 1 when any file is invalid, 3 when only lint failed and {@code
 * --lint-fatal} is set.
 */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Check if the rule files are valid or not.")
final class CheckRulesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--lint",
      paramLabel = "<options>",
      defaultValue = "duplicate-rules",
      description =
          "Linting checks to apply. Available options are: all, duplicate-rules, none. Use"
              + " --lint=none to disable linting. Default: ${DEFAULT-VALUE}.")
  String lint;

  @Option(names = "--lint-fatal", description = "Make lint errors exit with exit code 3.")
  boolean lintFatal;

  @Parameters(arity = "1..*", paramLabel = "<rule-files>", description = "The rule files to check.")
  List<Path> files;

  @Override
  public Integer call() {
    ExistingFiles.require(spec, files);
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    return RuleFileCheck.run(files, RuleFileCheck.Lint.parse(lint, lintFatal, out), out, err);
  }
}
