package io.argus.promql.promqltest;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.promql.Engine;
import io.argus.promql.EngineOptions;
import io.argus.promql.promqltest.EvalOutcome.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromqlScriptRunnerTest {
  private final PromqlScriptRunner runner =
      new PromqlScriptRunner(new PromqlEngineAdapter(new Engine(EngineOptions.CONFORMANCE)));

  private List<Status> run(String script) {
    return runner.run(PromqlScript.parse("inline", script)).outcomes().stream()
        .map(EvalOutcome::status)
        .toList();
  }

  @Test
  void run_detectsWrongValuesMissingAndExtraSeries() {
    List<Status> s =
        run(
            """
            load 1m
              m{a="1"} 0+1x10
              m{a="2"} 5x10

            eval instant at 2m m
              m{a="1"} 2
              m{a="2"} 5

            eval instant at 2m m
              m{a="1"} 3
              m{a="2"} 5

            eval instant at 2m m
              m{a="1"} 2

            eval instant at 2m m{a="1"}
              m{a="1"} 2
              m{a="3"} 2

            eval range from 0 to 2m step 1m m{a="1"}
              m{a="1"} 0 1 2

            eval range from 0 to 2m step 1m m{a="1"}
              m{a="1"} 0 _ 2
            """);
    assertThat(s)
        .containsExactly(
            Status.PASSED,
            Status.FAILED,
            Status.FAILED,
            Status.FAILED,
            Status.PASSED,
            Status.FAILED);
  }

  @Test
  void run_checksFailuresAndAnnotations() {
    List<Status> s =
        run(
            """
            load 1m
              m{a="1"} 0+1x10
              m{a="2"} 5x10

            eval instant at 5m rate(m[5m])
              expect info msg: PromQL info: metric might not be a counter, name does not end \
            in _total/_sum/_count/_bucket: "m" (1:6)
              {a="1"} 0.016666666666666666
              {a="2"} 0

            eval instant at 5m rate(m[5m])
              expect no_info
              {a="1"} 0.016666666666666666
              {a="2"} 0

            eval instant at 1m m + ignoring(a) m
              expect fail regex: many-to-many matching not allowed

            eval instant at 1m m
              expect fail
            """);
    assertThat(s).containsExactly(Status.PASSED, Status.FAILED, Status.PASSED, Status.FAILED);
  }

  @Test
  void run_skipsNativeHistogramEvals() {
    List<Status> s =
        run(
            """
            load 1m
              h {{schema:0 sum:1 count:1}}x3

            eval instant at 1m h
              h {{schema:0 sum:1 count:1}}
            """);
    assertThat(s).containsExactly(Status.SKIPPED);
  }
}
