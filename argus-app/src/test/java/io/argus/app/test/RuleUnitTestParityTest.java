package io.argus.app.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.rules.unittest.RuleUnitTests;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance 2 of issue 6: every unit-test file of the corpus gives the same exit code, standard
 * output and standard error under {@code argus test rules} as under Debian's {@code promtool test
 * rules} (2.42). The corpus covers passing and failing recording and alerting tests, templates,
 * {@code keep_firing_for}, group order, limits, evaluation and expression errors, and malformed
 * files.
 */
class RuleUnitTestParityTest {
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  private static final String CORPUS = "/io/argus/app/test/rules-corpus";

  @TempDir static Path dir;

  @BeforeAll
  static void copyCorpus() throws IOException, URISyntaxException {
    Path source = Path.of(RuleUnitTestParityTest.class.getResource(CORPUS).toURI());
    try (Stream<Path> files = Files.list(source)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName().toString()));
      }
    }
  }

  static List<String> testFiles() throws IOException, URISyntaxException {
    Path source = Path.of(RuleUnitTestParityTest.class.getResource(CORPUS).toURI());
    try (Stream<Path> files = Files.list(source)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".test.yml"))
          .sorted()
          .toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("testFiles")
  void testRules_printsWhatPromtoolPrints(String name) throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(PROMTOOL), "promtool not installed: skipping the parity corpus");
    Path file = dir.resolve(name);

    Process promtool =
        new ProcessBuilder(PROMTOOL.toString(), "test", "rules", file.toString())
            .directory(dir.toFile())
            .start();
    promtool.getOutputStream().close();
    String promtoolErr;
    String promtoolOut;
    try (InputStream err = promtool.getErrorStream()) {
      promtoolOut = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      promtoolErr = new String(err.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(promtool.waitFor(120, TimeUnit.SECONDS)).isTrue();

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode;
    try (PrintWriter o = new PrintWriter(out);
        PrintWriter e = new PrintWriter(err)) {
      exitCode = RuleUnitTests.run(List.of(file), o, e);
    }

    assertThat(exitCode).as("exit code").isEqualTo(promtool.exitValue());
    assertThat(err.toString()).as("standard error").isEqualTo(promtoolErr);
    assertThat(out.toString()).as("standard output").isEqualTo(promtoolOut);
  }
}
