package io.argus.template.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the alert-template corpus against our implementation and, when Debian's {@code promtool} is
 * installed, against upstream Prometheus: every expectation must hold for both.
 */
class AlertTemplateConformanceTest {
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  @Test
  void corpus_hasAtLeastHundredCases() throws IOException {
    assertThat(TemplateCorpus.load().cases()).hasSizeGreaterThanOrEqualTo(100);
  }

  @Test
  void corpus_matchesArgus() throws Exception {
    TemplateCorpus corpus = TemplateCorpus.load();
    EngineQueryFunction query = new EngineQueryFunction(TemplateCorpus.SERIES);
    List<String> failures = new ArrayList<>();
    for (TemplateCorpus.Case c : corpus.cases()) {
      String got;
      if (c.parse()) {
        got = AlertTemplates.parseError(c.name(), c.template());
        got = got == null ? "<parsed>" : got;
      } else {
        double value =
            query
                .query("test_metric * 0 + (" + c.value() + ")", TemplateCorpus.EVAL_TIME_MS)
                .getFirst()
                .value();
        got =
            AlertTemplates.expandOrError(
                c.name(),
                c.template(),
                new AlertTemplates.AlertData(
                    TemplateCorpus.ALERT_LABELS,
                    TemplateCorpus.EXTERNAL_LABELS,
                    TemplateCorpus.EXTERNAL_URL,
                    value),
                query,
                TemplateCorpus.EVAL_TIME_MS,
                null);
      }
      if (!got.equals(c.expected())) {
        failures.add(c.name() + ":\n  want: " + c.expected() + "\n  got:  " + got);
      }
    }
    assertThat(failures).as(String.join("\n", failures)).isEmpty();
  }

  @Test
  void corpus_matchesPromtool(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(PROMTOOL), "promtool not installed at /usr/bin/promtool");
    TemplateCorpus corpus = TemplateCorpus.load();
    List<TemplateCorpus.Case> exec = corpus.cases().stream().filter(c -> !c.parse()).toList();
    List<TemplateCorpus.Case> parse = corpus.cases().stream().filter(c -> c.parse()).toList();

    Path rules = dir.resolve("rules.yml");
    Files.writeString(rules, PromtoolFiles.rules(exec));
    Path tests = dir.resolve("tests.yml");
    Files.writeString(tests, PromtoolFiles.tests(rules.toString(), exec));
    Result testRun = run(dir, PROMTOOL.toString(), "test", "rules", tests.toString());
    assertThat(testRun.exitCode()).as(testRun.output()).isZero();

    Path parseRules = dir.resolve("parse-rules.yml");
    Files.writeString(parseRules, PromtoolFiles.rules(parse));
    Result checkRun = run(dir, PROMTOOL.toString(), "check", "rules", parseRules.toString());
    Map<String, String> parseErrors = parseErrors(checkRun.output());
    List<String> failures = new ArrayList<>();
    for (TemplateCorpus.Case c : parse) {
      String got = parseErrors.getOrDefault(c.name(), "<parsed>");
      if (!got.equals(c.expected())) {
        failures.add(c.name() + ":\n  want: " + c.expected() + "\n  got:  " + got);
      }
    }
    assertThat(failures).as(String.join("\n", failures) + "\n" + checkRun.output()).isEmpty();
  }

  private static final Pattern RULE_ERROR =
      Pattern.compile("rule \\d+, \"([^\"]+)\": annotation \"out\": (.*)$");

  /** Parse errors by alert name from {@code promtool check rules} output. */
  private static Map<String, String> parseErrors(String output) {
    Map<String, String> errors = new HashMap<>();
    for (String line : output.split("\n")) {
      Matcher m = RULE_ERROR.matcher(line);
      if (m.find()) {
        errors.put(m.group(1), m.group(2));
      }
    }
    return errors;
  }

  private record Result(int exitCode, String output) {}

  private static Result run(Path dir, String... command) throws Exception {
    Path log = dir.resolve("promtool.log");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("promtool did not finish in 60s");
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
