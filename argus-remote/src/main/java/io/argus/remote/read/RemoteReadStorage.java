package io.argus.remote.read;

import io.argus.model.labels.Labels;
import io.argus.scrape.config.RemoteReadConfig;
import io.argus.storage.Querier;
import io.argus.storage.Queryable;
import io.argus.storage.merge.Queriers;
import io.argus.util.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code remote_read} endpoints of a server and the merge of local and remote data that queries
 * read, as Prometheus' fanout storage with remote read as secondary storage: {@link #querier} opens
 * the local querier first (its samples win on equal timestamps) and then one per endpoint, whose
 * failures become warnings. An endpoint without {@code read_recent} is not asked for what the local
 * storage covers: it is skipped when the query starts after the local start time and asked only up
 * to that time otherwise. {@link #applyConfig} swaps the endpoints on reload, keeping the clients
 * of unchanged entries. Thread-safe.
 */
public final class RemoteReadStorage implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(RemoteReadStorage.class);

  /** The endpoints in configuration order with their clients. */
  private record Endpoints(
      List<RemoteReadConfig> order,
      Map<RemoteReadConfig, RemoteReadClient> clients,
      Labels external) {}

  private final String userAgent;
  private final Clock clock;
  private volatile Endpoints endpoints = new Endpoints(List.of(), Map.of(), Labels.EMPTY);
  private boolean closed;

  public RemoteReadStorage(String userAgent, Clock clock) {
    this.userAgent = userAgent;
    this.clock = clock;
  }

  /**
   * Replaces the endpoints with {@code configs}; clients of entries present before are kept.
   *
   * @throws IllegalArgumentException for two identical entries, as upstream
   */
  public synchronized void applyConfig(List<RemoteReadConfig> configs, Labels externalLabels) {
    if (closed) {
      throw new IllegalStateException("remote read storage is closed");
    }
    Set<RemoteReadConfig> seen = new HashSet<>();
    for (RemoteReadConfig c : configs) {
      if (!seen.add(c)) {
        throw new IllegalArgumentException(
            "duplicate remote read configs are not allowed, found duplicate for URL: " + c.url());
      }
    }
    Map<RemoteReadConfig, RemoteReadClient> old = endpoints.clients();
    Map<RemoteReadConfig, RemoteReadClient> next = new LinkedHashMap<>();
    for (RemoteReadConfig c : configs) {
      RemoteReadClient client = old.get(c);
      next.put(c, client != null ? client : new RemoteReadClient(c, userAgent, clock));
    }
    endpoints = new Endpoints(List.copyOf(configs), Map.copyOf(next), externalLabels);
    for (Map.Entry<RemoteReadConfig, RemoteReadClient> e : old.entrySet()) {
      if (!next.containsKey(e.getKey())) {
        e.getValue().close();
      }
    }
    if (!configs.isEmpty() || !old.isEmpty()) {
      logger.atInfo().addKeyValue("endpoints", configs.size()).log("remote read configured");
    }
  }

  /** The number of configured endpoints. */
  public int endpointCount() {
    return endpoints.clients().size();
  }

  /**
   * Opens a querier over {@code local} and every endpoint for {@code [minTime, maxTime]} (inclusive
   * Unix ms).
   *
   * @param localStartTime the time from which the local storage is deemed complete (Unix ms), asked
   *     only when an endpoint lacks {@code read_recent}
   */
  public Querier querier(Queryable local, LongSupplier localStartTime, long minTime, long maxTime) {
    Endpoints e = endpoints;
    if (e.clients().isEmpty()) {
      return local.querier(minTime, maxTime);
    }
    List<Querier> all = new ArrayList<>(e.clients().size() + 1);
    all.add(local.querier(minTime, maxTime));
    long start = Long.MIN_VALUE;
    boolean startKnown = false;
    for (RemoteReadConfig c : e.order()) {
      RemoteReadClient client = e.clients().get(c);
      if (client == null) {
        continue;
      }
      long max = maxTime;
      if (!c.readRecent()) {
        if (!startKnown) {
          start = localStartTime.getAsLong();
          startKnown = true;
        }
        if (minTime > start) {
          continue;
        }
        max = Math.min(maxTime, start);
      }
      all.add(new RemoteReadQuerier(client, e.external(), minTime, max));
    }
    return Queriers.merge(all);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (RemoteReadClient c : endpoints.clients().values()) {
      c.close();
    }
    endpoints = new Endpoints(List.of(), Map.of(), Labels.EMPTY);
  }
}
