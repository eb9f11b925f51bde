package io.argus.app.check;

import io.argus.scrape.config.CheckConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code argus check config <config-files>…}: validates prometheus.yml files and reports each
 * file's result as {@code promtool check config} does; exits 1 when any file is invalid.
 */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Check if the config files are valid or not.")
final class CheckConfigCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "<config-files>",
      description = "The config files to check.")
  List<Path> files;

  @Override
  public Integer call() {
    return CheckConfig.run(files, spec.commandLine().getOut());
  }
}
