package io.argus.store.metadata;

import io.argus.store.StoreException;
import io.argus.store.proxy.ProxyStore;
import io.argus.store.proxy.StoreEndpoint;
import io.argus.util.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Metric metadata over every endpoint of the query layer (Thanos' metadata proxy): each queryable
 * endpoint whose store is a {@link MetricMetadataSource} is asked in parallel, and the answers are
 * merged family by family, keeping each distinct triple once (in endpoint order). The limit is
 * passed on and applied again to the merged families, in name order.
 *
 * <p>Partial response as for series: an endpoint that is unhealthy (and not strict), fails or does
 * not answer within {@code responseTimeout} becomes a warning naming it under WARN, and fails the
 * call with a {@link StoreException} naming it under ABORT. Without any endpoint, ABORT fails with
 * {@value ProxyStore#NO_STORES}. Thread-safe.
 */
public final class MetadataProxy implements MetricMetadataSource {
  private final Supplier<List<StoreEndpoint>> endpoints;
  private final Duration responseTimeout;

  /**
   * @param endpoints the endpoints as of now (called once per request)
   * @param responseTimeout the longest wait for one endpoint's answer; zero waits forever
   */
  public MetadataProxy(Supplier<List<StoreEndpoint>> endpoints, Duration responseTimeout) {
    this.endpoints = endpoints;
    this.responseTimeout = responseTimeout;
  }

  @Override
  public MetadataResult metricMetadata(String metric, int limit, boolean partialResponse) {
    List<StoreEndpoint> all = endpoints.get();
    if (all.isEmpty() && !partialResponse) {
      throw new StoreException(ProxyStore.NO_STORES);
    }
    List<String> warnings = new ArrayList<>();
    List<StoreEndpoint> targets = new ArrayList<>();
    for (StoreEndpoint e : all) {
      if (!(e.store() instanceof MetricMetadataSource)) {
        continue;
      }
      if (e.queryable()) {
        targets.add(e);
        continue;
      }
      String warning =
          "endpoint "
              + e.address()
              + " is unhealthy"
              + (e.lastError() != null ? ": " + e.lastError() : "");
      if (!partialResponse) {
        throw new StoreException(warning);
      }
      warnings.add(warning);
    }
    Map<String, Set<MetricMeta>> merged = new TreeMap<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<MetadataResult>> futures = new ArrayList<>();
      for (StoreEndpoint e : targets) {
        MetricMetadataSource source = (MetricMetadataSource) e.store();
        futures.add(pool.submit(() -> source.metricMetadata(metric, limit, partialResponse)));
      }
      for (int i = 0; i < futures.size(); i++) {
        String address = targets.get(i).address();
        String failure;
        try {
          MetadataResult r =
              responseTimeout.isZero()
                  ? futures.get(i).get()
                  : futures.get(i).get(responseTimeout.toMillis(), TimeUnit.MILLISECONDS);
          r.metadata()
              .forEach((k, v) -> merged.computeIfAbsent(k, x -> new LinkedHashSet<>()).addAll(v));
          warnings.addAll(r.warnings());
          continue;
        } catch (TimeoutException ex) {
          futures.get(i).cancel(true);
          failure =
              "failed to receive any metadata in "
                  + GoDuration.format(responseTimeout.toMillis())
                  + " from "
                  + address;
        } catch (ExecutionException ex) {
          Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
          failure = "fetch metric metadata from " + address + ": " + cause.getMessage();
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          futures.forEach(f -> f.cancel(true));
          throw new StoreException("interrupted while waiting for " + address, ex);
        }
        if (!partialResponse) {
          futures.forEach(f -> f.cancel(true));
          throw new StoreException(failure);
        }
        warnings.add(failure);
      }
    }
    Map<String, List<MetricMeta>> out = new LinkedHashMap<>();
    for (Map.Entry<String, Set<MetricMeta>> e : merged.entrySet()) {
      if (limit >= 0 && out.size() >= limit) {
        break;
      }
      out.put(e.getKey(), List.copyOf(e.getValue()));
    }
    return new MetadataResult(out, warnings);
  }
}
