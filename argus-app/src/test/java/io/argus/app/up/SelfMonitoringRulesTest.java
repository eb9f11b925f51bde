package io.argus.app.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import io.argus.rules.unittest.RuleUnitTests;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-monitoring rules of {@code argus up} are valid and fire as their unit tests (in
 * promtool's format) say, checked with Debian's promtool and with {@code argus test rules}.
 */
class SelfMonitoringRulesTest {
  static final String RULES = "self-monitoring.rules.yml";
  static final String TESTS = "self-monitoring.test.yml";

  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  @TempDir Path dir;

  @BeforeEach
  void copyFiles() throws IOException {
    copy("/io/argus/app/up/" + RULES, dir.resolve(RULES));
    copy("/io/argus/app/up/" + TESTS, dir.resolve(TESTS));
  }

  @Test
  void rules_passPromtoolCheckRules() throws Exception {
    assumePromtool();
    Result result = run(PROMTOOL.toString(), "check", "rules", RULES);
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS: 10 rules found");
  }

  @Test
  void rules_passTheirUnitTestsUnderPromtool() throws Exception {
    assumePromtool();
    Result result = run(PROMTOOL.toString(), "test", "rules", TESTS);
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void rules_passTheirUnitTestsUnderArgus() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = RuleUnitTests.run(List.of(dir.resolve(TESTS)), new PrintWriter(out, true),
        new PrintWriter(err, true));
    assertThat(exitCode).as(err.toString()).isZero();
    assertThat(out.toString()).contains("SUCCESS");
  }

  @Test
  void unitTests_failUnderPromtoolWhenARuleChanges() throws Exception {
    assumePromtool();
    Path rules = dir.resolve(RULES);
    String text = Files.readString(rules);
    assertThat(text).contains("for: 30s");
    Files.writeString(rules, text.replace("for: 30s", "for: 1m"));
    Result result = run(PROMTOOL.toString(), "test", "rules", TESTS);
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).contains("alertname: ArgusReplicaDown");
  }

  private static void assumePromtool() {
    Assumptions.assumeTrue(
        Files.isExecutable(PROMTOOL), "promtool not installed: skipping the rule checks");
  }

  private static void copy(String resource, Path to) throws IOException {
    try (InputStream in = SelfMonitoringRulesTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      Files.copy(in, to);
    }
  }

  private Result run(String... command) throws Exception {
    Process process =
        new ProcessBuilder(new ArrayList<>(List.of(command)))
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  private record Result(int exitCode, String output) {}
}
