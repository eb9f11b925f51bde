package io.argus.store.proxy;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.store.LabelRequest;
import io.argus.store.SeriesRequest;
import io.argus.store.SeriesStore;
import io.argus.store.StoreException;
import io.argus.store.StoreInfo;
import io.argus.store.StoreSeriesSet;
import io.argus.util.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A store over the endpoints of the query layer (Thanos' proxy). A request goes to every endpoint
 * that is queryable (healthy, or strict) and whose advertised time range overlaps the request and
 * whose external label sets do not contradict its matchers; the per-endpoint streams, each sorted
 * by labels, are merged into one sorted stream. Series with equal labels from different endpoints
 * stay separate, adjacent series (a deduplicator or a merge groups them). Endpoints that do not
 * strip {@link SeriesRequest#withoutReplicaLabels()} themselves have their series stripped and
 * re-sorted here.
 *
 * <p>Partial response: under WARN an endpoint that fails, times out ({@code responseTimeout} per
 * series frame) or is unhealthy becomes a warning naming it and the answer holds what the others
 * returned; under ABORT the same condition fails the call with a {@link StoreException} naming it.
 * Without any endpoint at all, ABORT fails with "No StoreAPIs available" and WARN answers nothing.
 *
 * <p>A request asking for {@link SeriesRequest#sampleBounds() sample bounds} (the querier's, with
 * gap-fill dedup) reads one endpoint of each replica set in full and asks the others for sample
 * bounds: their series come as {@link io.argus.store.DeferredChunkSeries}, whose chunks one more
 * chunk request per endpoint fetches when first needed. Such an answer is for a querier that
 * decodes series itself, not for passing on to another StoreAPI client.
 *
 * <p>Every {@code Series} stream runs on its own virtual thread, buffering at most {@code
 * bufferedSeries} series ahead of the merge. Thread-safe.
 */
public final class ProxyStore implements SeriesStore {
  private static final Logger logger = LoggerFactory.getLogger(ProxyStore.class);

  /** The message of a call without any endpoint under ABORT, as Thanos words it. */
  public static final String NO_STORES = "No StoreAPIs available";

  private final Supplier<List<StoreEndpoint>> endpoints;
  private final Duration responseTimeout;
  private final int bufferedSeries;

  /**
   * @param endpoints the endpoints as of now (called once per request)
   * @param responseTimeout the longest wait for the next series of one endpoint ({@code
   *     --store.response-timeout}); zero waits forever
   * @param bufferedSeries how many series each stream may read ahead of the merge (at least 1)
   */
  public ProxyStore(
      Supplier<List<StoreEndpoint>> endpoints, Duration responseTimeout, int bufferedSeries) {
    if (bufferedSeries < 1) {
      throw new IllegalArgumentException("bufferedSeries must be positive");
    }
    this.endpoints = endpoints;
    this.responseTimeout = responseTimeout;
    this.bufferedSeries = bufferedSeries;
  }

  @Override
  public String name() {
    return "proxy";
  }

  /**
   * The union of the queryable endpoints' label sets and the hull of their time ranges; component
   * type {@code query}. Does no I/O: it reports what the endpoint checks found.
   */
  @Override
  public StoreInfo info() {
    List<Labels> labelSets = new ArrayList<>();
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (StoreEndpoint e : endpoints.get()) {
      StoreInfo i = e.info();
      if (!e.queryable() || i == null) {
        continue;
      }
      for (Labels l : i.labelSets()) {
        if (!labelSets.contains(l)) {
          labelSets.add(l);
        }
      }
      min = Math.min(min, i.minTime());
      max = Math.max(max, i.maxTime());
    }
    labelSets.sort(null);
    return new StoreInfo(labelSets, min, max, "query", true);
  }

  /** The endpoints a request goes to, and the warnings about those it cannot go to. */
  private record Selection(List<StoreEndpoint> targets, List<String> warnings) {}

  private Selection select(long mint, long maxt, List<Matcher> matchers, boolean partialResponse) {
    List<StoreEndpoint> all = endpoints.get();
    if (all.isEmpty()) {
      if (!partialResponse) {
        throw new StoreException(NO_STORES);
      }
      return new Selection(List.of(), List.of());
    }
    List<StoreEndpoint> targets = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (StoreEndpoint e : all) {
      StoreInfo info = e.info();
      if (info != null && !mayHold(info, mint, maxt, matchers)) {
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
    return new Selection(targets, warnings);
  }

  /**
   * Whether a store advertising {@code info} may hold series in {@code [mint, maxt]} matching
   * {@code matchers}: its time range overlaps and one of its external label sets (if it has any)
   * has no label that a matcher on the same name rejects.
   */
  public static boolean mayHold(StoreInfo info, long mint, long maxt, List<Matcher> matchers) {
    if (!info.overlaps(mint, maxt)) {
      return false;
    }
    if (info.labelSets().isEmpty()) {
      return true;
    }
    for (Labels set : info.labelSets()) {
      if (labelSetMatches(set, matchers)) {
        return true;
      }
    }
    return false;
  }

  private static boolean labelSetMatches(Labels set, List<Matcher> matchers) {
    for (Matcher m : matchers) {
      String v = set.get(m.name());
      if (v != null && !m.matches(v)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public StoreSeriesSet series(SeriesRequest request) {
    Selection sel =
        select(request.minTime(), request.maxTime(), request.matchers(), request.partialResponse());
    List<StoreEndpoint> targets = sel.targets();
    Set<StoreEndpoint> later = request.sampleBounds() ? laterReplicas(targets, request) : Set.of();
    SeriesRequest chunkRequest = request.withSampleBounds(false);
    List<FanOutSeriesSet.Stream> first = new ArrayList<>(targets.size());
    List<FanOutSeriesSet.Stream> rest = new ArrayList<>(later.size());
    for (StoreEndpoint e : targets) {
      boolean strip = !request.withoutReplicaLabels().isEmpty() && !strips(e);
      if (strip) {
        logger
            .atDebug()
            .addKeyValue("endpoint", e.address())
            .log(
                "endpoint does not strip replica labels, the proxy strips and re-sorts its series");
      }
      if (later.contains(e)) {
        rest.add(
            new FanOutSeriesSet.Stream(
                e.address(),
                e.store(),
                false,
                bufferedSeries,
                request,
                new ReplicaChunkFetcher(e.address(), e.store(), chunkRequest)));
      } else {
        first.add(
            new FanOutSeriesSet.Stream(
                e.address(), e.store(), strip, bufferedSeries, chunkRequest, null));
      }
    }
    // The replicas read in full come first, so a replica set's first replica is its series' R0.
    first.addAll(rest);
    return FanOutSeriesSet.start(chunkRequest, first, sel.warnings(), responseTimeout);
  }

  private static boolean strips(StoreEndpoint e) {
    StoreInfo info = e.info();
    return info != null && info.supportsWithoutReplicaLabels();
  }

  /**
   * The endpoints to ask for sample bounds: in each replica set (endpoints that strip the replica
   * labels themselves and whose label sets are equal once those labels are removed) all but the
   * one read in full, which is the one advertising the earliest min time (the longest history;
   * the earlier one in endpoint order on ties).
   */
  private static Set<StoreEndpoint> laterReplicas(
      List<StoreEndpoint> targets, SeriesRequest request) {
    if (request.skipChunks() || request.withoutReplicaLabels().isEmpty()) {
      return Set.of();
    }
    String[] replicaLabels = request.withoutReplicaLabels().toArray(String[]::new);
    Map<List<Labels>, List<StoreEndpoint>> sets = new LinkedHashMap<>();
    for (StoreEndpoint e : targets) {
      StoreInfo info = e.info();
      if (info == null || info.labelSets().isEmpty() || !strips(e)) {
        continue;
      }
      List<Labels> key = new ArrayList<>();
      for (Labels l : info.labelSets()) {
        key.add(l.toBuilder().delete(replicaLabels).build());
      }
      key.sort(null);
      sets.computeIfAbsent(key, k -> new ArrayList<>()).add(e);
    }
    Set<StoreEndpoint> later = new HashSet<>();
    for (List<StoreEndpoint> set : sets.values()) {
      if (set.size() < 2) {
        continue;
      }
      StoreEndpoint full = set.getFirst();
      for (StoreEndpoint e : set) {
        if (e.info().minTime() < full.info().minTime()) {
          full = e;
        }
      }
      for (StoreEndpoint e : set) {
        if (e != full) {
          later.add(e);
        }
      }
    }
    return later;
  }

  @Override
  public LabelResult labelNames(LabelRequest request) {
    return labels(request, null);
  }

  @Override
  public LabelResult labelValues(String name, LabelRequest request) {
    return labels(request, name);
  }

  /** Label names ({@code name == null}) or values of {@code name}, unioned over the endpoints. */
  private LabelResult labels(LabelRequest request, @org.jspecify.annotations.Nullable String name) {
    Selection sel =
        select(request.minTime(), request.maxTime(), request.matchers(), request.partialResponse());
    List<String> warnings = new ArrayList<>(sel.warnings());
    TreeSet<String> values = new TreeSet<>(io.argus.model.labels.Utf8Order.COMPARATOR);
    if (name != null && request.withoutReplicaLabels().contains(name)) {
      return new LabelResult(List.of(), warnings);
    }
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<LabelResult>> futures = new ArrayList<>();
      for (StoreEndpoint e : sel.targets()) {
        futures.add(
            pool.submit(
                () ->
                    name == null
                        ? e.store().labelNames(request)
                        : e.store().labelValues(name, request)));
      }
      for (int i = 0; i < futures.size(); i++) {
        String address = sel.targets().get(i).address();
        String failure;
        try {
          LabelResult r =
              responseTimeout.isZero()
                  ? futures.get(i).get()
                  : futures.get(i).get(responseTimeout.toMillis(), TimeUnit.MILLISECONDS);
          values.addAll(r.values());
          warnings.addAll(r.warnings());
          continue;
        } catch (TimeoutException ex) {
          futures.get(i).cancel(true);
          failure =
              "failed to receive any data in "
                  + GoDuration.format(responseTimeout.toMillis())
                  + " from "
                  + address;
        } catch (ExecutionException ex) {
          Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
          failure =
              (name == null ? "fetch label names from " : "fetch label values from ")
                  + address
                  + ": "
                  + cause.getMessage();
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          futures.forEach(f -> f.cancel(true));
          throw new StoreException("interrupted while waiting for " + address, ex);
        }
        if (!request.partialResponse()) {
          futures.forEach(f -> f.cancel(true));
          throw new StoreException(failure);
        }
        warnings.add(failure);
      }
      if (name == null) {
        request.withoutReplicaLabels().forEach(values::remove);
      }
    }
    List<String> out = new ArrayList<>(values);
    if (request.limit() > 0 && out.size() > request.limit()) {
      out = out.subList(0, (int) request.limit());
    }
    return new LabelResult(out, warnings);
  }
}
