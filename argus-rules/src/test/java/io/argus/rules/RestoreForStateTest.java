package io.argus.rules;

import static io.argus.rules.RuleFixture.T0;
import static io.argus.rules.RuleFixture.alert;
import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.rules.RuleFixture.Point;
import io.argus.rules.config.RuleGroupConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code for} state restore after a restart, with Prometheus' default durations. */
class RestoreForStateTest {
  private static final long MIN = 60_000;
  private static final Labels UP = Labels.of("__name__", "up", "job", "a");

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

  private RuleGroupConfig config(long forMs) {
    return new RuleGroupConfig(
        "g",
        "rules.yml",
        MIN,
        null,
        0,
        Labels.EMPTY,
        List.of(
            alert(
                "Down",
                "up == 0",
                forMs,
                0,
                Labels.of("team", "ops", "from", "{{ $labels.job }}"),
                Labels.EMPTY)));
  }

  private RuleGroup group(long forMs, boolean shouldRestore) {
    return new RuleManager(f.options())
        .loadGroups(List.of(config(forMs)), MIN, Labels.EMPTY, null, shouldRestore)
        .getFirst();
  }

  /** The server before the restart evaluates every minute from T0 to T0 + lastMinute. */
  private void runBefore(long forMs, int lastMinute) {
    RuleGroup before = group(forMs, false);
    for (int m = 0; m <= lastMinute; m++) {
      before.evaluate(T0 + m * MIN);
    }
  }

  /**
   * The server after the restart evaluates at {@code restart} and one minute later, restores, and
   * evaluates once more; returns its alert.
   */
  private RuleGroup restartAt(long forMs, long restart) {
    RuleGroup after = group(forMs, true);
    after.evaluate(restart);
    after.evaluate(restart + MIN);
    assertThat(((AlertingRule) after.rules().getFirst()).restored()).isFalse();
    after.restoreForState(restart + MIN);
    assertThat(((AlertingRule) after.rules().getFirst()).restored()).isTrue();
    after.evaluate(restart + 2 * MIN);
    return after;
  }

  private static RuleAlert theAlert(RuleGroup g) {
    return ((AlertingRule) g.rules().getFirst()).activeAlerts().getFirst();
  }

  @Test
  void restore_withinTolerance_keepsTimeSpentPending() {
    f.addRange(UP, T0, T0 + 60 * MIN, MIN, 0);
    runBefore(30 * MIN, 10);

    RuleGroup after = restartAt(30 * MIN, T0 + 20 * MIN);

    // Pending 10m before going down at T0+10m; restored at T0+21m: 20m of `for` remain.
    RuleAlert a = theAlert(after);
    assertThat(a.activeAt()).isEqualTo(T0 + 11 * MIN);
    assertThat(a.state()).isEqualTo(AlertState.PENDING);
    assertThat(a.labels().get("from")).isEqualTo("a");
    assertThat(f.points("ALERTS_FOR_STATE"))
        .extracting(Point::t)
        .as("no series before the restore")
        .doesNotContain(T0 + 20 * MIN, T0 + 21 * MIN)
        .contains(T0 + 10 * MIN, T0 + 22 * MIN);
    assertThat(f.points("ALERTS_FOR_STATE").getLast().v()).isEqualTo((T0 + 11 * MIN) / 1e3);
    after.evaluate(T0 + 40 * MIN);
    assertThat(theAlert(after).state()).isEqualTo(AlertState.PENDING);
    after.evaluate(T0 + 41 * MIN);
    assertThat(theAlert(after).state()).isEqualTo(AlertState.FIRING);
  }

  @Test
  void restore_firingBeforeRestart_firesAgainWithoutPendingSeries() {
    f.addRange(UP, T0, T0 + 60 * MIN, MIN, 0);
    runBefore(15 * MIN, 20);

    RuleGroup after = restartAt(15 * MIN, T0 + 25 * MIN);

    RuleAlert a = theAlert(after);
    assertThat(a.activeAt()).isEqualTo(T0);
    assertThat(a.state()).isEqualTo(AlertState.FIRING);
    assertThat(a.firedAt()).isEqualTo(T0 + 27 * MIN);
    assertThat(
            f.points(Matcher.equal("__name__", "ALERTS"), Matcher.equal("alertstate", "pending")))
        .filteredOn(p -> !p.stale())
        .extracting(Point::t)
        .allMatch(t -> t < T0 + 15 * MIN);
    assertThat(f.points(Matcher.equal("__name__", "ALERTS"), Matcher.equal("alertstate", "firing")))
        .extracting(Point::t)
        .contains(T0 + 20 * MIN, T0 + 27 * MIN);
  }

  @Test
  void restore_lessThanGracePeriodLeft_firesAfterGracePeriod() {
    f.addRange(UP, T0, T0 + 60 * MIN, MIN, 0);
    runBefore(30 * MIN, 25);

    RuleGroup after = restartAt(30 * MIN, T0 + 27 * MIN);

    // 5m were left at T0+25m; the restore at T0+28m gives the grace period of 10m instead.
    assertThat(theAlert(after).activeAt()).isEqualTo(T0 + 28 * MIN + 10 * MIN - 30 * MIN);
    after.evaluate(T0 + 37 * MIN);
    assertThat(theAlert(after).state()).isEqualTo(AlertState.PENDING);
    after.evaluate(T0 + 38 * MIN);
    assertThat(theAlert(after).state()).isEqualTo(AlertState.FIRING);
  }

  @Test
  void restore_outageLongerThanTolerance_startsOver() {
    f.addRange(UP, T0, T0 + 200 * MIN, MIN, 0);
    runBefore(30 * MIN, 10);

    long restart = T0 + 10 * MIN + 2 * 60 * MIN;
    RuleGroup after = restartAt(30 * MIN, restart);

    assertThat(theAlert(after).activeAt()).isEqualTo(restart);
  }

  @Test
  void restore_forShorterThanGracePeriod_isSkipped() {
    f.addRange(UP, T0, T0 + 60 * MIN, MIN, 0);
    runBefore(5 * MIN, 3);

    RuleGroup after = restartAt(5 * MIN, T0 + 4 * MIN);

    assertThat(theAlert(after).activeAt()).isEqualTo(T0 + 4 * MIN);
  }

  @Test
  void restore_alertResolvedBeforeRestart_startsOver() {
    f.addRange(UP, T0, T0 + 5 * MIN, MIN, 0);
    f.add(UP, T0 + 6 * MIN, 1);
    f.addRange(UP, T0 + 7 * MIN, T0 + 60 * MIN, MIN, 0);
    runBefore(30 * MIN, 6);
    assertThat(f.points("ALERTS_FOR_STATE").getLast().stale()).isTrue();

    RuleGroup after = restartAt(30 * MIN, T0 + 8 * MIN);

    assertThat(theAlert(after).activeAt()).isEqualTo(T0 + 8 * MIN);
  }
}
