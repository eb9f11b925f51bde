package io.argus.rules;

import static io.argus.rules.RuleFixture.T0;
import static io.argus.rules.RuleFixture.alert;
import static io.argus.rules.RuleFixture.record;
import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.rules.RuleFixture.Point;
import io.argus.rules.config.RuleConfig;
import io.argus.rules.config.RuleGroupConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleGroupTest {
  private static final long MIN = 60_000;

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

  private RuleGroup group(RuleManagerOptions opts, RuleGroupConfig cfg) {
    return new RuleManager(opts)
        .loadGroups(List.of(cfg), MIN, Labels.EMPTY, null, false)
        .getFirst();
  }

  private RuleGroup group(RuleGroupConfig cfg) {
    return group(f.options(), cfg);
  }

  private static RuleGroupConfig config(
      String name, @org.jspecify.annotations.Nullable Long offset, int limit, RuleConfig... rules) {
    return new RuleGroupConfig(name, "rules.yml", 0, offset, limit, Labels.EMPTY, List.of(rules));
  }

  @Test
  void groupHash_isXxh64() {
    assertThat(GroupHash.xxh64(new byte[0])).isEqualTo(0xEF46DB3751D8E999L);
    assertThat(GroupHash.xxh64("abc".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(0x44BC2CF5AD770999L);
    assertThat(
            GroupHash.xxh64(
                "Nobody inspects the spammish repetition".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(0xFBCEA83C8A378BF1L);
  }

  @Test
  void evalTimestamp_equalForEqualIdentity_alignedToInterval() {
    RuleGroup a = group(config("g", null, 0, record("r", "vector(1)", Labels.EMPTY)));
    RuleGroup sameOtherManager =
        group(config("g", null, 0, record("other", "vector(2)", Labels.EMPTY)));
    RuleGroup otherName = group(config("h", null, 0, record("r", "vector(1)", Labels.EMPTY)));

    long phase = Math.floorMod(a.evalTimestamp(T0), MIN);
    for (long now = T0; now < T0 + 3 * MIN; now += 7_919) {
      long ts = a.evalTimestamp(now);
      assertThat(ts).isEqualTo(sameOtherManager.evalTimestamp(now));
      assertThat(ts).isLessThanOrEqualTo(now).isGreaterThan(now - MIN);
      assertThat(Math.floorMod(ts, MIN)).isEqualTo(phase);
    }
    long expectedOffsetMs =
        Long.remainderUnsigned(GroupHash.of("rules.yml", "g"), MIN * 1_000_000L) / 1_000_000L;
    assertThat(phase).isEqualTo(expectedOffsetMs);
    assertThat(Math.floorMod(otherName.evalTimestamp(T0), MIN))
        .isNotEqualTo(Math.floorMod(a.evalTimestamp(T0), MIN));
  }

  @Test
  void evaluate_writesResultsAndMarksVanishedSeriesStale() {
    Labels a = Labels.of("__name__", "m", "k", "a");
    Labels b = Labels.of("__name__", "m", "k", "b");
    f.add(a, T0, 1);
    f.add(b, T0, 2);
    RuleGroup g = group(config("g", null, 0, record("rec", "m * 10", Labels.EMPTY)));

    g.evaluate(T0);
    f.add(a, T0 + MIN, 3);
    f.add(b, T0 + MIN, RuleGroup.STALE_NAN);
    g.evaluate(T0 + MIN);

    List<Point> points = f.points("rec");
    assertThat(points)
        .filteredOn(p -> p.labels().get("k").equals("a"))
        .extracting(Point::t, Point::v)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(T0, 10.0),
            org.assertj.core.groups.Tuple.tuple(T0 + MIN, 30.0));
    List<Point> bs = points.stream().filter(p -> p.labels().get("k").equals("b")).toList();
    assertThat(bs).hasSize(2);
    assertThat(bs.get(0).v()).isEqualTo(20.0);
    assertThat(bs.get(1).t()).isEqualTo(T0 + MIN);
    assertThat(bs.get(1).stale()).isTrue();
    assertThat(g.lastEvalTimestamp()).isEqualTo(T0 + MIN);
    assertThat(g.rules().getFirst().health()).isEqualTo(RuleHealth.OK);
  }

  @Test
  void evaluate_queryOffset_shiftsResultsAndStaleMarkers() {
    Labels a = Labels.of("__name__", "m", "k", "a");
    f.add(a, T0 - 30_000, 1);
    RuleGroup g = group(config("g", 30_000L, 0, record("rec", "m", Labels.EMPTY)));

    g.evaluate(T0);
    f.add(a, T0 + 30_000, RuleGroup.STALE_NAN);
    g.evaluate(T0 + MIN);

    assertThat(f.points("rec"))
        .extracting(Point::t, Point::stale)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(T0 - 30_000, false),
            org.assertj.core.groups.Tuple.tuple(T0 + 30_000, true));
  }

  @Test
  void evaluate_failingRule_setsHealthErrorAndCountsFailures() {
    f.add(Labels.of("__name__", "m", "k", "a"), T0, 1);
    f.add(Labels.of("__name__", "m", "k", "b"), T0, 1);
    RuleGroup g =
        group(
            config(
                "g",
                null,
                1,
                record("ok", "vector(1)", Labels.EMPTY),
                record("tooMany", "m", Labels.EMPTY)));
    f.metrics.initGroup(g.key(), 2, MIN);

    g.evaluate(T0);

    Rule failed = g.rules().get(1);
    assertThat(failed.health()).isEqualTo(RuleHealth.ERR);
    assertThat(failed.lastError()).isEqualTo("exceeded limit of 1 with 2 series");
    assertThat(failed.lastEvaluation()).isEqualTo(T0);
    assertThat(g.rules().getFirst().health()).isEqualTo(RuleHealth.OK);
    assertThat(f.points("tooMany")).isEmpty();
    assertThat(
            Metrics.value(f.registry, "prometheus_rule_evaluation_failures_total", "rules.yml;g"))
        .isEqualTo(1.0);
    assertThat(Metrics.value(f.registry, "prometheus_rule_evaluations_total", "rules.yml;g"))
        .isEqualTo(2.0);
    assertThat(Metrics.value(f.registry, "prometheus_rule_group_iterations_total", "rules.yml;g"))
        .isEqualTo(1.0);
    assertThat(
            Metrics.value(
                f.registry, "prometheus_rule_group_last_evaluation_samples", "rules.yml;g"))
        .isEqualTo(1.0);
    assertThat(Metrics.value(f.registry, "prometheus_rule_group_rules", "rules.yml;g"))
        .isEqualTo(2.0);
    assertThat(Metrics.value(f.registry, "prometheus_rule_group_interval_seconds", "rules.yml;g"))
        .isEqualTo(60.0);
    assertThat(
            Metrics.value(
                f.registry,
                "prometheus_rule_group_last_evaluation_timestamp_seconds",
                "rules.yml;g"))
        .isEqualTo(T0 / 1e3);

    // The next successful evaluation clears the error.
    f.add(Labels.of("__name__", "m", "k", "b"), T0 + 1, RuleGroup.STALE_NAN);
    g.evaluate(T0 + MIN);
    assertThat(f.points("tooMany")).extracting(Point::t).containsExactly(T0 + MIN);
    assertThat(failed.health()).isEqualTo(RuleHealth.OK);
    assertThat(failed.lastError()).isNull();
  }

  @Test
  void evaluate_rejectedSample_setsHealthError() {
    RuleGroup g =
        group(
            config(
                "g",
                null,
                0,
                record("x", "vector(1)", Labels.EMPTY),
                record("x", "vector(2)", Labels.EMPTY)));

    g.evaluate(T0);

    assertThat(g.rules().get(0).health()).isEqualTo(RuleHealth.OK);
    assertThat(g.rules().get(1).health()).isEqualTo(RuleHealth.ERR);
    assertThat(g.rules().get(1).lastError()).isEqualTo("duplicate sample for timestamp");
    assertThat(f.points("x")).extracting(Point::v).containsExactly(1.0);
  }

  @Test
  void evaluate_alertingRule_sendsFiringAlertsOncePerResendDelay() {
    Labels up = Labels.of("__name__", "up", "job", "a");
    f.addRange(up, T0, T0 + 3 * MIN, MIN, 0);
    RuleGroup g =
        group(
            config(
                "g", null, 0, alert("Down", "up == 0", 0, 0, Labels.EMPTY, Labels.of("s", "x"))));

    g.evaluate(T0);
    g.evaluate(T0 + MIN);
    g.evaluate(T0 + MIN + 1);

    assertThat(f.sent).hasSize(2);
    assertThat(f.sent.get(0).getFirst().labels())
        .isEqualTo(Labels.of("alertname", "Down", "job", "a"));
    assertThat(f.sent.get(0).getFirst().annotations()).isEqualTo(Labels.of("s", "x"));
    assertThat(f.sent.get(1).getFirst().endsAtMillis()).isEqualTo(T0 + MIN + 1 + 4 * MIN);
    assertThat(f.points("ALERTS")).extracting(Point::t).containsExactly(T0, T0 + MIN, T0 + MIN + 1);
  }

  @Test
  void evaluate_resolvedAlert_marksAlertsSeriesStale() {
    Labels up = Labels.of("__name__", "up", "job", "a");
    f.add(up, T0, 0);
    f.add(up, T0 + MIN, 1);
    RuleGroup g =
        group(config("g", null, 0, alert("Down", "up == 0", 0, 0, Labels.EMPTY, Labels.EMPTY)));

    g.evaluate(T0);
    g.evaluate(T0 + MIN);

    assertThat(f.points("ALERTS"))
        .extracting(Point::t, Point::stale)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(T0, false),
            org.assertj.core.groups.Tuple.tuple(T0 + MIN, true));
    assertThat(f.points("ALERTS_FOR_STATE")).extracting(Point::stale).containsExactly(false, true);
    assertThat(f.sent.getLast().getFirst().endsAtMillis()).isEqualTo(T0 + MIN);
  }

  @Test
  void alertingRules_firingFirstThenPendingThenByName() {
    Labels up = Labels.of("__name__", "up", "job", "a");
    f.add(up, T0, 0);
    RuleGroup g =
        group(
            config(
                "g",
                null,
                0,
                alert("Z", "up == 0", 0, 0, Labels.EMPTY, Labels.EMPTY),
                alert("Quiet", "up == 1", 0, 0, Labels.EMPTY, Labels.EMPTY),
                alert("P", "up == 0", MIN, 0, Labels.EMPTY, Labels.EMPTY),
                alert("A", "up == 0", 0, 0, Labels.EMPTY, Labels.EMPTY)));

    g.evaluate(T0);

    assertThat(g.alertingRules())
        .extracting(AlertingRule::name)
        .containsExactly("A", "Z", "P", "Quiet");
  }

  @Test
  void start_evaluatesAtTheGroupsOffsetEveryInterval() throws Exception {
    RuleGroup g = group(config("g", null, 0, record("t", "time()", Labels.EMPTY)));
    long first = g.evalTimestamp(T0) + MIN;
    g.start();
    try {
      assertThat(f.sleeper.awaitSleeperWallMillis()).isEqualTo(first);
      f.sleeper.proceed();
      assertThat(f.sleeper.awaitSleeperWallMillis()).isEqualTo(first + MIN);
      f.sleeper.proceed();
      f.sleeper.awaitSleeper();
    } finally {
      g.stop();
    }
    assertThat(f.points("t"))
        .extracting(Point::t, Point::v)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(first, first / 1e3),
            org.assertj.core.groups.Tuple.tuple(first + MIN, (first + MIN) / 1e3));
  }

  @Test
  void start_slowEvaluation_countsMissedIterations() throws Exception {
    AtomicBoolean slow = new AtomicBoolean();
    RuleQueryFunction slowQuery =
        (q, t) -> {
          if (slow.getAndSet(false)) {
            f.clock.advanceMillis(2 * MIN + MIN / 2);
          }
          return f.query.query(q, t);
        };
    RuleManagerOptions base = f.options();
    RuleManagerOptions opts =
        new RuleManagerOptions(
            slowQuery,
            base.parserOptions(),
            base.appendable(),
            base.queryable(),
            base.alertSender(),
            base.clock(),
            base.sleeper(),
            base.metrics(),
            base.outageToleranceMillis(),
            base.forGracePeriodMillis(),
            base.resendDelayMillis());
    RuleGroup g = group(opts, config("g", null, 0, record("t", "time()", Labels.EMPTY)));
    f.metrics.initGroup(g.key(), 1, MIN);
    long first = g.evalTimestamp(T0) + MIN;
    g.start();
    try {
      slow.set(true);
      f.sleeper.proceed();
      // The evaluation at `first` took 2.5 intervals: the next one runs at once, for first + 2m.
      assertThat(f.sleeper.awaitSleeperWallMillis()).isEqualTo(first + 3 * MIN);
    } finally {
      g.stop();
    }
    assertThat(f.points("t")).extracting(Point::t).containsExactly(first, first + 2 * MIN);
    assertThat(Metrics.value(f.registry, "prometheus_rule_group_iterations_missed_total", g.key()))
        .isEqualTo(1.0);
    assertThat(Metrics.value(f.registry, "prometheus_rule_group_iterations_total", g.key()))
        .isEqualTo(3.0);
  }
}
