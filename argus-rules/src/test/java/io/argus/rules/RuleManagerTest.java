package io.argus.rules;

import static io.argus.rules.RuleFixture.T0;
import static io.argus.rules.RuleFixture.alert;
import static io.argus.rules.RuleFixture.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.rules.RuleFixture.Point;
import io.argus.rules.config.RuleConfig;
import io.argus.rules.config.RuleGroupConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleManagerTest {
  private static final long MIN = 60_000;
  private static final Labels UP = Labels.of("__name__", "up", "job", "a");

  @TempDir Path dir;
  private RuleFixture f;
  private RuleManager manager;

  @BeforeEach
  void open() {
    f = new RuleFixture(dir);
    manager = new RuleManager(f.options());
  }

  @AfterEach
  void close() {
    manager.stop();
    f.close();
  }

  private static RuleGroupConfig group(String name, RuleConfig... rules) {
    return new RuleGroupConfig(name, "rules.yml", 0, null, 0, Labels.EMPTY, List.of(rules));
  }

  private static final RuleConfig DOWN =
      alert("Down", "up == 0", 0, 0, Labels.EMPTY, Labels.of("summary", "{{ $externalURL }}"));

  private void update(Labels externalLabels, RuleGroupConfig... groups) {
    manager.update(List.of(groups), MIN, 0, externalLabels, URI.create("http://argus:9090"));
  }

  private void update(RuleGroupConfig... groups) {
    update(Labels.EMPTY, groups);
  }

  @Test
  void update_unchangedGroup_keepsTheSameGroup() {
    update(group("g", DOWN));
    RuleGroup before = manager.groups().getFirst();

    update(group("g", DOWN));

    assertThat(manager.groups()).singleElement().isSameAs(before);
  }

  @Test
  void update_changedGroup_takesOverAlertsAndMarksRemovedRulesSeriesStale() {
    f.addRange(UP, T0, T0 + 5 * MIN, MIN, 0);
    update(group("g", DOWN, record("old", "vector(1)", Labels.EMPTY)));
    RuleGroup before = manager.groups().getFirst();
    before.restoreForState(T0);
    before.evaluate(T0);
    AlertingRule oldRule = (AlertingRule) before.rules().getFirst();
    assertThat(oldRule.state()).isEqualTo(AlertState.FIRING);

    update(group("g", DOWN, record("new", "vector(2)", Labels.EMPTY)));
    RuleGroup after = manager.groups().getFirst();
    assertThat(after).isNotSameAs(before);
    AlertingRule newRule = (AlertingRule) after.rules().getFirst();
    assertThat(newRule.activeAlerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.state()).isEqualTo(AlertState.FIRING);
              assertThat(a.activeAt()).isEqualTo(T0);
            });
    after.evaluate(T0 + MIN);

    assertThat(f.points("old"))
        .extracting(Point::t, Point::stale)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(T0, false),
            org.assertj.core.groups.Tuple.tuple(T0 + MIN, true));
    assertThat(f.points("new")).extracting(Point::v).containsExactly(2.0);
    assertThat(f.points("ALERTS")).extracting(Point::stale).containsExactly(false, false);
    assertThat(newRule.activeAlerts().getFirst().firedAt()).isEqualTo(T0);
  }

  @Test
  void update_longerFor_sendsFiringAlertBackToPending() {
    f.addRange(UP, T0, T0 + 5 * MIN, MIN, 0);
    update(group("g", DOWN));
    RuleGroup before = manager.groups().getFirst();
    before.restoreForState(T0);
    before.evaluate(T0);

    update(group("g", alert("Down", "up == 0", 10 * MIN, 0, Labels.EMPTY, Labels.EMPTY)));
    RuleGroup after = manager.groups().getFirst();
    after.evaluate(T0 + MIN);

    RuleAlert a = ((AlertingRule) after.rules().getFirst()).activeAlerts().getFirst();
    assertThat(a.state()).isEqualTo(AlertState.PENDING);
    assertThat(a.firedAt()).isEqualTo(RuleAlert.UNSET);
  }

  @Test
  void update_externalLabelsChange_rebuildsGroupWithNewTemplateData() {
    f.add(UP, T0, 0);
    RuleConfig withReplica =
        alert("Down", "up == 0", 0, 0, Labels.EMPTY, Labels.of("r", "{{ $externalLabels.r }}"));
    update(Labels.of("r", "one"), group("g", withReplica));
    RuleGroup before = manager.groups().getFirst();
    before.evaluate(T0);

    update(Labels.of("r", "two"), group("g", withReplica));
    RuleGroup after = manager.groups().getFirst();
    after.evaluate(T0 + 1000);

    assertThat(after).isNotSameAs(before);
    RuleAlert a = ((AlertingRule) after.rules().getFirst()).activeAlerts().getFirst();
    assertThat(a.annotations().get("r")).isEqualTo("two");
    assertThat(a.activeAt()).isEqualTo(T0);
  }

  @Test
  void update_badExpression_keepsPreviousGroups() {
    update(group("g", DOWN));
    RuleGroup before = manager.groups().getFirst();

    assertThatThrownBy(() -> update(group("g", record("r", "sum(", Labels.EMPTY))))
        .isInstanceOf(RuleLoadException.class)
        .hasMessageStartingWith("rules.yml: ");

    assertThat(manager.groups()).singleElement().isSameAs(before);
  }

  @Test
  void update_queryOffset_globalUnlessTheGroupHasItsOwn() {
    RuleGroupConfig own =
        new RuleGroupConfig("own", "rules.yml", 0, 5_000L, 0, Labels.EMPTY, List.of(DOWN));
    manager.update(List.of(group("g", DOWN), own), MIN, 30_000, Labels.EMPTY, null);
    RuleGroup g = manager.groups().getFirst();
    assertThat(g.queryOffsetMillis()).isEqualTo(30_000);
    assertThat(manager.groups().get(1).queryOffsetMillis()).isEqualTo(5_000);

    manager.update(List.of(group("g", DOWN), own), MIN, 10_000, Labels.EMPTY, null);

    assertThat(manager.groups().getFirst()).isSameAs(g);
    assertThat(g.queryOffsetMillis()).isEqualTo(10_000);
  }

  @Test
  void update_groupInterval_defaultsToTheGlobalOne() {
    RuleGroupConfig own =
        new RuleGroupConfig("own", "rules.yml", 15_000, null, 0, Labels.EMPTY, List.of(DOWN));
    manager.update(List.of(own, group("g", DOWN)), 2 * MIN, 0, Labels.EMPTY, null);

    assertThat(manager.groups())
        .extracting(RuleGroup::intervalMillis)
        .containsExactly(120_000L, 15_000L);
    assertThat(Metrics.value(f.registry, "prometheus_rule_group_interval_seconds", "rules.yml;own"))
        .isEqualTo(15.0);
  }

  @Test
  void start_firstUpdateRestoresAfterTwoEvaluationsThenWritesAlerts() throws Exception {
    f.addRange(UP, T0, T0 + 10 * MIN, 15_000, 0);
    update(group("g", DOWN));
    RuleGroup g = manager.groups().getFirst();
    long first = g.evalTimestamp(T0) + MIN;

    manager.start();
    f.sleeper.proceed();
    f.sleeper.proceed();
    f.sleeper.awaitSleeper();
    assertThat(f.points("ALERTS")).as("nothing written before the restore").isEmpty();
    f.sleeper.proceed();
    f.sleeper.awaitSleeper();

    assertThat(f.points("ALERTS")).extracting(Point::t).containsExactly(first + 2 * MIN);
    // Sent before the restore too; the second evaluation is exactly one resend delay later, which
    // is not more than the delay.
    assertThat(f.sent).extracting(List::size).containsExactly(1, 1);
  }

  @Test
  void update_removedGroup_marksItsSeriesStaleTwoIntervalsLater() throws Exception {
    update(group("g", record("rec", "vector(1)", Labels.EMPTY)));
    RuleGroup g = manager.groups().getFirst();
    long first = g.evalTimestamp(T0) + MIN;
    manager.start();
    f.sleeper.proceed();
    f.sleeper.proceed();
    f.sleeper.awaitSleeper();
    f.clock.advanceMillis(1_000);

    update();

    assertThat(manager.groups()).isEmpty();
    assertThat(Metrics.value(f.registry, "prometheus_rule_group_rules", g.key())).isNull();
    assertThat(f.points("rec")).extracting(Point::stale).containsExactly(false, false);
    assertThat(f.sleeper.awaitSleeperWallMillis()).isEqualTo(first + MIN + 1_000 + 2 * MIN);
    f.sleeper.proceed();
    g.staleMarkerThread().join();
    assertThat(f.points("rec"))
        .extracting(Point::t, Point::stale)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(first, false),
            org.assertj.core.groups.Tuple.tuple(first + MIN, false),
            org.assertj.core.groups.Tuple.tuple(first + MIN + 1_000, true));
  }

  @Test
  void stop_removedGroupWritesNoStaleMarkersAfterTheManagerStopped() throws Exception {
    update(group("g", record("rec", "vector(1)", Labels.EMPTY)));
    RuleGroup g = manager.groups().getFirst();
    manager.start();
    f.sleeper.proceed();
    f.sleeper.awaitSleeper();
    f.clock.advanceMillis(1_000);
    update();
    f.sleeper.awaitSleeper();

    manager.stop();
    g.staleMarkerThread().join();

    assertThat(f.points("rec")).extracting(Point::stale).containsExactly(false);
    update(group("g", DOWN));
    assertThat(manager.groups()).as("updates after stop are ignored").isEmpty();
  }
}
