package io.argus.store.tsdb;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.model.labels.Utf8Order;
import io.argus.storage.ChunkQuerier;
import io.argus.storage.ChunkQueryable;
import io.argus.storage.ChunkSeriesSet;
import io.argus.storage.SelectHints;
import io.argus.storage.Storage;
import io.argus.store.LabelRequest;
import io.argus.store.SeriesRequest;
import io.argus.store.SeriesStore;
import io.argus.store.StoreException;
import io.argus.store.StoreInfo;
import io.argus.store.StoreSeriesSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The StoreAPI over a local TSDB, as Thanos' sidecar and TSDB store serve a Prometheus: every
 * series gets the store's external labels, which replace a series label of the same name.
 *
 * <ul>
 *   <li>Matchers on an external label are decided against its value: one that does not match gives
 *       an empty answer without reading the TSDB; one that matches is dropped before the TSDB is
 *       asked. A request left without matchers selects every series (Thanos rejects it instead).
 *   <li>{@link SeriesRequest#withoutReplicaLabels()} are removed from series and external labels
 *       and the answer is sorted as if they had never been there. The TSDB's order is kept where
 *       the rewrite cannot change it; series are only buffered where it can: a series together with
 *       the series its labels are a prefix of (the usual case when external labels are added), or
 *       the whole answer when stored series carry a replica label or an external label's name.
 *       Series whose labels become equal stay separate and adjacent (replicas for dedup).
 *   <li>{@code skipChunks} answers labels only and does not read chunks; {@code limit} caps the
 *       series (or strings) returned; chunks may reach outside {@code [minTime, maxTime]}.
 *   <li>{@link SeriesRequest#sampleBounds()} (without {@code skipChunks}) answers each series as a
 *       {@link io.argus.store.SampleBoundsSeries}: the same series, labels and order as the chunk
 *       answer, less those without a sample in {@code [minTime, maxTime]}, with the times of the
 *       first and last sample there. Chunks are read but only decoded at the range's two ends (see
 *       {@link SampleBounds}). {@code limit} counts the series returned.
 * </ul>
 *
 * <p>The external labels are read from the supplier once per call, so a configuration reload takes
 * effect with the next call. Thread-safe.
 */
public final class TsdbStore implements SeriesStore {
  /** The component type advertised by {@link #info()}: a Prometheus with its StoreAPI. */
  public static final String COMPONENT_TYPE = "sidecar";

  /** Selects every series: a regex matching any value, including an absent label. */
  private static final Matcher ALL_SERIES = Matcher.regex("__name__", ".*");

  private final String name;
  private final ChunkQueryable db;
  private final Supplier<Labels> externalLabels;
  private final LongSupplier minTime;
  private final LongSupplier maxTime;

  /**
   * @param name the store's name in errors and logs, e.g. {@code local}
   * @param db the TSDB to read
   * @param externalLabels the external labels in force (called once per request)
   * @param minTime the oldest timestamp the TSDB holds (Unix ms), {@link Long#MAX_VALUE} when empty
   * @param maxTime the newest timestamp it may hold (Unix ms); {@link Long#MAX_VALUE} for a live
   *     TSDB that keeps ingesting, as Thanos advertises
   */
  public TsdbStore(
      String name,
      ChunkQueryable db,
      Supplier<Labels> externalLabels,
      LongSupplier minTime,
      LongSupplier maxTime) {
    this.name = name;
    this.db = db;
    this.externalLabels = externalLabels;
    this.minTime = minTime;
    this.maxTime = maxTime;
  }

  /**
   * A store named {@code local} over a live {@link Storage}: from its start time to {@link
   * Long#MAX_VALUE}.
   */
  public static TsdbStore over(Storage storage, Supplier<Labels> externalLabels) {
    return new TsdbStore(
        "local", storage, externalLabels, storage::startTime, () -> Long.MAX_VALUE);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public StoreInfo info() {
    Labels ext = externalLabels.get();
    List<Labels> sets = ext.isEmpty() ? List.of() : List.of(ext);
    long mint = minTime.getAsLong();
    long maxt = maxTime.getAsLong();
    if (mint == Long.MAX_VALUE) {
      return new StoreInfo(sets, Long.MAX_VALUE, Long.MIN_VALUE, COMPONENT_TYPE, true);
    }
    return new StoreInfo(sets, mint, maxt, COMPONENT_TYPE, true);
  }

  @Override
  public StoreSeriesSet series(SeriesRequest request) {
    Labels ext = externalLabels.get();
    Matcher[] matchers = tsdbMatchers(request.matchers(), ext);
    if (matchers == null || request.minTime() > request.maxTime()) {
      return TsdbSeriesSet.EMPTY;
    }
    if (matchers.length == 0) {
      matchers = new Matcher[] {ALL_SERIES};
    }
    LabelRewrite rewrite = new LabelRewrite(ext, request.withoutReplicaLabels());
    ChunkQuerier querier = open(request.minTime(), request.maxTime());
    try {
      SelectHints probe = SelectHints.range(request.minTime(), request.maxTime());
      TsdbSeriesSet.Order order;
      if (rewrite.identity()) {
        order = TsdbSeriesSet.Order.KEPT;
      } else if (anyCarries(querier, probe, matchers, rewrite.reorderingNames())) {
        order = TsdbSeriesSet.Order.FULL;
      } else {
        order = TsdbSeriesSet.Order.PREFIX_GROUPS;
      }
      SelectHints h = request.hints();
      long limit = request.limit();
      // A bounds answer leaves series out after the TSDB found them: it cannot limit them.
      int limitHint =
          order == TsdbSeriesSet.Order.KEPT
                  && !request.sampleBounds()
                  && limit > 0
                  && limit <= Integer.MAX_VALUE
              ? (int) limit
              : 0;
      SelectHints hints =
          new SelectHints(
              request.minTime(),
              request.maxTime(),
              h.step(),
              h.range(),
              request.skipChunks() ? "series" : h.func(),
              h.grouping(),
              h.by(),
              limitHint);
      ChunkSeriesSet set = querier.select(true, hints, matchers);
      return new TsdbSeriesSet(name, querier, set, rewrite, order, request);
    } catch (RuntimeException e) {
      querier.close();
      throw failure(e);
    }
  }

  @Override
  public LabelResult labelNames(LabelRequest request) {
    Labels ext = externalLabels.get();
    Matcher[] matchers = tsdbMatchers(request.matchers(), ext);
    if (matchers == null || request.minTime() > request.maxTime()) {
      return new LabelResult(List.of(), List.of());
    }
    List<String> stored;
    try (ChunkQuerier querier = open(request.minTime(), request.maxTime())) {
      stored = querier.labelNames(matchers);
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw failure(e);
    }
    if (stored.isEmpty()) {
      return new LabelResult(List.of(), List.of());
    }
    TreeSet<String> names = new TreeSet<>(Utf8Order.COMPARATOR);
    names.addAll(stored);
    for (int i = 0; i < ext.size(); i++) {
      names.add(ext.name(i));
    }
    request.withoutReplicaLabels().forEach(names::remove);
    return new LabelResult(limited(names, request.limit()), List.of());
  }

  @Override
  public LabelResult labelValues(String labelName, LabelRequest request) {
    if (labelName.isEmpty() || request.withoutReplicaLabels().contains(labelName)) {
      return new LabelResult(List.of(), List.of());
    }
    Labels ext = externalLabels.get();
    Matcher[] matchers = tsdbMatchers(request.matchers(), ext);
    if (matchers == null || request.minTime() > request.maxTime()) {
      return new LabelResult(List.of(), List.of());
    }
    String externalValue = ext.get(labelName);
    try (ChunkQuerier querier = open(request.minTime(), request.maxTime())) {
      if (externalValue == null) {
        List<String> values = querier.labelValues(labelName, matchers);
        return new LabelResult(limited(values, request.limit()), List.of());
      }
      boolean any;
      if (matchers.length == 0) {
        any = !querier.labelNames().isEmpty();
      } else {
        SelectHints hints =
            new SelectHints(
                request.minTime(), request.maxTime(), 0, 0, "series", List.of(), false, 1);
        any = querier.select(false, hints, matchers).next();
      }
      return new LabelResult(any ? List.of(externalValue) : List.of(), List.of());
    } catch (StoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw failure(e);
    }
  }

  @Override
  public String toString() {
    return "TsdbStore[" + name + "]";
  }

  private ChunkQuerier open(long mint, long maxt) {
    try {
      return db.chunkQuerier(mint, maxt);
    } catch (RuntimeException e) {
      throw failure(e);
    }
  }

  private StoreException failure(RuntimeException e) {
    if (e instanceof StoreException se) {
      return se;
    }
    return new StoreException("store " + name + ": " + e.getMessage(), e);
  }

  /**
   * The matchers to ask the TSDB: those on labels that are not external. Returns null when a
   * matcher on an external label rejects its value, so nothing can match.
   */
  static Matcher @Nullable [] tsdbMatchers(List<Matcher> matchers, Labels external) {
    List<Matcher> out = new ArrayList<>(matchers.size());
    for (Matcher m : matchers) {
      String value = external.get(m.name());
      if (value == null) {
        out.add(m);
      } else if (!m.matches(value)) {
        return null;
      }
    }
    return out.toArray(Matcher[]::new);
  }

  /** Whether any selected series carries one of {@code names}. */
  private static boolean anyCarries(
      ChunkQuerier querier, SelectHints hints, Matcher[] matchers, Collection<String> names) {
    for (String n : names) {
      Matcher[] probe = new Matcher[matchers.length + 1];
      System.arraycopy(matchers, 0, probe, 0, matchers.length);
      probe[matchers.length] = Matcher.regex(n, ".+");
      if (querier.select(false, hints, probe).next()) {
        return true;
      }
    }
    return false;
  }

  private static List<String> limited(Collection<String> values, long limit) {
    List<String> all = List.copyOf(values);
    if (limit > 0 && all.size() > limit) {
      return all.subList(0, (int) limit);
    }
    return all;
  }
}
