package io.argus.rules.unittest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's timing and messages; the expected texts are what promtool 2.42 printed. */
class RuleUnitTestsTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void writeRules() throws Exception {
    Files.writeString(
        dir.resolve("rules.yml"),
        """
        groups:
          - name: g
            rules:
              - record: job:requests:rate5m
                expr: sum by (job) (rate(requests_total[5m]))
              - alert: Down
                expr: up == 0
                for: 2m
                labels: {severity: page}
                annotations: {summary: "{{ $labels.instance }} down ({{ $value }})"}
        """);
  }

  private int run(String testFile) throws Exception {
    Path file = dir.resolve("t.yml");
    Files.writeString(file, testFile);
    try (PrintWriter o = new PrintWriter(out);
        PrintWriter e = new PrintWriter(err)) {
      return RuleUnitTests.run(List.of(file), o, e);
    }
  }

  @Test
  void run_passingRecordingAndAlertTests() throws Exception {
    int code =
        run(
            """
            rule_files: [rules.yml]
            tests:
              - interval: 1m
                input_series:
                  - series: 'requests_total{job="api"}'
                    values: '0+120x20'
                  - series: 'up{instance="a"}'
                    values: '1 1 0 0 0 0'
                alert_rule_test:
                  - eval_time: 3m
                    alertname: Down
                    exp_alerts: []
                  - eval_time: 4m
                    alertname: Down
                    exp_alerts:
                      - exp_labels: {severity: page, instance: a}
                        exp_annotations: {summary: a down (0)}
                promql_expr_test:
                  - expr: job:requests:rate5m
                    eval_time: 10m
                    exp_samples:
                      - labels: 'job:requests:rate5m{job="api"}'
                        value: 2
            """);
    assertThat(code).isZero();
    assertThat(out.toString())
        .isEqualTo("Unit Testing:  " + dir.resolve("t.yml") + "\n  SUCCESS\n\n");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void run_failingTestsReportExpectedAndActual() throws Exception {
    int code =
        run(
            """
            rule_files: [rules.yml]
            tests:
              - name: wrong
                interval: 1m
                input_series:
                  - series: 'up{instance="a"}'
                    values: '0x5'
                alert_rule_test:
                  - eval_time: 1m
                    alertname: Down
                    exp_alerts:
                      - exp_labels: {severity: page, instance: a}
                promql_expr_test:
                  - expr: up * 2.5
                    eval_time: 1m
                    exp_samples:
                      - labels: '{instance="a"}'
                        value: 1
            """);
    assertThat(code).isEqualTo(RuleUnitTests.FAILURE_EXIT_CODE);
    assertThat(err.toString())
        .isEqualTo(
            """
              FAILED:
                name: wrong,
                alertname: Down, time: 1m, \n\
                    exp:[
                        0:
                          Labels:{alertname="Down", instance="a", severity="page"}
                          Annotations:{}
                        ], \n\
                    got:[]
                expr: "up * 2.5", time: 1m,
                    exp: {instance="a"} 1E+00
                    got: {instance="a"} 0E+00
            """);
    assertThat(out.toString())
        .isEqualTo("Unit Testing:  " + dir.resolve("t.yml") + "\n\n\n\n");
  }

  @Test
  void run_strictDecodingCollectsEveryError() throws Exception {
    int code =
        run(
            """
            rule_files: rules.yml
            tests:
              - interval: 1m
                input_series:
                  - series: up
                    value: '1x5'
            """);
    assertThat(code).isEqualTo(RuleUnitTests.FAILURE_EXIT_CODE);
    assertThat(err.toString())
        .isEqualTo(
            """
              FAILED:
            yaml: unmarshal errors:
              line 1: cannot unmarshal !!str `rules.yml` into []string
              line 6: field value not found in type main.series
            """);
  }

  @Test
  void run_evaluationErrorStopsTheTestGroup() throws Exception {
    Files.writeString(
        dir.resolve("rules.yml"),
        """
        groups:
          - name: g
            limit: 1
            rules:
              - record: copy
                expr: up
        """);
    int code =
        run(
            """
            rule_files: [rules.yml]
            tests:
              - interval: 1m
                input_series:
                  - series: 'up{instance="a"}'
                    values: '1x3'
                  - series: 'up{instance="b"}'
                    values: '1x3'
                promql_expr_test:
                  - expr: copy
                    eval_time: 2m
                    exp_samples: []
            """);
    assertThat(code).isEqualTo(RuleUnitTests.FAILURE_EXIT_CODE);
    assertThat(err.toString())
        .isEqualTo(
            """
              FAILED:
                rule: copy, time: 0s, err: exceeded limit of 1 with 2 series
            """);
  }

  @Test
  void shortDuration_cutsTrailingZeroUnits() {
    assertThat(RuleUnitTests.shortDuration(60_000)).isEqualTo("1m");
    assertThat(RuleUnitTests.shortDuration(3_600_000)).isEqualTo("1h");
    assertThat(RuleUnitTests.shortDuration(90_000)).isEqualTo("1m30s");
    assertThat(RuleUnitTests.shortDuration(0)).isEqualTo("0s");
  }
}
