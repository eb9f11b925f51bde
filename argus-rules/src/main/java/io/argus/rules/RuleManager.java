package io.argus.rules;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.promql.parser.Printer;
import io.argus.promql.parser.PromqlParser;
import io.argus.rules.config.RuleConfig;
import io.argus.rules.config.RuleGroupConfig;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the configured rule groups. {@link #update} replaces the groups on a (re)load, keeping the
 * state of unchanged ones: a group whose definition is unchanged keeps running; a changed group is
 * replaced by a new one that takes over its rules' series and alerts; a removed group's series are
 * marked stale two intervals after it stops. The groups of the first update restore the {@code for}
 * state of their alerts from {@code ALERTS_FOR_STATE} after their second evaluation.
 *
 * <p>Lifetime: {@link #update} any number of times, {@link #start()} once (loops start then, so no
 * query runs against storage that is still opening), {@link #stop()} once. Thread-safe.
 */
public final class RuleManager {
  private static final Logger log = LoggerFactory.getLogger(RuleManager.class);

  private final RuleManagerOptions opts;
  private final CountDownLatch done = new CountDownLatch(1);
  private Map<String, RuleGroup> groups = new LinkedHashMap<>();
  private volatile long globalQueryOffsetMillis;
  private boolean restored;
  private boolean started;

  public RuleManager(RuleManagerOptions opts) {
    this.opts = opts;
  }

  public RuleManagerOptions options() {
    return opts;
  }

  /**
   * Builds groups from configs without installing them (the {@code argus test rules} runner
   * evaluates such groups itself with {@link RuleGroup#evaluate(long)}).
   *
   * @param evaluationIntervalMillis the interval of groups without their own
   * @param shouldRestore whether the groups restore their alerts' {@code for} state before writing
   *     {@code ALERTS}; when false, alerting rules write their series from the first evaluation
   * @throws RuleLoadException when an expression does not parse
   */
  public List<RuleGroup> loadGroups(
      List<RuleGroupConfig> configs,
      long evaluationIntervalMillis,
      Labels externalLabels,
      @Nullable URI externalUrl,
      boolean shouldRestore) {
    String externalUrlText = externalUrl == null ? "" : externalUrl.toString();
    List<RuleGroup> out = new ArrayList<>(configs.size());
    for (RuleGroupConfig g : configs) {
      List<Rule> rules = new ArrayList<>(g.rules().size());
      for (RuleConfig r : g.rules()) {
        String query;
        try {
          query = Printer.print(PromqlParser.parseExpr(r.expr(), opts.parserOptions()));
        } catch (RuntimeException e) {
          throw new RuleLoadException(g.file() + ": " + e.getMessage(), e);
        }
        LabelsBuilder lb = g.labels().toBuilder();
        r.labels().forEach(lb::set);
        Labels labels = lb.build();
        if (r.isAlerting()) {
          rules.add(
              new AlertingRule(
                  r.name(),
                  query,
                  r.forMillis(),
                  r.keepFiringForMillis(),
                  labels,
                  r.annotations(),
                  externalLabels,
                  externalUrlText,
                  !shouldRestore));
        } else {
          rules.add(new RecordingRule(r.name(), query, labels));
        }
      }
      long interval = g.intervalMillis() != 0 ? g.intervalMillis() : evaluationIntervalMillis;
      out.add(
          new RuleGroup(
              g.name(),
              g.file(),
              interval,
              g.queryOffsetMillis(),
              () -> globalQueryOffsetMillis,
              g.limit(),
              rules,
              shouldRestore,
              externalLabels,
              externalUrl,
              opts,
              done));
    }
    return out;
  }

  /**
   * Replaces the rule groups with {@code configs}. Nothing changes when an expression does not
   * parse. Does nothing once the manager is stopped.
   *
   * @param evaluationIntervalMillis the global {@code evaluation_interval}
   * @param queryOffsetMillis the global {@code rule_query_offset}
   * @param externalLabels the global external labels, for templates
   * @param externalUrl the server's external URL, for templates and generator URLs; may be null
   * @throws RuleLoadException when an expression does not parse (the previous groups keep running)
   */
  public synchronized void update(
      List<RuleGroupConfig> configs,
      long evaluationIntervalMillis,
      long queryOffsetMillis,
      Labels externalLabels,
      @Nullable URI externalUrl) {
    if (done.getCount() == 0) {
      return;
    }
    List<RuleGroup> loaded =
        loadGroups(configs, evaluationIntervalMillis, externalLabels, externalUrl, !restored);
    restored = true;
    globalQueryOffsetMillis = queryOffsetMillis;
    Map<String, RuleGroup> old = new LinkedHashMap<>(groups);
    Map<String, RuleGroup> next = new LinkedHashMap<>();
    List<Thread> switching = new ArrayList<>();
    for (RuleGroup newGroup : loaded) {
      RuleGroup oldGroup = old.remove(newGroup.key());
      if (oldGroup != null && oldGroup.sameAs(newGroup)) {
        next.put(oldGroup.key(), oldGroup);
        continue;
      }
      next.put(newGroup.key(), newGroup);
      opts.metrics().initGroup(newGroup.key(), newGroup.rules().size(), newGroup.intervalMillis());
      switching.add(
          Thread.ofVirtual()
              .name("rules-switch-" + newGroup.key())
              .start(
                  () -> {
                    if (oldGroup != null) {
                      oldGroup.stop();
                      newGroup.copyState(oldGroup);
                    }
                    if (started) {
                      newGroup.start();
                    }
                  }));
    }
    for (RuleGroup removed : old.values()) {
      switching.add(
          Thread.ofVirtual()
              .name("rules-remove-" + removed.key())
              .start(
                  () -> {
                    removed.setMarkStale();
                    removed.stop();
                    opts.metrics().removeGroup(removed.key());
                  }));
    }
    joinAll(switching);
    groups = next;
    log.atInfo().addKeyValue("groups", next.size()).log("rule groups updated");
  }

  /** Starts the evaluation loops of the current groups (and of those later updates install). */
  public synchronized void start() {
    if (started || done.getCount() == 0) {
      return;
    }
    started = true;
    for (RuleGroup g : groups.values()) {
      g.start();
    }
    log.atInfo().log("rule manager started");
  }

  /** Stops every group's loop and waits for them; removed groups write no more stale markers. */
  public synchronized void stop() {
    if (done.getCount() == 0) {
      return;
    }
    List<Thread> stopping = new ArrayList<>();
    for (RuleGroup g : groups.values()) {
      stopping.add(Thread.ofVirtual().start(g::stop));
    }
    joinAll(stopping);
    done.countDown();
    log.atInfo().log("rule manager stopped");
  }

  /** The groups, by file and then name. */
  public synchronized List<RuleGroup> groups() {
    List<RuleGroup> out = new ArrayList<>(groups.values());
    out.sort(Comparator.comparing(RuleGroup::file).thenComparing(RuleGroup::name));
    return out;
  }

  /** The group with {@code key} ({@code <file>;<name>}), or null. */
  synchronized @Nullable RuleGroup group(String key) {
    return groups.get(key);
  }

  /** Every rule of every group, groups in {@link #groups()} order. */
  public List<Rule> rules() {
    List<Rule> out = new ArrayList<>();
    for (RuleGroup g : groups()) {
      out.addAll(g.rules());
    }
    return out;
  }

  /** Every alerting rule, groups in {@link #groups()} order. */
  public List<AlertingRule> alertingRules() {
    List<AlertingRule> out = new ArrayList<>();
    for (Rule r : rules()) {
      if (r instanceof AlertingRule a) {
        out.add(a);
      }
    }
    return out;
  }

  private static void joinAll(List<Thread> threads) {
    boolean interrupted = false;
    for (Thread t : threads) {
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
