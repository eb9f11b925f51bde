package io.argus.rules;

import static io.argus.rules.RuleFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.promql.Sample;
import io.argus.rules.notifier.Alert;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertingRuleTest {
  private static final long MIN = 60_000;
  private static final Labels UP_A = Labels.of("__name__", "up", "job", "a", "instance", "x");
  private static final Labels ALERT_A = Labels.of("alertname", "Down", "job", "a", "instance", "x");

  @TempDir Path dir;
  private RuleFixture f;

  @BeforeEach
  void open() {
    f = new RuleFixture(dir);
  }

  @AfterEach
  void close() {
    f.close();
  }

  private AlertingRule rule(long forMs, long keepFiringForMs) {
    return new AlertingRule(
        "Down",
        "up == 0",
        forMs,
        keepFiringForMs,
        Labels.EMPTY,
        Labels.EMPTY,
        Labels.EMPTY,
        "",
        true);
  }

  /** up is {@code v} at minute {@code minute} (relative to T0). */
  private void up(int minute, double v) {
    f.add(UP_A, T0 + minute * MIN, v);
  }

  private List<Sample> eval(AlertingRule r, int minute) {
    List<Sample> out = r.eval(T0 + minute * MIN, 0, f.query, null, 0);
    RuleGroup.status(r).setEvaluation(T0 + minute * MIN, 1);
    return out;
  }

  @Test
  void eval_pendingThenFiringThenResolvedThenForgotten() {
    AlertingRule r = rule(2 * MIN, 0);
    assertThat(r.state()).isEqualTo(AlertState.UNKNOWN);
    up(0, 0);
    List<Sample> first = eval(r, 0);
    assertThat(r.state()).isEqualTo(AlertState.PENDING);
    assertThat(first)
        .containsExactlyInAnyOrder(
            new Sample(
                Labels.of(
                    "__name__",
                    "ALERTS",
                    "alertname",
                    "Down",
                    "alertstate",
                    "pending",
                    "job",
                    "a",
                    "instance",
                    "x"),
                T0,
                1),
            new Sample(
                Labels.of(
                    "__name__",
                    "ALERTS_FOR_STATE",
                    "alertname",
                    "Down",
                    "job",
                    "a",
                    "instance",
                    "x"),
                T0,
                T0 / 1000.0));

    up(1, 0);
    eval(r, 1);
    assertThat(r.state()).isEqualTo(AlertState.PENDING);
    up(2, 0);
    List<Sample> firing = eval(r, 2);
    assertThat(r.state()).isEqualTo(AlertState.FIRING);
    assertThat(firing)
        .extracting(s -> s.labels().get("alertstate"))
        .containsExactlyInAnyOrder("firing", null);
    assertThat(firing)
        .filteredOn(s -> s.labels().get("__name__").equals("ALERTS_FOR_STATE"))
        .singleElement()
        .extracting(Sample::v)
        .isEqualTo(T0 / 1000.0);
    RuleAlert a = r.activeAlerts().getFirst();
    assertThat(a.labels()).isEqualTo(ALERT_A);
    assertThat(a.activeAt()).isEqualTo(T0);
    assertThat(a.firedAt()).isEqualTo(T0 + 2 * MIN);
    assertThat(a.value()).isEqualTo(0.0);

    up(3, 1);
    assertThat(eval(r, 3)).isEmpty();
    assertThat(r.state()).isEqualTo(AlertState.INACTIVE);
    assertThat(r.activeAlerts()).isEmpty();
    assertThat(r.currentAlerts())
        .singleElement()
        .satisfies(
            resolved -> {
              assertThat(resolved.state()).isEqualTo(AlertState.INACTIVE);
              assertThat(resolved.resolvedAt()).isEqualTo(T0 + 3 * MIN);
            });

    // Kept for exactly 15 minutes after resolving, then forgotten.
    f.addRange(UP_A, T0 + 4 * MIN, T0 + 19 * MIN, MIN, 1);
    eval(r, 18);
    assertThat(r.alertCount()).isEqualTo(1);
    eval(r, 19);
    assertThat(r.alertCount()).isZero();
  }

  @Test
  void eval_pendingAlertThatDisappears_isDropped() {
    AlertingRule r = rule(5 * MIN, 0);
    up(0, 0);
    eval(r, 0);
    up(1, 1);
    eval(r, 1);

    assertThat(r.alertCount()).isZero();
    assertThat(r.state()).isEqualTo(AlertState.INACTIVE);
  }

  @Test
  void eval_forZero_firesAtOnce() {
    AlertingRule r = rule(0, 0);
    up(0, 0);
    eval(r, 0);

    assertThat(r.state()).isEqualTo(AlertState.FIRING);
    assertThat(r.activeAlerts().getFirst().firedAt()).isEqualTo(T0);
  }

  @Test
  void eval_resolvedAlertReturning_startsPendingAgain() {
    AlertingRule r = rule(MIN, 0);
    up(0, 0);
    eval(r, 0);
    up(1, 0);
    eval(r, 1);
    up(2, 1);
    eval(r, 2);
    up(3, 0);
    eval(r, 3);

    RuleAlert a = r.activeAlerts().getFirst();
    assertThat(a.state()).isEqualTo(AlertState.PENDING);
    assertThat(a.activeAt()).isEqualTo(T0 + 3 * MIN);
    assertThat(a.resolvedAt()).isEqualTo(RuleAlert.UNSET);
  }

  @Test
  void eval_keepFiringFor_keepsFiringThenResolves() {
    AlertingRule r = rule(0, 2 * MIN);
    up(0, 0);
    eval(r, 0);
    up(1, 1);
    List<Sample> kept = eval(r, 1);
    assertThat(r.state()).isEqualTo(AlertState.FIRING);
    assertThat(r.activeAlerts().getFirst().keepFiringSince()).isEqualTo(T0 + MIN);
    assertThat(kept).extracting(s -> s.labels().get("alertstate")).contains("firing");

    up(2, 1);
    eval(r, 2);
    assertThat(r.state()).isEqualTo(AlertState.FIRING);
    up(3, 1);
    assertThat(eval(r, 3)).isEmpty();
    assertThat(r.state()).isEqualTo(AlertState.INACTIVE);
    assertThat(r.currentAlerts().getFirst().resolvedAt()).isEqualTo(T0 + 3 * MIN);
  }

  @Test
  void eval_keepFiringFor_resetWhenResultReturns() {
    AlertingRule r = rule(0, 2 * MIN);
    up(0, 0);
    eval(r, 0);
    up(1, 1);
    eval(r, 1);
    up(2, 0);
    eval(r, 2);
    assertThat(r.activeAlerts().getFirst().keepFiringSince()).isEqualTo(RuleAlert.UNSET);
    up(3, 1);
    eval(r, 3);
    up(4, 1);
    eval(r, 4);

    assertThat(r.state()).isEqualTo(AlertState.FIRING);
    assertThat(r.activeAlerts().getFirst().keepFiringSince()).isEqualTo(T0 + 3 * MIN);
  }

  @Test
  void eval_keepFiringFor_doesNotApplyToPendingAlerts() {
    AlertingRule r = rule(5 * MIN, 10 * MIN);
    up(0, 0);
    eval(r, 0);
    up(1, 1);
    eval(r, 1);

    assertThat(r.alertCount()).isZero();
  }

  @Test
  void eval_templates_seeValueLabelsExternalLabelsUrlAndQuery() {
    f.add(UP_A, T0, 0);
    AlertingRule r =
        new AlertingRule(
            "Down",
            "up == 0",
            0,
            0,
            Labels.of("severity", "{{ if lt $value 1.0 }}page{{ else }}warn{{ end }}"),
            Labels.of(
                "summary", "{{ $labels.instance }} of {{ $labels.job }} is {{ $value }}",
                "replica", "{{ $externalLabels.replica }}",
                "url", "{{ $externalURL }}",
                "answer", "{{ query \"vector(42)\" | first | value }}",
                "name", "{{ $labels.__name__ }}"),
            Labels.of("replica", "r1"),
            "http://prom.example:9090",
            true);

    r.eval(T0, 0, f.query, URI.create("http://prom.example:9090"), 0);

    RuleAlert a = r.activeAlerts().getFirst();
    assertThat(a.labels())
        .isEqualTo(Labels.of("alertname", "Down", "job", "a", "instance", "x", "severity", "page"));
    assertThat(a.annotations())
        .isEqualTo(
            Labels.of(
                "summary", "x of a is 0",
                "replica", "r1",
                "url", "http://prom.example:9090",
                "answer", "42",
                "name", "up"));
  }

  @Test
  void eval_brokenTemplates_yieldErrorTextAndRuleStaysHealthy() {
    f.add(UP_A, T0, 0);
    AlertingRule r =
        new AlertingRule(
            "Down",
            "up == 0",
            0,
            0,
            Labels.EMPTY,
            Labels.of("parse", "{{ if }}", "exec", "{{ query \"sum(\" }}"),
            Labels.EMPTY,
            "",
            true);

    r.eval(T0, 0, f.query, null, 0);

    Labels ann = r.activeAlerts().getFirst().annotations();
    assertThat(ann.get("parse"))
        .startsWith("<error expanding template: error parsing template __alert_Down: ")
        .contains("missing value for if")
        .endsWith(">");
    assertThat(ann.get("exec"))
        .startsWith("<error expanding template: error executing template __alert_Down: ")
        .contains("error calling query: ");
  }

  @Test
  void eval_sameLabelsetWithoutName_fails() {
    f.add(UP_A, T0, 0);
    f.add(UP_A.toBuilder().set("__name__", "down").build(), T0, 0);
    AlertingRule r =
        new AlertingRule(
            "Down",
            "{__name__=~\"up|down\"} == 0",
            0,
            0,
            Labels.EMPTY,
            Labels.EMPTY,
            Labels.EMPTY,
            "",
            true);

    assertThatThrownBy(() -> r.eval(T0, 0, f.query, null, 0))
        .isInstanceOf(RuleEvaluationException.class)
        .hasMessage("vector contains metrics with the same labelset after applying alert labels");
  }

  @Test
  void eval_overLimit_failsAndForgetsAlerts() {
    for (String i : List.of("1", "2", "3")) {
      f.add(UP_A.toBuilder().set("instance", i).build(), T0, 0);
    }
    AlertingRule r = rule(0, 0);
    assertThat(r.eval(T0, 0, f.query, null, 3)).hasSize(6);

    assertThatThrownBy(() -> r.eval(T0, 0, f.query, null, 2))
        .isInstanceOf(RuleEvaluationException.class)
        .hasMessage("exceeded limit of 2 with 3 alerts");
    assertThat(r.alertCount()).isZero();
  }

  @Test
  void eval_notRestored_tracksAlertsButWritesNoSeries() {
    up(0, 0);
    AlertingRule r =
        new AlertingRule(
            "Down", "up == 0", 0, 0, Labels.EMPTY, Labels.EMPTY, Labels.EMPTY, "", false);

    assertThat(r.eval(T0, 0, f.query, null, 0)).isEmpty();
    assertThat(r.alertCount()).isOne();
    r.setRestored(true);
    assertThat(r.eval(T0, 0, f.query, null, 0)).hasSize(2);
  }

  @Test
  void eval_ruleLabelsOnAlertsSeries_andQueryOffset() {
    up(0, 0);
    AlertingRule r =
        new AlertingRule(
            "Down",
            "up == 0",
            0,
            0,
            Labels.of("team", "ops"),
            Labels.EMPTY,
            Labels.EMPTY,
            "",
            true);

    List<Sample> out = r.eval(T0 + MIN, MIN, f.query, null, 0);

    assertThat(out).extracting(Sample::t).containsOnly(T0);
    assertThat(out)
        .extracting(Sample::labels)
        .contains(
            Labels.of(
                "__name__",
                "ALERTS",
                "alertname",
                "Down",
                "alertstate",
                "firing",
                "job",
                "a",
                "instance",
                "x",
                "team",
                "ops"));
    assertThat(r.forStateMatchers())
        .extracting(Object::toString)
        .containsExactlyInAnyOrder(
            "__name__=\"ALERTS_FOR_STATE\"", "alertname=\"Down\"", "team=\"ops\"");
  }

  @Test
  void alertsToSend_followsResendDelayAndResolution() {
    AlertingRule r =
        new AlertingRule(
            "Down", "up == 0", MIN, 0, Labels.EMPTY, Labels.EMPTY, Labels.EMPTY, "", true);
    String prefix = "http://prom:9090";
    up(0, 0);
    eval(r, 0);
    assertThat(r.alertsToSend(T0, MIN, 15_000, prefix)).as("pending").isEmpty();

    up(1, 0);
    eval(r, 1);
    List<Alert> firing = r.alertsToSend(T0 + MIN, MIN, 15_000, prefix);
    assertThat(firing)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.labels()).isEqualTo(ALERT_A);
              assertThat(a.startsAtMillis()).isEqualTo(T0 + MIN);
              assertThat(a.endsAtMillis()).isEqualTo(T0 + MIN + 4 * MIN);
              assertThat(a.generatorUrl())
                  .isEqualTo("http://prom:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1");
            });
    assertThat(r.alertsToSend(T0 + 2 * MIN, MIN, 15_000, prefix))
        .as("resend delay not passed yet")
        .isEmpty();
    assertThat(r.alertsToSend(T0 + 2 * MIN + 1, MIN, 15_000, prefix)).hasSize(1);

    up(3, 1);
    eval(r, 3);
    List<Alert> resolved = r.alertsToSend(T0 + 3 * MIN, MIN, 15_000, prefix);
    assertThat(resolved)
        .singleElement()
        .satisfies(a -> assertThat(a.endsAtMillis()).isEqualTo(T0 + 3 * MIN));
    assertThat(r.alertsToSend(T0 + 3 * MIN + 1, MIN, 15_000, prefix)).isEmpty();
    assertThat(r.alertsToSend(T0 + 4 * MIN + 1, MIN, 15_000, prefix))
        .as("resolved alerts are resent every resend delay while kept")
        .singleElement()
        .satisfies(a -> assertThat(a.endsAtMillis()).isEqualTo(T0 + 3 * MIN));
  }

  @Test
  void alertsToSend_validUntilUsesLargerOfIntervalAndResendDelay() {
    AlertingRule r = rule(0, 0);
    up(0, 0);
    eval(r, 0);

    assertThat(r.alertsToSend(T0, MIN, 5 * MIN, "").getFirst().endsAtMillis())
        .isEqualTo(T0 + 20 * MIN);
  }
}
