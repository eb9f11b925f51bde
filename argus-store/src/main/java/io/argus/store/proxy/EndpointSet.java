package io.argus.store.proxy;

import io.argus.store.SeriesStore;
import io.argus.store.StoreInfo;
import io.argus.util.Clock;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints of the query layer and their health (Thanos' endpoint set). Every refresh resolves
 * the configured addresses (DNS names anew; a name that fails to resolve keeps its previous
 * addresses), connects to new ones, drops those DNS no longer returns, and calls {@code Info} on
 * each endpoint in parallel, bounded by the info timeout: a success records the label sets, time
 * range and capabilities and marks the endpoint healthy, a failure marks it unhealthy with the
 * error. An endpoint without a successful check for the unhealthy timeout is removed (strict
 * endpoints never are). {@link #start} refreshes every {@link #REFRESH_INTERVAL} on a virtual
 * thread.
 *
 * <p>Metrics: {@code argus_query_endpoint_healthy{endpoint}} (1 or 0) and {@code
 * argus_query_endpoint_info_failures_total}. Thread-safe.
 */
public final class EndpointSet implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(EndpointSet.class);

  /** How often {@link #start} refreshes, as Thanos does: 5 s. */
  public static final Duration REFRESH_INTERVAL = Duration.ofSeconds(5);

  /** Makes the store of a resolved address. */
  @FunctionalInterface
  public interface Connector {
    /**
     * Returns a store talking to {@code address}; must not do blocking I/O. A store that is {@link
     * AutoCloseable} is closed when its endpoint is removed.
     */
    SeriesStore connect(String address, EndpointSpec.Kind kind);
  }

  /** The mutable state of one endpoint. Guarded by the set's lock. */
  private static final class Entry {
    final String address;
    final SeriesStore store;
    final boolean strict;
    final long added;
    @Nullable StoreInfo info;
    boolean healthy;
    @Nullable String lastError = "not checked yet";
    long lastCheck;
    long lastHealthy;

    Entry(String address, SeriesStore store, boolean strict, long added) {
      this.address = address;
      this.store = store;
      this.strict = strict;
      this.added = added;
    }

    StoreEndpoint view() {
      return new StoreEndpoint(address, store, info, healthy, strict, lastError, lastCheck);
    }
  }

  private final List<EndpointSpec> specs;
  private final Connector connector;
  private final EndpointResolver resolver;
  private final Duration infoTimeout;
  private final Duration unhealthyTimeout;
  private final Clock clock;
  private final Map<String, List<String>> resolved = new LinkedHashMap<>();
  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Gauge healthyGauge;
  private final Counter infoFailures;
  private final Object refreshLock = new Object();
  private @Nullable ScheduledExecutorService scheduler;

  /**
   * @param infoTimeout the longest an {@code Info} call may take ({@code --endpoint.info-timeout})
   * @param unhealthyTimeout how long an endpoint may fail its checks before it is removed ({@code
   *     --store.unhealthy-timeout})
   */
  public EndpointSet(
      List<EndpointSpec> specs,
      Connector connector,
      EndpointResolver resolver,
      Duration infoTimeout,
      Duration unhealthyTimeout,
      Clock clock,
      PrometheusRegistry registry) {
    this.specs = List.copyOf(specs);
    this.connector = connector;
    this.resolver = resolver;
    this.infoTimeout = infoTimeout;
    this.unhealthyTimeout = unhealthyTimeout;
    this.clock = clock;
    this.healthyGauge =
        Gauge.builder()
            .name("argus_query_endpoint_healthy")
            .help("Whether the last Info check of the endpoint succeeded (1) or not (0).")
            .labelNames("endpoint")
            .register(registry);
    this.infoFailures =
        Counter.builder()
            .name("argus_query_endpoint_info_failures_total")
            .help("Info checks of endpoints that failed or timed out.")
            .register(registry);
  }

  /** The endpoints as of the last refresh, in configuration order. */
  public List<StoreEndpoint> endpoints() {
    synchronized (entries) {
      List<StoreEndpoint> out = new ArrayList<>(entries.size());
      for (Entry e : entries.values()) {
        out.add(e.view());
      }
      return out;
    }
  }

  /** Refreshes now and then every {@link #REFRESH_INTERVAL}, until {@link #close}. */
  public void start() {
    refresh();
    ScheduledExecutorService s =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("endpoint-set").factory());
    scheduler = s;
    long every = REFRESH_INTERVAL.toMillis();
    s.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  private void refreshQuietly() {
    try {
      refresh();
    } catch (RuntimeException e) {
      logger.atWarn().setCause(e).log("refreshing endpoints failed");
    }
  }

  /** One round: resolve, connect, check every endpoint, remove the long-unhealthy. */
  public void refresh() {
    synchronized (refreshLock) {
      Map<String, EndpointSpec> wanted = new LinkedHashMap<>();
      for (EndpointSpec spec : specs) {
        List<String> addresses;
        try {
          addresses = resolver.resolve(spec.address());
          resolved.put(spec.address(), addresses);
        } catch (IOException e) {
          logger
              .atWarn()
              .addKeyValue("address", spec.address())
              .addKeyValue("err", e.getMessage())
              .log("resolving endpoint failed, keeping the previous addresses");
          addresses = resolved.getOrDefault(spec.address(), List.of());
        }
        for (String a : addresses) {
          EndpointSpec prev = wanted.get(a);
          wanted.put(
              a,
              new EndpointSpec(a, spec.kind(), spec.strict() || (prev != null && prev.strict())));
        }
      }
      List<Entry> toCheck = new ArrayList<>();
      List<Entry> gone = new ArrayList<>();
      synchronized (entries) {
        for (var it = entries.entrySet().iterator(); it.hasNext(); ) {
          Entry e = it.next().getValue();
          if (!wanted.containsKey(e.address)) {
            it.remove();
            gone.add(e);
          }
        }
        for (EndpointSpec w : wanted.values()) {
          if (!entries.containsKey(w.address())) {
            Entry e =
                new Entry(
                    w.address(),
                    connector.connect(w.address(), w.kind()),
                    w.strict(),
                    clock.millis());
            entries.put(w.address(), e);
          }
        }
        toCheck.addAll(entries.values());
      }
      check(toCheck);
      synchronized (entries) {
        long now = clock.millis();
        for (var it = entries.entrySet().iterator(); it.hasNext(); ) {
          Entry e = it.next().getValue();
          long since = Math.max(e.added, e.lastHealthy);
          if (!e.strict && !e.healthy && now - since >= unhealthyTimeout.toMillis()) {
            logger
                .atWarn()
                .addKeyValue("address", e.address)
                .addKeyValue("err", e.lastError)
                .log("removing endpoint that has been unhealthy for longer than the timeout");
            it.remove();
            gone.add(e);
          }
        }
      }
      for (Entry e : gone) {
        healthyGauge.remove(e.address);
        if (e.store instanceof AutoCloseable c) {
          try {
            c.close();
          } catch (Exception ex) {
            logger.atDebug().setCause(ex).log("closing a removed endpoint failed");
          }
        }
      }
    }
  }

  private void check(List<Entry> toCheck) {
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<StoreInfo>> futures = new ArrayList<>();
      for (Entry e : toCheck) {
        futures.add(pool.submit(e.store::info));
      }
      for (int i = 0; i < toCheck.size(); i++) {
        Entry e = toCheck.get(i);
        StoreInfo info = null;
        String error = null;
        try {
          info = futures.get(i).get(infoTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException ex) {
          futures.get(i).cancel(true);
          error =
              "info call timed out after "
                  + io.argus.util.GoDuration.format(infoTimeout.toMillis());
        } catch (ExecutionException ex) {
          Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
          error = String.valueOf(cause.getMessage());
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          futures.forEach(f -> f.cancel(true));
          return;
        }
        long now = clock.millis();
        synchronized (entries) {
          boolean first = e.lastCheck == 0;
          e.lastCheck = now;
          if (info != null) {
            if (!e.healthy) {
              logger.atInfo().addKeyValue("address", e.address).log("endpoint is healthy");
            }
            e.info = info;
            e.healthy = true;
            e.lastError = null;
            e.lastHealthy = now;
          } else {
            if (e.healthy || first) {
              logger
                  .atWarn()
                  .addKeyValue("address", e.address)
                  .addKeyValue("err", error)
                  .log("endpoint is unhealthy");
            }
            e.healthy = false;
            e.lastError = error;
            infoFailures.inc();
          }
        }
        healthyGauge.labelValues(e.address).set(info != null ? 1 : 0);
      }
    }
  }

  /** Stops refreshing and closes every store that is closeable. */
  @Override
  public void close() {
    ScheduledExecutorService s = scheduler;
    if (s != null) {
      s.shutdownNow();
    }
    List<Entry> all;
    synchronized (entries) {
      all = new ArrayList<>(entries.values());
      entries.clear();
    }
    for (Entry e : all) {
      if (e.store instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception ex) {
          logger.atDebug().setCause(ex).log("closing an endpoint failed");
        }
      }
    }
  }
}
