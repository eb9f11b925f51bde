package io.argus.rules;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.promql.Engine;
import io.argus.promql.EngineOptions;
import io.argus.promql.parser.ParserOptions;
import io.argus.rules.config.RuleConfig;
import io.argus.rules.notifier.Alert;
import io.argus.storage.Appender;
import io.argus.storage.Querier;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import io.argus.testkit.ManualClock;
import io.argus.tsdb.Db;
import io.argus.tsdb.DbOptions;
import io.argus.tsdb.fs.FileOps;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real Db on a manual clock, an engine over it, and a recording alert sender. */
final class RuleFixture implements AutoCloseable {
  /** 2023-11-14T22:14:00Z, a whole minute. */
  static final long T0 = 1_700_000_040_000L;

  final ManualClock clock = new ManualClock(T0);
  final PrometheusRegistry registry = new PrometheusRegistry();
  final Db db;
  final Engine engine;
  final RuleQueryFunction query;
  final List<List<Alert>> sent = new CopyOnWriteArrayList<>();
  final HandshakeSleeper sleeper = new HandshakeSleeper(clock);
  final RuleMetrics metrics = new RuleMetrics(registry);

  RuleFixture(Path dir) {
    db =
        Db.open(
            dir,
            DbOptions.builder().compactionIntervalMs(0).retentionMs(0).build(),
            FileOps.defaults(),
            clock,
            new PrometheusRegistry());
    engine =
        new Engine(
            new EngineOptions(
                300_000, Duration.ofMinutes(2), 50_000_000, 60_000, false, false, clock));
    query = RuleQueryFunction.engine(engine, db);
  }

  RuleManagerOptions options() {
    return new RuleManagerOptions(
        query,
        ParserOptions.DEFAULT,
        db,
        db,
        sent::add,
        clock,
        sleeper,
        metrics,
        RuleManagerOptions.DEFAULT_OUTAGE_TOLERANCE_MILLIS,
        RuleManagerOptions.DEFAULT_FOR_GRACE_PERIOD_MILLIS,
        RuleManagerOptions.DEFAULT_RESEND_DELAY_MILLIS);
  }

  /** Appends one sample per call of {@code labels} at {@code t} and commits. */
  void add(Labels labels, long t, double v) {
    Appender app = db.appender();
    app.append(0, labels, t, v);
    app.commit();
  }

  /** Appends {@code v} at every {@code step} from {@code from} to {@code to} (inclusive). */
  void addRange(Labels labels, long from, long to, long step, double v) {
    Appender app = db.appender();
    for (long t = from; t <= to; t += step) {
      app.append(0, labels, t, v);
    }
    app.commit();
  }

  /** A stored sample, staleness markers included. */
  record Point(Labels labels, long t, double v) {
    boolean stale() {
      return Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(RuleGroup.STALE_NAN);
    }
  }

  /** Every stored sample of the series matching {@code matchers}, by series then time. */
  List<Point> points(Matcher... matchers) {
    List<Point> out = new ArrayList<>();
    try (Querier q = db.querier(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2)) {
      SeriesSet set = q.select(true, SelectHints.NONE, matchers);
      SampleIterator it = null;
      while (set.next()) {
        it = set.at().iterator(it);
        while (it.next() == ValueType.FLOAT) {
          out.add(new Point(set.at().labels(), it.atT(), it.atFloat()));
        }
      }
    }
    return out;
  }

  List<Point> points(String metricName) {
    return points(Matcher.equal("__name__", metricName));
  }

  static RuleConfig record(String name, String expr, Labels labels) {
    return new RuleConfig(name, null, expr, 0, 0, labels, Labels.EMPTY, 0);
  }

  static RuleConfig alert(
      String name, String expr, long forMs, long keepFiringForMs, Labels labels, Labels ann) {
    return new RuleConfig(null, name, expr, forMs, keepFiringForMs, labels, ann, 0);
  }

  @Override
  public void close() {
    db.close();
  }
}
