package io.argus.rules.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.model.relabel.NameValidationScheme;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFileCheckTest {
  @TempDir Path dir;

  @Test
  void duplicates_sameNameAndLabels_reportedOnceSorted() {
    RuleFile f =
        RuleFileLoader.parse(
                """
                groups:
                  - name: a
                    rules:
                      - {record: z, expr: up}
                      - {record: z, expr: up}
                      - {record: z, expr: up}
                      - {alert: Y, expr: up, labels: {b: "1"}}
                  - name: b
                    rules:
                      - {alert: Y, expr: up, labels: {b: "1"}}
                      - {alert: Y, expr: up, labels: {b: "2"}}
                """,
                "f.yml",
                NameValidationScheme.LEGACY)
            .ruleFile();
    assertThat(RuleFileCheck.duplicates(f))
        .containsExactly(
            new RuleFileCheck.RuleKey("Y", Labels.of("b", "1")),
            new RuleFileCheck.RuleKey("z", Labels.EMPTY));
  }

  @Test
  void run_printsSuccessOnOutAndFailuresOnErr() throws Exception {
    Path good = Files.writeString(dir.resolve("good.yml"), "groups: [{name: g, rules: [{record: a, expr: up}]}]\n");
    Path bad = Files.writeString(dir.resolve("bad.yml"), "groups: [{name: g, rules: [{record: a}]}]\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    RuleFileCheck.Lint lint = RuleFileCheck.Lint.parse("duplicate-rules", false, new PrintWriter(out));

    int rc = RuleFileCheck.run(List.of(good, bad), lint, new PrintWriter(out), new PrintWriter(err));

    assertThat(rc).isEqualTo(1);
    assertThat(out.toString())
        .isEqualTo(
            "Checking " + good + "\n  SUCCESS: 1 rules found\n\nChecking " + bad + "\n\n");
    assertThat(err.toString())
        .isEqualTo(
            "  FAILED:\n" + bad + ": 0:0: group \"g\", rule 1, \"a\": field 'expr' must be set in"
                + " rule\n");
  }

  @Test
  void lint_unknownOption_warnsAndIsIgnored() {
    StringWriter out = new StringWriter();
    RuleFileCheck.Lint lint = RuleFileCheck.Lint.parse("none,bogus", true, new PrintWriter(out, true));
    assertThat(lint.duplicateRules()).isFalse();
    assertThat(lint.fatal()).isTrue();
    assertThat(out.toString()).isEqualTo("WARNING: unknown lint option bogus\n");
  }
}
