package io.argus.alertmanager.nflog;

import io.argus.alertmanager.state.EncodedEntries;
import io.argus.alertmanager.state.EntryState;
import io.argus.util.Clock;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The notification log (upstream's {@code nflog.Log}): one {@link NflogEntry} per aggregation group
 * and receiver integration, written after each successful notification and kept until its expiry
 * ({@code min(retention, expiry given at logging)}).
 *
 * <p>Replication: {@link #merge(Collection)} applies peers' entries last-writer-wins by timestamp;
 * local writes are reported to {@link #addListener listeners}. Persistence: {@link #loadSnapshot}
 * and {@link #writeSnapshot}. Thread-safe.
 */
public final class NotificationLog implements EntryState<NflogEntry> {
  /** The snapshot kind and file name in the data directory. */
  public static final String SNAPSHOT_NAME = "nflog";

  private final Clock clock;
  private final Duration retention;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final Map<String, NflogEntry> entries = new HashMap<>();
  private final List<Consumer<NflogEntry>> listeners = new CopyOnWriteArrayList<>();

  private final Summary gcDuration;
  private final Summary snapshotDuration;
  private final Gauge snapshotSize;
  private final Counter queriesTotal;
  private final Counter queryErrorsTotal;
  private final Histogram queryDuration;
  private final Counter propagatedTotal;
  private final EncodedEntries<NflogEntry> encoded;

  /**
   * Returns an empty log.
   *
   * @param retention the longest an entry is kept ({@code --data.retention}, 120h)
   * @param registry where the {@code alertmanager_nflog_*} metrics go, or null
   */
  public NotificationLog(Clock clock, Duration retention, @Nullable PrometheusRegistry registry) {
    this.clock = clock;
    this.retention = retention;
    PrometheusRegistry r = registry == null ? new PrometheusRegistry() : registry;
    gcDuration =
        Summary.builder()
            .name("alertmanager_nflog_gc_duration_seconds")
            .help("Duration of the last notification log garbage collection cycle.")
            .register(r);
    snapshotDuration =
        Summary.builder()
            .name("alertmanager_nflog_snapshot_duration_seconds")
            .help("Duration of the last notification log snapshot.")
            .register(r);
    snapshotSize =
        Gauge.builder()
            .name("alertmanager_nflog_snapshot_size_bytes")
            .help("Size of the last notification log snapshot in bytes.")
            .register(r);
    queriesTotal =
        Counter.builder()
            .name("alertmanager_nflog_queries_total")
            .help("Number of notification log queries were received.")
            .register(r);
    queryErrorsTotal =
        Counter.builder()
            .name("alertmanager_nflog_query_errors_total")
            .help("Number notification log received queries that failed.")
            .register(r);
    queryDuration =
        Histogram.builder()
            .name("alertmanager_nflog_query_duration_seconds")
            .help("Duration of notification log query evaluation.")
            .classicOnly()
            .register(r);
    propagatedTotal =
        Counter.builder()
            .name("alertmanager_nflog_gossip_messages_propagated_total")
            .help("Number of received gossip messages that have been further gossiped.")
            .register(r);
    encoded =
        new EncodedEntries<>(
            SNAPSHOT_NAME,
            NflogCodec::encode,
            NflogCodec::decode,
            clock,
            propagatedTotal,
            snapshotDuration,
            snapshotSize);
  }

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  /**
   * Records a successful notification now. The entry expires after the retention, or after {@code
   * expiry} when that is positive and shorter (upstream passes twice the repeat interval). Returns
   * the stored entry, or empty when the held entry carries a later timestamp (a peer's clock ahead
   * of ours), which is then kept.
   */
  public Optional<NflogEntry> log(
      ReceiverKey receiver, String groupKey, long[] firing, long[] resolved, Duration expiry) {
    Instant now = now();
    Instant expiresAt = now.plus(retention);
    if (expiry.isPositive() && retention.compareTo(expiry) > 0) {
      expiresAt = now.plus(expiry);
    }
    NflogEntry e = new NflogEntry(groupKey, receiver, now, firing, resolved, expiresAt);
    lock.writeLock().lock();
    try {
      NflogEntry prev = entries.get(e.stateKey());
      if (prev != null && prev.timestamp().isAfter(now)) {
        return Optional.empty();
      }
      entries.put(e.stateKey(), e);
      for (Consumer<NflogEntry> l : listeners) {
        l.accept(e);
      }
    } finally {
      lock.writeLock().unlock();
    }
    return Optional.of(e);
  }

  /**
   * Returns the entry of a group and receiver integration. An absent entry counts as a query error
   * in {@code alertmanager_nflog_query_errors_total}, as upstream.
   *
   * @throws IllegalArgumentException "no query parameters specified" when {@code groupKey} is empty
   */
  public Optional<NflogEntry> query(String groupKey, ReceiverKey receiver) {
    queriesTotal.inc();
    long start = clock.nanoTime();
    try {
      if (groupKey.isEmpty()) {
        queryErrorsTotal.inc();
        throw new IllegalArgumentException("no query parameters specified");
      }
      NflogEntry e;
      lock.readLock().lock();
      try {
        e = entries.get(NflogEntry.stateKey(groupKey, receiver));
      } finally {
        lock.readLock().unlock();
      }
      if (e == null) {
        queryErrorsTotal.inc();
      }
      return Optional.ofNullable(e);
    } finally {
      queryDuration.observe((clock.nanoTime() - start) / 1e9);
    }
  }

  /** Returns every entry, in no particular order. */
  @Override
  public List<NflogEntry> entries() {
    lock.readLock().lock();
    try {
      return new ArrayList<>(entries.values());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The number of entries held. */
  public int size() {
    lock.readLock().lock();
    try {
      return entries.size();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Drops every entry whose expiry is not after now; returns how many. */
  @Override
  public int gc() {
    long start = clock.nanoTime();
    Instant now = now();
    int n = 0;
    lock.writeLock().lock();
    try {
      for (Iterator<NflogEntry> it = entries.values().iterator(); it.hasNext(); ) {
        if (!it.next().expiresAt().isAfter(now)) {
          it.remove();
          n++;
        }
      }
    } finally {
      lock.writeLock().unlock();
      gcDuration.observe((clock.nanoTime() - start) / 1e9);
    }
    return n;
  }

  /**
   * Merges entries from a peer or a snapshot, last writer wins: an entry replaces the held one of
   * its group and receiver when its timestamp is later (or none is held); entries already expired
   * are ignored. Returns the entries that changed this log, in input order. Listeners of local
   * changes are not called.
   */
  @Override
  public List<NflogEntry> merge(Collection<NflogEntry> remote) {
    Instant now = now();
    List<NflogEntry> changed = new ArrayList<>();
    lock.writeLock().lock();
    try {
      for (NflogEntry e : remote) {
        if (e.expiresAt().isBefore(now)) {
          continue;
        }
        NflogEntry prev = entries.get(e.stateKey());
        if (prev == null || prev.timestamp().isBefore(e.timestamp())) {
          entries.put(e.stateKey(), e);
          changed.add(e);
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
    return changed;
  }

  /**
   * Registers a listener for entries this peer logs itself; it runs while the log is locked and
   * must not call back into it. Close the handle to unregister.
   */
  @Override
  public AutoCloseable addListener(Consumer<NflogEntry> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public String snapshotName() {
    return SNAPSHOT_NAME;
  }

  @Override
  public String key() {
    return "nfl";
  }

  @Override
  public EncodedEntries<NflogEntry> encodedEntries() {
    return encoded;
  }

}
