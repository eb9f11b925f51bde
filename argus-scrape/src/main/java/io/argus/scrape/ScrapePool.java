package io.argus.scrape;

import io.argus.model.labels.Labels;
import io.argus.storage.Appendable;
import io.argus.util.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scrape loops of one job. {@link #sync} turns discovered label sets into targets, keeps the
 * loops of targets that did not change, starts loops for new ones and stops (with staleness
 * markers) the loops of targets that went away. Thread-safe.
 */
public final class ScrapePool {
  private static final Logger log = LoggerFactory.getLogger(ScrapePool.class);

  private final ScrapeSettings settings;
  private final Appendable storage;
  private final ScrapeHttpClient http;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ScrapeMetrics metrics;
  private final long offsetSeed;
  private final ScrapeBuffers buffers;
  private final Map<Long, ScrapeLoop> loops = new LinkedHashMap<>();
  private boolean stopped;

  // Snapshots for readers, replaced at the end of each sync; reading them never waits for one.
  private volatile List<Target> active = List.of();
  private volatile List<DroppedTarget> dropped = List.of();
  private volatile int droppedCount;

  /** Creates a pool whose loops borrow body buffers from {@code buffers}. */
  ScrapePool(
      ScrapeSettings settings,
      Appendable storage,
      ScrapeHttpClient http,
      Clock clock,
      Sleeper sleeper,
      ScrapeMetrics metrics,
      long offsetSeed,
      ScrapeBuffers buffers) {
    this.buffers = buffers;
    this.settings = settings;
    this.storage = storage;
    this.http = http;
    this.clock = clock;
    this.sleeper = sleeper;
    this.metrics = metrics;
    this.offsetSeed = offsetSeed;
  }

  public ScrapeSettings settings() {
    return settings;
  }

  /**
   * Makes the running loops match {@code discovered}, one label set per target before relabeling.
   * Label sets that relabeling drops or that do not form a valid target are skipped (the latter
   * with a log line). When more targets remain than {@code target_limit} allows, every target's
   * scrapes fail with Prometheus' {@code target_limit exceeded} error.
   */
  public synchronized void sync(List<Labels> discovered) {
    if (stopped) {
      throw new IllegalStateException("scrape pool " + settings.jobName() + " is stopped");
    }
    Map<Long, Target> wanted = new LinkedHashMap<>();
    List<DroppedTarget> droppedNow = new ArrayList<>();
    int droppedNowCount = 0;
    int keepDropped = settings.keepDroppedTargets();
    for (Labels ls : discovered) {
      try {
        Target t = Target.create(ls, settings);
        if (t != null) {
          wanted.putIfAbsent(t.hash(), t);
        } else {
          droppedNowCount++;
          if (keepDropped == 0 || droppedNow.size() < keepDropped) {
            droppedNow.add(
                new DroppedTarget(settings.jobName(), Target.discoveredLabels(ls, settings)));
          }
        }
      } catch (IllegalArgumentException e) {
        log.atWarn()
            .addKeyValue("scrape_pool", settings.jobName())
            .addKeyValue("target", ls)
            .addKeyValue("err", e.getMessage())
            .log("creating target failed");
      }
    }
    List<ScrapeLoop> gone = new ArrayList<>();
    for (var it = loops.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!wanted.containsKey(e.getKey())) {
        gone.add(e.getValue());
        it.remove();
      }
    }
    for (ScrapeLoop loop : gone) {
      loop.stop();
    }
    String limitError = null;
    int limit = settings.targetLimit();
    if (limit > 0 && wanted.size() > limit) {
      metrics.poolExceededTargetLimit.inc();
      limitError =
          "target_limit exceeded (number of targets: " + wanted.size() + ", limit: " + limit + ")";
      log.atWarn()
          .addKeyValue("scrape_pool", settings.jobName())
          .addKeyValue("err", limitError)
          .log("target limit exceeded");
    }
    Map<Long, ScrapeLoop> started = new HashMap<>();
    for (Map.Entry<Long, Target> e : wanted.entrySet()) {
      ScrapeLoop loop = loops.get(e.getKey());
      if (loop == null) {
        loop =
            new ScrapeLoop(
                e.getValue(), settings, storage, http, clock, sleeper, metrics, offsetSeed,
                buffers);
        loop.forceError(limitError);
        started.put(e.getKey(), loop);
        loops.put(e.getKey(), loop);
      } else {
        loop.forceError(limitError);
      }
    }
    for (ScrapeLoop loop : started.values()) {
      loop.start();
    }
    List<Target> targets = new ArrayList<>(loops.size());
    for (ScrapeLoop loop : loops.values()) {
      targets.add(loop.target());
    }
    active = List.copyOf(targets);
    dropped = List.copyOf(droppedNow);
    droppedCount = droppedNowCount;
    metrics.poolTargets.labelValues(settings.jobName()).set(loops.size());
  }

  /**
   * Returns the active targets in discovery order, as of the last completed {@link #sync}; never
   * waits for a running one.
   */
  public List<Target> activeTargets() {
    return active;
  }

  /**
   * Returns the targets that relabeling dropped in the last completed {@link #sync}, in discovery
   * order, at most {@code keep_dropped_targets} of them when that is set.
   */
  public List<DroppedTarget> droppedTargets() {
    return dropped;
  }

  /** Returns how many targets relabeling dropped in the last {@link #sync}, all of them counted. */
  public int droppedTargetCount() {
    return droppedCount;
  }

  /** Stops every loop, writing staleness markers; the pool cannot be synced afterwards. */
  public synchronized void stop() {
    stopped = true;
    for (ScrapeLoop loop : loops.values()) {
      loop.stop();
    }
    loops.clear();
    active = List.of();
    metrics.poolTargets.labelValues(settings.jobName()).set(0);
  }
}
