package io.argus.alertmanager.alert;

import io.argus.util.Clock;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory store of received alerts, keyed by fingerprint (upstream's {@code provider/mem}).
 *
 * <p>{@link #put} merges an alert into the stored version of the same labels when their activity
 * ranges overlap (see {@link Alert#merge}), otherwise replaces it, and hands every stored version
 * to each {@link #subscribe subscription}. {@link #gc} drops resolved alerts, forgets their marks
 * and tells {@link #onDelete delete listeners}. The store holds at most {@code maxAlerts} alerts:
 * when full, it first drops resolved alerts and then refuses alerts with new label sets.
 *
 * <p>Run {@link #gc} every {@code --alerts.gc-interval} (upstream 30m), e.g. with {@code new
 * Maintenance("alerts", interval, store::gc)}, and connect {@link #onDelete} to the silencer's and
 * inhibitor's caches.
 *
 * <p>Thread-safe: writes and subscriptions are serialized; reads ({@link #get}, {@link #list}) do
 * not wait for writers and see a consistent view of each alert.
 */
public final class AlertStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertStore.class);

  private final Clock clock;
  private final AlertMarker marker;
  private final int maxAlerts;
  private final ConcurrentHashMap<Long, Alert> alerts = new ConcurrentHashMap<>();
  private final ReentrantLock writeLock = new ReentrantLock();
  private final List<AlertSubscription> subscriptions = new CopyOnWriteArrayList<>();
  private final List<Consumer<List<Alert>>> deleteListeners = new CopyOnWriteArrayList<>();
  private final @Nullable Counter limitedTotal;
  private final AtomicLong version = new AtomicLong();

  /**
   * Returns an empty store.
   *
   * @param maxAlerts the most alerts held at once; 0 or less for no limit
   * @param registry where {@code alertmanager_alerts{state}} and {@code
   *     alertmanager_alerts_limited_total} are registered, or null
   */
  public AlertStore(
      Clock clock, AlertMarker marker, int maxAlerts, @Nullable PrometheusRegistry registry) {
    this.clock = clock;
    this.marker = marker;
    this.maxAlerts = maxAlerts;
    if (registry != null) {
      GaugeWithCallback.builder()
          .name("alertmanager_alerts")
          .help("How many alerts by state.")
          .labelNames("state")
          .callback(
              cb -> {
                int[] counts = countByState();
                for (AlertState st : AlertState.values()) {
                  cb.call(counts[st.ordinal()], st.value());
                }
              })
          .register(registry);
      limitedTotal =
          Counter.builder()
              .name("alertmanager_alerts_limited_total")
              .help("Total number of alerts that were dropped because the alert store was full.")
              .register(registry);
    } else {
      limitedTotal = null;
    }
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  /**
   * Stores alerts (validated beforehand) in order, merging each with the stored version when their
   * activity overlaps, and passes each stored version to every subscription, waiting while a
   * subscription's buffer is full.
   *
   * @throws InterruptedException when interrupted while waiting for a subscriber; alerts before the
   *     interrupted one are stored
   */
  public PutResult put(List<Alert> batch) throws InterruptedException {
    List<Alert> stored = new ArrayList<>(batch.size());
    List<Alert> limited = new ArrayList<>();
    writeLock.lockInterruptibly();
    try {
      boolean collected = false;
      for (Alert alert : batch) {
        long fp = alert.fingerprint();
        Alert old = alerts.get(fp);
        if (old == null && maxAlerts > 0 && alerts.size() >= maxAlerts) {
          if (!collected) {
            collected = true;
            notifyDeleted(collectLocked());
          }
          if (alerts.size() >= maxAlerts) {
            limited.add(alert);
            if (limitedTotal != null) {
              limitedTotal.inc();
            }
            log.atWarn()
                .addKeyValue("alertname", alert.name())
                .addKeyValue("limit", maxAlerts)
                .log("alert store full, dropping alert");
            continue;
          }
        }
        if (old != null && overlaps(alert, old)) {
          alert = old.merge(alert, now());
        }
        alerts.put(fp, alert);
        version.incrementAndGet();
        stored.add(alert);
        for (AlertSubscription s : subscriptions) {
          if (!s.offer(alert)) {
            subscriptions.remove(s);
          }
        }
      }
    } finally {
      writeLock.unlock();
    }
    return new PutResult(stored, limited);
  }

  /** Upstream's overlap test: the new end or the new start falls strictly inside the old range. */
  private static boolean overlaps(Alert a, Alert old) {
    return (a.endsAt().isAfter(old.startsAt()) && a.endsAt().isBefore(old.endsAt()))
        || (a.startsAt().isAfter(old.startsAt()) && a.startsAt().isBefore(old.endsAt()));
  }

  /** Returns the stored alert with this fingerprint, or null. */
  public @Nullable Alert get(long fingerprint) {
    return alerts.get(fingerprint);
  }

  /** Returns a snapshot of every stored alert, resolved ones included, in no particular order. */
  public List<Alert> list() {
    return new ArrayList<>(alerts.values());
  }

  /**
   * A counter that grows after every change of the stored alerts (a put or a removal), so that a
   * reader that reads it before {@link #list()} and finds it unchanged later knows its list is
   * still current.
   */
  public long version() {
    return version.get();
  }

  /** The number of stored alerts. */
  public int size() {
    return alerts.size();
  }

  /**
   * Returns a stream of every alert stored now followed by every alert stored later. Close it when
   * done; a subscription that stops reading blocks {@link #put}.
   */
  public AlertSubscription subscribe(String name) {
    writeLock.lock();
    try {
      AlertSubscription[] holder = new AlertSubscription[1];
      AlertSubscription s =
          new AlertSubscription(name, alerts.values(), () -> subscriptions.remove(holder[0]));
      holder[0] = s;
      subscriptions.add(s);
      return s;
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Registers a listener called with the alerts each garbage collection removed (never with an
   * empty list), after they were removed. Close the handle to unregister.
   */
  public AutoCloseable onDelete(Consumer<List<Alert>> listener) {
    deleteListeners.add(listener);
    return () -> deleteListeners.remove(listener);
  }

  /**
   * Removes the alerts resolved now, forgets their marks and tells the delete listeners (upstream
   * runs this every {@code --alerts.gc-interval}, 30m). Returns the removed alerts.
   */
  public List<Alert> gc() {
    List<Alert> removed;
    writeLock.lock();
    try {
      removed = collectLocked();
    } finally {
      writeLock.unlock();
    }
    notifyDeleted(removed);
    return removed;
  }

  private List<Alert> collectLocked() {
    Instant now = now();
    List<Alert> removed = new ArrayList<>();
    for (Iterator<Map.Entry<Long, Alert>> it = alerts.entrySet().iterator(); it.hasNext(); ) {
      Alert a = it.next().getValue();
      if (a.resolvedAt(now)) {
        it.remove();
        marker.delete(a.fingerprint());
        removed.add(a);
      }
    }
    if (!removed.isEmpty()) {
      version.incrementAndGet();
    }
    return removed;
  }

  private void notifyDeleted(List<Alert> removed) {
    if (removed.isEmpty()) {
      return;
    }
    List<Alert> view = List.copyOf(removed);
    for (Consumer<List<Alert>> l : deleteListeners) {
      l.accept(view);
    }
  }

  private int[] countByState() {
    Instant now = now();
    int[] counts = new int[AlertState.values().length];
    for (Alert a : alerts.values()) {
      if (!a.resolvedAt(now)) {
        counts[marker.status(a.fingerprint()).state().ordinal()]++;
      }
    }
    return counts;
  }

  /** Closes every subscription. The store stays readable. */
  @Override
  public void close() {
    for (AlertSubscription s : subscriptions) {
      s.close();
    }
  }
}
