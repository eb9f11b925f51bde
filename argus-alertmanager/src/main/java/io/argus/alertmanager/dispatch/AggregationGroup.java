package io.argus.alertmanager.dispatch;

import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.route.Route;
import io.argus.alertmanager.route.RouteOpts;
import io.argus.model.labels.Labels;
import io.argus.util.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The alerts of one route with equal group labels, and the timer that flushes them: first after
 * group_wait (at once when an alert older than group_wait arrives before the first flush), then
 * every group_interval measured from the previous flush's start. After a successful flush the
 * resolved alerts it reported are dropped unless they changed meanwhile. Thread-safe.
 */
public final class AggregationGroup {
  /** The flush: returns whether the notification succeeded. */
  @FunctionalInterface
  interface Flush {
    boolean run(AggregationGroup group, Instant now, List<Alert> alerts)
        throws InterruptedException;
  }

  private final Route route;
  private final Labels labels;
  private final String groupKey;
  private final Clock clock;
  private final Scheduler scheduler;
  private final Flush flush;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Long, Alert> alerts = new HashMap<>();
  private boolean hasFlushed;
  private boolean flushing;
  private boolean stopped;
  private Scheduler.@Nullable Task next;

  AggregationGroup(Route route, Labels labels, Clock clock, Scheduler scheduler, Flush flush) {
    this.route = route;
    this.labels = labels;
    this.groupKey = route.groupKey(labels);
    this.clock = clock;
    this.scheduler = scheduler;
    this.flush = flush;
    lock.lock();
    try {
      next = scheduler.schedule(this::fire, route.opts().groupWaitMillis());
    } finally {
      lock.unlock();
    }
  }

  public Route route() {
    return route;
  }

  public RouteOpts opts() {
    return route.opts();
  }

  /** The group labels. */
  public Labels labels() {
    return labels;
  }

  /** Upstream's group key, {@code <route key>:<group labels>}. */
  public String groupKey() {
    return groupKey;
  }

  /** A snapshot of the group's alerts in notification order. */
  public List<Alert> alerts() {
    lock.lock();
    try {
      List<Alert> out = new ArrayList<>(alerts.values());
      out.sort(AlertOrder.NOTIFICATION);
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Whether the group holds no alerts. */
  public boolean isEmpty() {
    lock.lock();
    try {
      return alerts.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  void insert(Alert alert) {
    lock.lock();
    try {
      alerts.put(alert.fingerprint(), alert);
      long now = clock.millis();
      if (!hasFlushed
          && !flushing
          && !stopped
          && alert.startsAt().toEpochMilli() + route.opts().groupWaitMillis() < now) {
        if (next != null) {
          next.cancel();
        }
        next = scheduler.schedule(this::fire, 0);
      }
    } finally {
      lock.unlock();
    }
  }

  void stop() {
    lock.lock();
    try {
      stopped = true;
      if (next != null) {
        next.cancel();
        next = null;
      }
    } finally {
      lock.unlock();
    }
  }

  private void fire() {
    long start;
    List<Alert> snapshot;
    lock.lock();
    try {
      if (stopped || flushing) {
        return;
      }
      flushing = true;
      hasFlushed = true;
      next = null;
      start = clock.millis();
      snapshot = new ArrayList<>(alerts.values());
    } finally {
      lock.unlock();
    }
    try {
      flushNow(Instant.ofEpochMilli(start), snapshot);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.lock();
      try {
        flushing = false;
        if (!stopped) {
          long delay = start + route.opts().groupIntervalMillis() - clock.millis();
          next = scheduler.schedule(this::fire, delay);
        }
      } finally {
        lock.unlock();
      }
    }
  }

  private void flushNow(Instant now, List<Alert> stored) throws InterruptedException {
    List<Alert> view = new ArrayList<>(stored.size());
    List<Alert> resolved = new ArrayList<>();
    for (Alert a : stored) {
      view.add(a.forNotification(now));
      if (a.resolvedAt(now)) {
        resolved.add(a);
      }
    }
    view.sort(AlertOrder.NOTIFICATION);
    if (!flush.run(this, now, view) || resolved.isEmpty()) {
      return;
    }
    lock.lock();
    try {
      for (Alert a : resolved) {
        Alert current = alerts.get(a.fingerprint());
        if (current != null && current.updatedAt().equals(a.updatedAt())) {
          alerts.remove(a.fingerprint());
        }
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return groupKey;
  }
}
