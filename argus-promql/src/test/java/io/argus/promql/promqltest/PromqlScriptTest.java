package io.argus.promql.promqltest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.argus.model.labels.Labels;
import io.argus.promql.promqltest.PromqlScript.Eval;
import io.argus.promql.promqltest.PromqlScript.Load;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PromqlScriptTest {
  @Test
  void parse_loadExpandsSeriesNotation() {
    PromqlScript s =
        PromqlScript.parse(
            "t",
            """
            load 1m
              a{x="1"} 0+10x3 _x2 5x1 stale -1-1x2
              {__name__="b"} 1 _ 2

            eval instant at 1m a
              a{x="1"} 10
            """);
    Load load = (Load) s.commands().get(0);
    assertThat(load.intervalMs()).isEqualTo(60_000);
    SeriesValues v = load.series().get(0).values();
    assertThat(v.toString()).isEqualTo("0.0 10.0 20.0 30.0 _ _ 5.0 5.0 stale -1.0 -2.0 -3.0");
    assertThat(load.series().get(1).labels()).isEqualTo(Labels.of("__name__", "b"));
    Eval e = (Eval) s.commands().get(1);
    assertThat(e.start()).isEqualTo(60_000);
    assertThat(e.expected()).hasSize(1);
  }

  @Test
  void parse_commentEndsBlockAndScalarEndsEval() {
    PromqlScript s =
        PromqlScript.parse(
            "t",
            """
            eval instant at 0 1
              1
            # comment
            clear
            eval_fail instant at 1h foo
              expected_fail_message some error
            eval range from 0 to 2m step 1m foo
              expect warn regex: x.y
              expect no_info
              foo{a="b"} 1 _ 3
            """);
    assertThat(s.commands()).hasSize(4);
    Eval scalar = (Eval) s.commands().get(0);
    assertThat(scalar.expectedScalar()).isEqualTo(1.0);
    Eval fail = (Eval) s.commands().get(2);
    assertThat(fail.expectFail()).isTrue();
    assertThat(fail.failMessages().get(0).matches("some error")).isTrue();
    Eval range = (Eval) s.commands().get(3);
    assertThat(range.range()).isTrue();
    assertThat(range.step()).isEqualTo(60_000);
    assertThat(range.noInfo()).isTrue();
    assertThat(range.warnings().get(0).matches("axzy")).isTrue();
    assertThat(range.expected().get(0).values().size()).isEqualTo(3);
  }

  @Test
  void parse_rangeVectorAndStringExpectations() {
    PromqlScript s =
        PromqlScript.parse(
            "t",
            """
            eval instant at 1m foo[1m]
              expect range vector from 10s to 1m step 10s
              foo 1 2 3

            eval instant at 0 "a"
              expect string `Foo`
            """);
    Eval rv = (Eval) s.commands().get(0);
    assertThat(rv.rangeVector())
        .isEqualTo(new PromqlScript.RangeVectorExpectation(10_000, 60_000, 10_000));
    assertThat(rv.expected().get(0).position()).isEqualTo(2);
    assertThat(((Eval) s.commands().get(1)).expectedString()).isEqualTo("Foo");
  }

  @Test
  void parse_invalidInputIsRejected() {
    assertThatThrownBy(() -> PromqlScript.parse("t", "frobnicate 1\n"))
        .isInstanceOf(ScriptParseException.class)
        .hasMessageContaining("invalid command");
    assertThatThrownBy(() -> PromqlScript.parse("t", "eval instant at 0 a\n  a 1 2\n"))
        .isInstanceOf(ScriptParseException.class);
    assertThatThrownBy(
            () -> PromqlScript.parse("t", "eval instant at 0 a\n  expect warn\n  expect no_warn\n"))
        .isInstanceOf(ScriptParseException.class);
  }

  @Test
  void parseDuration_acceptsCompoundUnits() {
    assertThat(ScriptValues.parseDuration("1h30m")).isEqualTo(5_400_000);
    assertThat(ScriptValues.parseDuration("1500ms")).isEqualTo(1500);
    assertThat(ScriptValues.parseDuration("0")).isZero();
    assertThat(ScriptValues.parseDuration("1y")).isEqualTo(365L * 86_400_000);
    assertThatThrownBy(() -> ScriptValues.parseDuration("1m1h"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void floatsEqual_followsHarnessTolerance() {
    assertThat(PromqlScriptRunner.floatsEqual(1, 1 + 1e-7)).isTrue();
    assertThat(PromqlScriptRunner.floatsEqual(1, 1 + 1e-5)).isFalse();
    assertThat(PromqlScriptRunner.floatsEqual(0, 1e-300)).isFalse();
    assertThat(PromqlScriptRunner.floatsEqual(Double.NaN, Double.NaN)).isTrue();
    assertThat(PromqlScriptRunner.floatsEqual(ScriptValues.STALE_NAN, Double.NaN)).isFalse();
    assertThat(PromqlScriptRunner.floatsEqual(Double.POSITIVE_INFINITY, Double.MAX_VALUE))
        .isFalse();
  }

  @Test
  void parse_everyCorpusFileReadsWithoutError() throws IOException {
    String shared = System.getProperty("argus.shared.dir");
    Path dir = shared == null ? null : Path.of(shared, "promql-testdata");
    assumeTrue(dir != null && Files.isDirectory(dir), "shared promql-testdata not available");
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(21);
    int evals = 0;
    for (Path f : files) {
      PromqlScript script = PromqlScript.parse(f);
      evals += (int) script.commands().stream().filter(c -> c instanceof Eval).count();
    }
    assertThat(evals).isEqualTo(2214);
  }
}
