package io.argus.app.test;

import io.argus.app.log.LogSetup;
import io.argus.rules.unittest.RuleUnitTests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code argus test rules FILE…}: runs rule unit-test files written for {@code promtool test
 * rules}, with the same output and exit codes (1 when a test fails).
 */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Unit tests for rules (the file format of promtool test rules).")
final class TestRulesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "The unit test files.")
  List<Path> files = new ArrayList<>();

  @Override
  public Integer call() {
    // promtool evaluates without a logger; failures are part of the report instead.
    LogSetup.silence("io.argus.rules");
    return RuleUnitTests.run(
        files, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
