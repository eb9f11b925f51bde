package io.argus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.argus.promql.Engine;
import io.argus.promql.EngineOptions;
import io.argus.promql.promqltest.EvalOutcome;
import io.argus.promql.promqltest.PromqlEngineAdapter;
import io.argus.promql.promqltest.PromqlScript;
import io.argus.promql.promqltest.PromqlScriptRunner;
import io.argus.promql.promqltest.ScriptReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every upstream conformance script of the shared test data against the engine, printing
 * per-file and total pass counts. Only files listed in {@code required-conformance.txt} fail the
 * build.
 */
class PromqlConformanceTest {
  private static final long[] TOTALS = new long[3];

  @TestFactory
  Stream<DynamicTest> conformance_everyCorpusFile() throws IOException {
    String shared = System.getProperty("argus.shared.dir");
    Path dir = shared == null ? null : Path.of(shared, "promql-testdata");
    assumeTrue(dir != null && Files.isDirectory(dir), "shared promql-testdata not available");
    Set<String> required = requiredFiles();
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
    }
    PromqlScriptRunner runner =
        new PromqlScriptRunner(new PromqlEngineAdapter(new Engine(EngineOptions.CONFORMANCE)));
    List<DynamicTest> tests = new ArrayList<>();
    for (Path f : files) {
      String name = f.getFileName().toString();
      tests.add(
          DynamicTest.dynamicTest(
              name,
              () -> {
                ScriptReport report = runner.run(PromqlScript.parse(f));
                long p = report.count(EvalOutcome.Status.PASSED);
                long x = report.count(EvalOutcome.Status.FAILED);
                long k = report.count(EvalOutcome.Status.SKIPPED);
                synchronized (TOTALS) {
                  TOTALS[0] += p;
                  TOTALS[1] += x;
                  TOTALS[2] += k;
                }
                System.out.println(name + ": " + report.summary());
                if (Boolean.getBoolean("argus.conformance.verbose")) {
                  report.outcomes().stream()
                      .filter(o -> o.status() != EvalOutcome.Status.PASSED)
                      .forEach(o -> System.out.println("  " + o));
                }
                if (required.contains(name)) {
                  assertThat(report.outcomes())
                      .filteredOn(o -> o.status() == EvalOutcome.Status.FAILED)
                      .as("failed evals of required file " + name)
                      .isEmpty();
                  assertThat(report.fileError()).isEmpty();
                }
              }));
    }
    tests.add(
        DynamicTest.dynamicTest(
            "total",
            () -> {
              System.out.println(
                  "promql conformance total: "
                      + ScriptReport.summary(TOTALS[0], TOTALS[1], TOTALS[2]));
              assertThat(TOTALS[0]).isPositive();
            }));
    return tests.stream();
  }

  private static Set<String> requiredFiles() throws IOException {
    Set<String> out = new TreeSet<>();
    try (InputStream in =
        PromqlConformanceTest.class.getResourceAsStream("/required-conformance.txt")) {
      if (in == null) {
        return out;
      }
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String t = line.strip();
        if (!t.isEmpty() && !t.startsWith("#")) {
          out.add(t);
        }
      }
    }
    return out;
  }
}
