package io.argus.alertmanager.dispatch;

import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.alert.AlertStore;
import io.argus.alertmanager.alert.AlertSubscription;
import io.argus.alertmanager.notify.NotificationContext;
import io.argus.alertmanager.notify.NotificationPipeline;
import io.argus.alertmanager.route.Route;
import io.argus.model.labels.Labels;
import io.argus.util.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes alerts into {@link AggregationGroup}s and flushes them through a {@link
 * NotificationPipeline} (upstream's {@code Dispatcher}).
 *
 * <p>Lifetime: {@link #start} subscribes to the store (receiving every stored alert first) and
 * schedules the removal of empty groups every 30s; {@link #stop} ends both and cancels every group
 * timer; a flush already running finishes. On reload build a new dispatcher (with a new pipeline)
 * and stop the old one, as upstream does. Thread-safe.
 */
public final class Dispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  /** How often empty groups are removed. */
  public static final long MAINTENANCE_INTERVAL_MILLIS = 30_000;

  /** Upstream's lower bound on a flush's deadline. */
  public static final long MIN_TIMEOUT_MILLIS = 10_000;

  private final Route root;
  private final NotificationPipeline pipeline;
  private final AlertStore store;
  private final Clock clock;
  private final Scheduler scheduler;
  private final LongSupplier peerWaitMillis;
  private final Map<Route, Map<Labels, AggregationGroup>> groups = new ConcurrentHashMap<>();
  private final Object lifecycle = new Object();
  private @Nullable AlertSubscription subscription;
  private @Nullable Thread reader;
  private Scheduler.@Nullable Task maintenance;
  private boolean stopped;

  /**
   * @param root the route tree
   * @param scheduler runs group timers; {@link Scheduler#system()} in production
   * @param peerWaitMillis the cluster wait added to each flush's deadline (0 without a cluster)
   */
  public Dispatcher(
      Route root,
      NotificationPipeline pipeline,
      AlertStore store,
      Clock clock,
      Scheduler scheduler,
      LongSupplier peerWaitMillis) {
    this.root = root;
    this.pipeline = pipeline;
    this.store = store;
    this.clock = clock;
    this.scheduler = scheduler;
    this.peerWaitMillis = peerWaitMillis;
  }

  /** Subscribes to the store and starts routing on a virtual thread. Call once. */
  public void start() {
    synchronized (lifecycle) {
      if (subscription != null || stopped) {
        throw new IllegalStateException("dispatcher already started");
      }
      AlertSubscription sub = store.subscribe("dispatcher");
      subscription = sub;
      reader = Thread.ofVirtual().name("am-dispatcher").start(() -> readLoop(sub));
      scheduleMaintenance();
    }
  }

  private void scheduleMaintenance() {
    maintenance =
        scheduler.schedule(
            () -> {
              removeEmptyGroups();
              synchronized (lifecycle) {
                if (!stopped) {
                  scheduleMaintenance();
                }
              }
            },
            MAINTENANCE_INTERVAL_MILLIS);
  }

  private void readLoop(AlertSubscription sub) {
    try {
      while (!sub.isClosed()) {
        Alert a = sub.poll(1, TimeUnit.SECONDS);
        if (a != null) {
          process(a);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.atError().setCause(e).log("dispatcher stopped by an unexpected error");
    }
  }

  /**
   * Routes one alert into the group of every matching route, creating groups as needed. The reader
   * thread calls this for each alert of the subscription; tests may call it directly.
   */
  public void process(Alert alert) {
    for (Route r : root.match(alert.labels())) {
      Labels groupLabels = r.groupLabels(alert.labels());
      AggregationGroup g;
      synchronized (lifecycle) {
        if (stopped) {
          return;
        }
        g =
            groups
                .computeIfAbsent(r, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(
                    groupLabels, l -> new AggregationGroup(r, l, clock, scheduler, this::flush));
      }
      g.insert(alert);
    }
  }

  private boolean flush(AggregationGroup g, Instant now, List<Alert> alerts)
      throws InterruptedException {
    long timeout =
        Math.max(g.opts().groupIntervalMillis(), MIN_TIMEOUT_MILLIS) + peerWaitMillis.getAsLong();
    NotificationContext ctx =
        new NotificationContext(
            g.opts().receiver(),
            g.groupKey(),
            g.labels(),
            now,
            g.opts().repeatIntervalMillis(),
            now.toEpochMilli() + timeout,
            g.opts().muteTimeIntervals(),
            g.opts().activeTimeIntervals());
    try {
      return pipeline.notify(ctx, alerts);
    } catch (RuntimeException e) {
      log.atError()
          .addKeyValue("aggrGroup", g.groupKey())
          .setCause(e)
          .log("notify for alerts failed");
      return false;
    }
  }

  /** Stops and forgets every group without alerts; returns how many. */
  public int removeEmptyGroups() {
    int n = 0;
    synchronized (lifecycle) {
      for (Map<Labels, AggregationGroup> byLabels : groups.values()) {
        for (var it = byLabels.values().iterator(); it.hasNext(); ) {
          AggregationGroup g = it.next();
          if (g.isEmpty()) {
            g.stop();
            it.remove();
            n++;
          }
        }
      }
      groups.values().removeIf(Map::isEmpty);
    }
    return n;
  }

  /** A snapshot of the current groups, for the API's {@code /alerts/groups}. */
  public List<AggregationGroup> groups() {
    List<AggregationGroup> out = new ArrayList<>();
    for (Map<Labels, AggregationGroup> byLabels : groups.values()) {
      out.addAll(byLabels.values());
    }
    return out;
  }

  /** The routes of {@code labels} mapped to their receivers, as the API reports them. */
  public Map<Route, String> receiversOf(Labels labels) {
    Map<Route, String> out = new HashMap<>();
    for (Route r : root.match(labels)) {
      out.put(r, r.opts().receiver());
    }
    return out;
  }

  public Route root() {
    return root;
  }

  /** Stops reading, maintenance and every group timer. Idempotent. */
  public void stop() {
    Thread t;
    synchronized (lifecycle) {
      if (stopped) {
        return;
      }
      stopped = true;
      if (subscription != null) {
        subscription.close();
      }
      if (maintenance != null) {
        maintenance.cancel();
      }
      t = reader;
      for (Map<Labels, AggregationGroup> byLabels : groups.values()) {
        byLabels.values().forEach(AggregationGroup::stop);
      }
      groups.clear();
    }
    if (t != null) {
      t.interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
