package io.argus.rules;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.promql.QueryException;
import io.argus.promql.Sample;
import io.argus.rules.notifier.Alert;
import io.argus.storage.Appender;
import io.argus.storage.DuplicateSampleException;
import io.argus.storage.OutOfOrderSampleException;
import io.argus.storage.Querier;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import io.argus.storage.StorageException;
import io.argus.storage.TooOldSampleException;
import io.argus.storage.ValueType;
import io.argus.util.Clock;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group of rules evaluated in order at the same instants: every {@link #intervalMillis()} at a
 * fixed offset derived from a hash of the group's file and name, so that replicas with the same
 * rule files evaluate at the same timestamps.
 *
 * <p>Lifetime: built by {@link RuleManager}; {@link #start()} runs the evaluation loop on a virtual
 * thread until {@link #stop()}. Without the loop, a caller (the {@code argus test rules} runner)
 * drives the group with {@link #evaluate(long)} and {@link #restoreForState(long)}, which must not
 * run concurrently with each other or with the loop. The getters are thread-safe.
 */
public final class RuleGroup {
  /** The NaN bit pattern that marks a series stale. */
  static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

  private static final Logger log = LoggerFactory.getLogger(RuleGroup.class);

  private final String name;
  private final String file;
  private final long intervalMillis;
  private final @Nullable Long queryOffsetMillis;
  private final LongSupplier defaultQueryOffsetMillis;
  private final int limit;
  private final List<Rule> rules;
  private final Labels externalLabels;
  private final @Nullable URI externalUrl;
  private final String externalUrlText;
  private final RuleManagerOptions opts;
  private final Clock clock;
  private final String key;
  private final CountDownLatch managerDone;
  private final CountDownLatch stopping = new CountDownLatch(1);

  /** Per rule, the series its last successful evaluation wrote. Evaluation thread only. */
  private final List<Set<Labels>> seriesInPreviousEval;

  /** Series of rules that are gone, to be marked stale. Evaluation thread only. */
  private List<Labels> staleSeries = new ArrayList<>();

  private volatile boolean shouldRestore;
  private volatile boolean markStale;
  private volatile long evaluationNanos;
  private volatile long ruleEvaluationNanosSum;
  private volatile long lastEvaluation = RuleAlert.UNSET;
  private volatile long lastEvalTimestamp = RuleAlert.UNSET;
  private @Nullable Thread thread;
  private volatile @Nullable Thread staleMarkerThread;

  RuleGroup(
      String name,
      String file,
      long intervalMillis,
      @Nullable Long queryOffsetMillis,
      LongSupplier defaultQueryOffsetMillis,
      int limit,
      List<Rule> rules,
      boolean shouldRestore,
      Labels externalLabels,
      @Nullable URI externalUrl,
      RuleManagerOptions opts,
      CountDownLatch managerDone) {
    if (intervalMillis <= 0) {
      throw new IllegalArgumentException("rule group interval must be positive: " + intervalMillis);
    }
    this.name = name;
    this.file = file;
    this.intervalMillis = intervalMillis;
    this.queryOffsetMillis = queryOffsetMillis;
    this.defaultQueryOffsetMillis = defaultQueryOffsetMillis;
    this.limit = limit;
    this.rules = List.copyOf(rules);
    this.shouldRestore = shouldRestore;
    this.externalLabels = externalLabels;
    this.externalUrl = externalUrl;
    this.externalUrlText = externalUrl == null ? "" : externalUrl.toString();
    this.opts = opts;
    this.clock = opts.clock();
    this.key = groupKey(file, name);
    this.managerDone = managerDone;
    this.seriesInPreviousEval = new ArrayList<>(rules.size());
    for (int i = 0; i < rules.size(); i++) {
      seriesInPreviousEval.add(Set.of());
    }
  }

  /** The key Prometheus identifies a group by in metrics and maps: {@code <file>;<name>}. */
  public static String groupKey(String file, String name) {
    return file + ";" + name;
  }

  public String name() {
    return name;
  }

  public String file() {
    return file;
  }

  /** {@code <file>;<name>}, the {@code rule_group} label of the group's metrics. */
  public String key() {
    return key;
  }

  /** The evaluation interval in ms. */
  public long intervalMillis() {
    return intervalMillis;
  }

  /** The most series or alerts one rule may produce per evaluation; 0 for no limit. */
  public int limit() {
    return limit;
  }

  /** The group's own {@code query_offset} in ms, or null when it uses the global one. */
  public @Nullable Long configuredQueryOffsetMillis() {
    return queryOffsetMillis;
  }

  /** The query offset in effect, in ms: the group's own, else the global one. */
  public long queryOffsetMillis() {
    return queryOffsetMillis != null ? queryOffsetMillis : defaultQueryOffsetMillis.getAsLong();
  }

  /** The rules, in file order. */
  public List<Rule> rules() {
    return rules;
  }

  /** The alerting rules, firing ones first, then pending, then the rest; by name within each. */
  public List<AlertingRule> alertingRules() {
    List<AlertingRule> out = new ArrayList<>();
    Map<AlertingRule, AlertState> states = new HashMap<>();
    for (Rule r : rules) {
      if (r instanceof AlertingRule a) {
        out.add(a);
        states.put(a, a.state());
      }
    }
    out.sort(
        Comparator.comparing((AlertingRule a) -> states.get(a))
            .reversed()
            .thenComparing(AlertingRule::name));
    return out;
  }

  /** How long the last evaluation of the whole group took, in nanoseconds. */
  public long evaluationNanos() {
    return evaluationNanos;
  }

  /** The sum of the last evaluation times of the group's rules, in nanoseconds. */
  public long ruleEvaluationNanosSum() {
    return ruleEvaluationNanosSum;
  }

  /** Wall-clock start of the last evaluation, Unix ms, or {@link RuleAlert#UNSET}. */
  public long lastEvaluation() {
    return lastEvaluation;
  }

  /**
   * The evaluation timestamp (the time slot) of the last evaluation, or {@link RuleAlert#UNSET}.
   */
  public long lastEvalTimestamp() {
    return lastEvalTimestamp;
  }

  /**
   * The latest evaluation instant at or before {@code nowMillis}: evaluation instants are {@code
   * offset + k * interval}, where the offset is the group's hash (of its file and name) modulo the
   * interval, computed in nanoseconds as Prometheus does and truncated to milliseconds.
   */
  public long evalTimestamp(long nowMillis) {
    long intervalNanos = intervalMillis * 1_000_000L;
    long offsetNanos = Long.remainderUnsigned(GroupHash.of(file, name), intervalNanos);
    long adjusted = nowMillis * 1_000_000L - offsetNanos;
    long base = adjusted - Math.floorMod(adjusted, intervalNanos);
    return Math.floorDiv(base + offsetNanos, 1_000_000L);
  }

  /** Starts the evaluation loop on a new virtual thread. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("rule group already started");
    }
    thread = Thread.ofVirtual().name("rules-" + key).start(this::run);
  }

  /** Stops the loop (a running rule evaluation finishes first) and waits for it to end. */
  public void stop() {
    Thread t;
    synchronized (this) {
      t = thread;
    }
    stopping.countDown();
    if (t != null) {
      boolean interrupted = false;
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Marks the group as removed: when its loop ends, all its series are marked stale. */
  void setMarkStale() {
    markStale = true;
  }

  /** The thread writing staleness markers after the group was removed, for tests to join. */
  @Nullable Thread staleMarkerThread() {
    return staleMarkerThread;
  }

  private void run() {
    long evalTs = evalTimestamp(clock.millis()) + intervalMillis;
    try {
      if (!sleepUntilWall(evalTs)) {
        return;
      }
      evaluate(evalTs);
      if (shouldRestore) {
        // Evaluate once more before restoring so that recording rules the alerts depend on have
        // fresh values.
        long next = nextTick(evalTs);
        if (next == RuleAlert.UNSET) {
          return;
        }
        evalTs = next;
        evaluate(evalTs);
        restoreForState(clock.millis());
      }
      while (stopping.getCount() > 0) {
        long next = nextTick(evalTs);
        if (next == RuleAlert.UNSET) {
          return;
        }
        evalTs = next;
        evaluate(evalTs);
      }
    } catch (RuntimeException e) {
      log.atError()
          .addKeyValue("file", file)
          .addKeyValue("group", name)
          .addKeyValue("err", e.toString())
          .log("rule group evaluation loop failed");
    } finally {
      if (markStale) {
        scheduleFinalStaleMarkers(clock.millis());
      }
    }
  }

  /**
   * Waits for the tick after {@code evalTs} and returns the evaluation time it stands for; ticks
   * that passed during a slow evaluation are counted as missed. Returns {@link RuleAlert#UNSET}
   * when the group stops.
   */
  private long nextTick(long evalTs) {
    if (!sleepUntilWall(evalTs + intervalMillis)) {
      return RuleAlert.UNSET;
    }
    long missed = (clock.millis() - evalTs) / intervalMillis - 1;
    if (missed > 0) {
      opts.metrics().iterationsMissed.labelValues(key).inc(missed);
      opts.metrics().iterationsScheduled.labelValues(key).inc(missed);
    }
    return evalTs + (Math.max(missed, 0) + 1) * intervalMillis;
  }

  /** Sleeps until the wall clock reads {@code wallMillis}; false if the group stopped. */
  private boolean sleepUntilWall(long wallMillis) {
    long deadline = clock.nanoTime() + (wallMillis - clock.millis()) * 1_000_000L;
    try {
      opts.sleeper().sleepUntil(clock, deadline, stopping);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return stopping.getCount() > 0;
  }

  private void scheduleFinalStaleMarkers(long stoppedAt) {
    for (Set<Labels> series : seriesInPreviousEval) {
      staleSeries.addAll(series);
    }
    for (int i = 0; i < seriesInPreviousEval.size(); i++) {
      seriesInPreviousEval.set(i, Set.of());
    }
    if (staleSeries.isEmpty()) {
      return;
    }
    // Give a renamed group or rule two intervals to write its new series first.
    staleMarkerThread =
        Thread.ofVirtual()
            .name("rules-stale-" + key)
            .start(
                () -> {
                  long deadline = clock.nanoTime() + 2 * intervalMillis * 1_000_000L;
                  try {
                    opts.sleeper().sleepUntil(clock, deadline, managerDone);
                  } catch (InterruptedException e) {
                    return;
                  }
                  if (managerDone.getCount() > 0) {
                    cleanupStaleSeries(stoppedAt);
                  }
                });
  }

  /**
   * Runs one evaluation of every rule at {@code evalMillis} (Unix ms) and records the group's
   * timings and metrics, exactly as one iteration of the loop does: results are written, alerts are
   * sent, series that disappeared are marked stale. Not thread-safe: the caller must not run the
   * loop at the same time.
   */
  public void evaluate(long evalMillis) {
    RuleMetrics m = opts.metrics();
    m.iterationsScheduled.labelValues(key).inc();
    long startWall = clock.millis();
    long start = clock.nanoTime();
    evalRules(evalMillis);
    long took = clock.nanoTime() - start;
    m.iterationDuration.observe(took / 1e9);
    m.iterationDurationHistogram.observe(took / 1e9);
    long sum = 0;
    for (Rule r : rules) {
      sum += r.evaluationDurationNanos();
    }
    ruleEvaluationNanosSum = sum;
    m.groupLastRuleDurationSum.labelValues(key).set(sum / 1e9);
    evaluationNanos = took;
    m.groupLastDuration.labelValues(key).set(took / 1e9);
    lastEvaluation = startWall;
    m.groupLastEvalTime.labelValues(key).set(startWall / 1e3);
    lastEvalTimestamp = evalMillis;
  }

  private void evalRules(long ts) {
    long offset = queryOffsetMillis();
    long samples = 0;
    for (int i = 0; i < rules.size(); i++) {
      if (stopping.getCount() == 0) {
        return;
      }
      Rule rule = rules.get(i);
      long startWall = clock.millis();
      long start = clock.nanoTime();
      try {
        samples += evalRule(i, rule, ts, offset);
      } finally {
        long took = clock.nanoTime() - start;
        opts.metrics().evalDuration.observe(took / 1e9);
        opts.metrics().evalDurationHistogram.observe(took / 1e9);
        status(rule).setEvaluation(startWall, took);
      }
    }
    opts.metrics().groupSamples.labelValues(key).set(samples);
    cleanupStaleSeries(ts);
  }

  private int evalRule(int i, Rule rule, long ts, long offset) {
    RuleStatus status = status(rule);
    RuleMetrics m = opts.metrics();
    m.evalTotal.labelValues(key).inc();
    List<Sample> vector;
    try {
      vector = rule.eval(ts, offset, opts.queryFunction(), externalUrl, limit);
    } catch (RuntimeException e) {
      status.setHealth(RuleHealth.ERR, String.valueOf(e.getMessage()));
      m.evalFailures.labelValues(key).inc();
      if (!(e instanceof QueryException q && q.kind() == QueryException.Kind.CANCELED)) {
        log.atWarn()
            .addKeyValue("file", file)
            .addKeyValue("group", name)
            .addKeyValue("name", rule.name())
            .addKeyValue("index", i)
            .addKeyValue("err", e.getMessage())
            .log("evaluating rule failed");
      }
      return 0;
    }
    status.setHealth(RuleHealth.OK, null);
    if (rule instanceof AlertingRule ar) {
      List<Alert> alerts =
          ar.alertsToSend(ts, opts.resendDelayMillis(), intervalMillis, externalUrlText);
      if (!alerts.isEmpty()) {
        opts.alertSender().send(alerts);
      }
    }

    Appender app = opts.appendable().appender();
    Set<Labels> returned = new HashSet<>(vector.size() * 2);
    int outOfOrder = 0;
    int tooOld = 0;
    int duplicates = 0;
    for (Sample s : vector) {
      try {
        app.append(0, s.labels(), s.t(), s.v());
        returned.add(s.labels());
      } catch (StorageException e) {
        status.setHealth(RuleHealth.ERR, e.getMessage());
        switch (e) {
          case OutOfOrderSampleException x -> outOfOrder++;
          case TooOldSampleException x -> tooOld++;
          case DuplicateSampleException x -> duplicates++;
          default ->
              log.atWarn()
                  .addKeyValue("group", name)
                  .addKeyValue("name", rule.name())
                  .addKeyValue("err", e.getMessage())
                  .addKeyValue("sample", s.labels())
                  .log("rule evaluation result discarded");
        }
      }
    }
    warnDropped(rule, outOfOrder, "error on ingesting out-of-order result from rule evaluation");
    warnDropped(rule, tooOld, "error on ingesting too old result from rule evaluation");
    warnDropped(
        rule,
        duplicates,
        "error on ingesting results from rule evaluation with different value but same"
            + " timestamp");
    for (Labels previous : seriesInPreviousEval.get(i)) {
      if (!returned.contains(previous)) {
        appendStale(app, previous, ts - offset);
      }
    }
    try {
      app.commit();
    } catch (RuntimeException e) {
      status.setHealth(RuleHealth.ERR, String.valueOf(e.getMessage()));
      m.evalFailures.labelValues(key).inc();
      log.atWarn()
          .addKeyValue("group", name)
          .addKeyValue("name", rule.name())
          .addKeyValue("err", e.getMessage())
          .log("rule sample appending failed");
      return vector.size();
    }
    seriesInPreviousEval.set(i, returned);
    return vector.size();
  }

  private void warnDropped(Rule rule, int dropped, String message) {
    if (dropped > 0) {
      log.atWarn()
          .addKeyValue("group", name)
          .addKeyValue("name", rule.name())
          .addKeyValue("num_dropped", dropped)
          .log(message);
    }
  }

  /** Appends a staleness marker, ignoring the rejections expected when another rule wrote it. */
  private void appendStale(Appender app, Labels series, long t) {
    try {
      app.append(0, series, t, STALE_NAN);
    } catch (OutOfOrderSampleException | TooOldSampleException | DuplicateSampleException e) {
      // Expected when the series is now written by another rule.
    } catch (StorageException e) {
      log.atWarn()
          .addKeyValue("group", name)
          .addKeyValue("sample", series)
          .addKeyValue("err", e.getMessage())
          .log("adding stale sample failed");
    }
  }

  /** Marks the series of removed rules stale at {@code ts} minus the query offset. */
  private void cleanupStaleSeries(long ts) {
    if (staleSeries.isEmpty()) {
      return;
    }
    Appender app = opts.appendable().appender();
    long t = ts - queryOffsetMillis();
    for (Labels s : staleSeries) {
      appendStale(app, s, t);
    }
    try {
      app.commit();
      staleSeries = new ArrayList<>();
    } catch (RuntimeException e) {
      log.atWarn()
          .addKeyValue("group", name)
          .addKeyValue("err", e.getMessage())
          .log("stale sample appending for previous configuration failed");
    }
  }

  /**
   * Restores the activation time of the alerts from the {@code ALERTS_FOR_STATE} series written
   * before a restart, as Prometheus does, then lets the alerting rules write their series. An alert
   * whose last sample lies within the outage tolerance keeps its activation time, shifted forward
   * by the outage (so the time spent pending is kept), and waits at least the grace period before
   * firing again; rules whose {@code for} is shorter than the grace period are not restored.
   *
   * @param nowMillis the wall-clock time of the restore, Unix ms
   */
  public void restoreForState(long nowMillis) {
    long start = clock.nanoTime();
    try {
      restore(nowMillis);
    } finally {
      opts.metrics()
          .groupLastRestoreDuration
          .labelValues(key)
          .set((clock.nanoTime() - start) / 1e9);
      shouldRestore = false;
    }
  }

  private void restore(long ts) {
    long grace = opts.forGracePeriodMillis();
    try (Querier q = opts.queryable().querier(ts - opts.outageToleranceMillis(), ts)) {
      for (Rule rule : rules) {
        if (!(rule instanceof AlertingRule ar)) {
          continue;
        }
        long hold = ar.holdMillis();
        if (hold < grace) {
          ar.setRestored(true);
          continue;
        }
        Map<Labels, LastSample> last = new HashMap<>();
        try {
          SeriesSet set =
              q.select(false, SelectHints.NONE, ar.forStateMatchers().toArray(new Matcher[0]));
          SampleIterator it = null;
          while (set.next()) {
            Labels l = set.at().labels().toBuilder().delete("__name__").build();
            it = set.at().iterator(it);
            boolean any = false;
            long t = 0;
            double v = 0;
            while (it.next() == ValueType.FLOAT) {
              any = true;
              t = it.atT();
              v = it.atFloat();
            }
            if (any) {
              last.put(l, new LastSample(t, v));
            }
          }
        } catch (StorageException e) {
          log.atError()
              .addKeyValue("alertname", ar.name())
              .addKeyValue("stage", "Select")
              .addKeyValue("err", e.getMessage())
              .log("failed to restore 'for' state");
          ar.setRestored(true);
          continue;
        }
        ar.forEachAlert(
            a -> {
              LastSample found = last.get(a.labels);
              if (found == null
                  || Double.doubleToRawLongBits(found.v())
                      == Double.doubleToRawLongBits(STALE_NAN)) {
                return; // Not active before the restart.
              }
              long downAt = (found.t() / 1000) * 1000;
              long restoredActiveAt = ((long) found.v()) * 1000;
              long remainingPending = hold - (downAt - restoredActiveAt);
              if (remainingPending <= 0) {
                // It was firing when the server went down; the next evaluation fires it again.
              } else if (remainingPending < grace) {
                restoredActiveAt = ts + grace - hold;
              } else {
                restoredActiveAt += ts - downAt;
              }
              a.activeAt = restoredActiveAt;
            });
        ar.setRestored(true);
      }
    } catch (StorageException e) {
      log.atError().addKeyValue("err", e.getMessage()).log("failed to get querier");
    }
  }

  private record LastSample(long t, double v) {}

  /**
   * Takes over the state of {@code from}, the group this one replaces: timings, the series each
   * rule wrote (matched by name and labels, duplicates in order) and alerting rules' alerts; the
   * series of old rules without a match are marked stale at the next evaluation.
   */
  void copyState(RuleGroup from) {
    evaluationNanos = from.evaluationNanos;
    lastEvaluation = from.lastEvaluation;
    Map<String, List<Integer>> byIdentity = new HashMap<>();
    for (int fi = 0; fi < from.rules.size(); fi++) {
      byIdentity.computeIfAbsent(identity(from.rules.get(fi)), k -> new ArrayList<>()).add(fi);
    }
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      List<Integer> indexes = byIdentity.get(identity(rule));
      if (indexes == null || indexes.isEmpty()) {
        continue;
      }
      int fi = indexes.removeFirst();
      seriesInPreviousEval.set(i, from.seriesInPreviousEval.get(fi));
      if (rule instanceof AlertingRule ar && from.rules.get(fi) instanceof AlertingRule far) {
        ar.copyAlertsFrom(far);
      }
    }
    staleSeries = new ArrayList<>(from.staleSeries);
    for (int fi = 0; fi < from.rules.size(); fi++) {
      List<Integer> left = byIdentity.get(identity(from.rules.get(fi)));
      if (left != null && !left.isEmpty()) {
        staleSeries.addAll(from.seriesInPreviousEval.get(fi));
      }
    }
  }

  private static String identity(Rule rule) {
    return rule.name() + rule.labels();
  }

  /**
   * Whether {@code other} is the same group with the same rules (and the same external labels and
   * URL the templates see), so that a reload can keep this one running.
   */
  boolean sameAs(RuleGroup other) {
    if (!name.equals(other.name)
        || !file.equals(other.file)
        || intervalMillis != other.intervalMillis
        || limit != other.limit
        || !java.util.Objects.equals(queryOffsetMillis, other.queryOffsetMillis)
        || !externalLabels.equals(other.externalLabels)
        || !externalUrlText.equals(other.externalUrlText)
        || rules.size() != other.rules.size()) {
      return false;
    }
    for (int i = 0; i < rules.size(); i++) {
      if (!rules.get(i).definition().equals(other.rules.get(i).definition())) {
        return false;
      }
    }
    return true;
  }

  static RuleStatus status(Rule rule) {
    return switch (rule) {
      case RecordingRule r -> r.status();
      case AlertingRule a -> a.status();
    };
  }

  @Override
  public String toString() {
    return "RuleGroup[" + key + "]";
  }
}
