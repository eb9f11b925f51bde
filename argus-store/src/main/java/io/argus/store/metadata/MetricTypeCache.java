package io.argus.store.metadata;

import io.argus.model.textparse.MetricType;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The declared type of every metric family the endpoints know, fetched from a {@link
 * MetricMetadataSource} (normally the {@link MetadataProxy}) and refreshed periodically, for {@link
 * io.argus.store.dedup.MetadataCounterClassifier}. Lookups never do I/O.
 *
 * <p>A family whose triples disagree on the type (two targets declaring it differently) has no
 * known type. A refresh replaces the map; when the fetch came back with warnings (an endpoint was
 * down), families it no longer lists keep their previous type, so a failover does not forget what
 * the down replica had declared. The map holds at most {@code maxFamilies} families: the fetch asks
 * for that many (in name order) and what is beyond it stays unknown. A failed refresh keeps the
 * previous map.
 *
 * <p>Thread-safe: lookups read an immutable snapshot; refreshes run one at a time.
 */
public final class MetricTypeCache implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(MetricTypeCache.class);

  /** How often {@link #start} refreshes. */
  public static final Duration REFRESH_INTERVAL = Duration.ofSeconds(15);

  /** The default bound on the number of families held. */
  public static final int DEFAULT_MAX_FAMILIES = 200_000;

  private final MetricMetadataSource source;
  private final int maxFamilies;
  private final Object refreshLock = new Object();
  private volatile Map<String, MetricType> types = Map.of();
  private @Nullable ScheduledExecutorService scheduler;

  /**
   * @param source where the metadata comes from
   * @param maxFamilies the most families held (at least 1)
   */
  public MetricTypeCache(MetricMetadataSource source, int maxFamilies) {
    if (maxFamilies < 1) {
      throw new IllegalArgumentException("maxFamilies must be positive");
    }
    this.source = source;
    this.maxFamilies = maxFamilies;
  }

  /** The type family {@code name} was declared with, or null when unknown or ambiguous. */
  public @Nullable MetricType typeOf(String name) {
    return types.get(name);
  }

  /** How many families have a known type. */
  public int size() {
    return types.size();
  }

  /**
   * Fetches the metadata once (partial response) and replaces the map as described above. Does not
   * throw for a source failure: it keeps the previous map and logs.
   */
  public void refresh() {
    synchronized (refreshLock) {
      refreshLocked();
    }
  }

  private void refreshLocked() {
    MetadataResult r;
    try {
      r = source.metricMetadata("", maxFamilies, true);
    } catch (RuntimeException e) {
      logger.atWarn().addKeyValue("err", e.getMessage()).log("metric metadata refresh failed");
      return;
    }
    Map<String, MetricType> next = new HashMap<>();
    for (Map.Entry<String, List<MetricMeta>> e : r.metadata().entrySet()) {
      if (next.size() >= maxFamilies) {
        break;
      }
      MetricType t = agreedType(e.getValue());
      if (t != null) {
        next.put(e.getKey(), t);
      }
    }
    if (!r.warnings().isEmpty()) {
      logger
          .atDebug()
          .addKeyValue("warnings", r.warnings())
          .log("metric metadata refresh was partial; keeping previous types of missing families");
      for (Map.Entry<String, MetricType> e : types.entrySet()) {
        if (next.size() >= maxFamilies) {
          break;
        }
        if (!r.metadata().containsKey(e.getKey())) {
          next.putIfAbsent(e.getKey(), e.getValue());
        }
      }
    }
    types = Map.copyOf(next);
  }

  private static @Nullable MetricType agreedType(List<MetricMeta> metas) {
    MetricType agreed = null;
    for (MetricMeta m : metas) {
      MetricType t = parse(m.type());
      if (t == null || (agreed != null && agreed != t)) {
        return null;
      }
      agreed = t;
    }
    return agreed == MetricType.UNKNOWN ? null : agreed;
  }

  /** The type named {@code text} (Prometheus' spelling, also {@code untyped}), or null. */
  static @Nullable MetricType parse(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    if (t.equals("untyped")) {
      return MetricType.UNKNOWN;
    }
    for (MetricType m : MetricType.values()) {
      if (m.text().equals(t)) {
        return m;
      }
    }
    return null;
  }

  /**
   * Refreshes now (in the calling thread) and then every {@link #REFRESH_INTERVAL} on a virtual
   * thread.
   */
  public synchronized void start() {
    if (scheduler != null) {
      return;
    }
    refresh();
    ScheduledExecutorService s =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("metric-metadata-refresh").factory());
    scheduler = s;
    long every = REFRESH_INTERVAL.toMillis();
    s.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
  }

  /** Stops refreshing. Idempotent. */
  @Override
  public synchronized void close() {
    ScheduledExecutorService s = scheduler;
    if (s != null) {
      s.shutdownNow();
      scheduler = null;
    }
  }
}
