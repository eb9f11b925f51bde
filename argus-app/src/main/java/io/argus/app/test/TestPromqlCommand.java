package io.argus.app.test;

import io.argus.app.cli.ExitCodes;
import io.argus.promql.Engine;
import io.argus.promql.EngineOptions;
import io.argus.promql.promqltest.EvalOutcome;
import io.argus.promql.promqltest.PromqlEngineAdapter;
import io.argus.promql.promqltest.PromqlScript;
import io.argus.promql.promqltest.PromqlScriptRunner;
import io.argus.promql.promqltest.ScriptParseException;
import io.argus.promql.promqltest.ScriptReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code argus test promql FILE…}: runs PromQL test scripts and prints, per file and in total,
 * {@code N passed, N failed, N skipped}, followed by each failed eval. Exits 1 when an eval
 * fails or a file cannot be read, parsed or loaded.
 */
@Command(
    name = "promql",
    mixinStandardHelpOptions = true,
    description = "Run PromQL test scripts (the upstream promqltest language).")
final class TestPromqlCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-v", "--verbose"},
      description = "Also list skipped evals with their reason.")
  boolean verbose;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Test script files.")
  List<Path> files = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PromqlScriptRunner runner =
        new PromqlScriptRunner(new PromqlEngineAdapter(new Engine(EngineOptions.CONFORMANCE)));
    long passed = 0;
    long failed = 0;
    long skipped = 0;
    boolean fileFailed = false;
    for (Path file : files) {
      ScriptReport report;
      try {
        report = runner.run(PromqlScript.parse(file));
      } catch (IOException e) {
        out.println(file + ": cannot read: " + e.getMessage());
        fileFailed = true;
        continue;
      } catch (ScriptParseException e) {
        out.println(file + ": " + e.getMessage());
        fileFailed = true;
        continue;
      }
      long p = report.count(EvalOutcome.Status.PASSED);
      long f = report.count(EvalOutcome.Status.FAILED);
      long s = report.count(EvalOutcome.Status.SKIPPED);
      passed += p;
      failed += f;
      skipped += s;
      out.println(file + ": " + ScriptReport.summary(p, f, s));
      if (!report.fileError().isEmpty()) {
        out.println("  " + report.fileError());
        fileFailed = true;
      }
      for (EvalOutcome o : report.outcomes()) {
        if (o.status() == EvalOutcome.Status.FAILED
            || (verbose && o.status() == EvalOutcome.Status.SKIPPED)) {
          out.println("  " + o);
        }
      }
    }
    out.println("total: " + ScriptReport.summary(passed, failed, skipped));
    out.flush();
    return failed > 0 || fileFailed ? ExitCodes.RUNTIME_ERROR : ExitCodes.OK;
  }
}
