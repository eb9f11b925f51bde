package io.argus.app.query;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.labels.Matcher;
import io.argus.storage.ChunkSeries;
import io.argus.storage.Querier;
import io.argus.storage.Queryable;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import io.argus.storage.merge.ChunkQueriers;
import io.argus.storage.merge.SeriesSets;
import io.argus.store.LabelRequest;
import io.argus.store.SeriesRequest;
import io.argus.store.SeriesStore;
import io.argus.store.StoreInfo;
import io.argus.store.StoreSeriesSet;
import io.argus.store.proxy.ReplicaLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A store over a {@link Queryable} with external labels, as a sidecar over a Prometheus: the
 * series' samples re-encoded as XOR chunks, the external labels added (an equality matcher on one
 * is answered by the store, as Prometheus' read handler does), replica labels stripped on request.
 * For feeding the same test data to a querier as two replicas.
 */
final class QueryableStore implements SeriesStore {
  private final String name;
  private final Queryable data;
  private final Labels external;

  QueryableStore(String name, Queryable data, Labels external) {
    this.name = name;
    this.data = data;
    this.external = external;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public StoreInfo info() {
    return new StoreInfo(List.of(external), Long.MIN_VALUE, Long.MAX_VALUE, "sidecar", true);
  }

  /** The matchers left for the data once external labels are answered; null when none match. */
  private Matcher[] dataMatchers(List<Matcher> matchers) {
    List<Matcher> out = new ArrayList<>();
    for (Matcher m : matchers) {
      String v = external.get(m.name());
      if (v == null) {
        out.add(m);
      } else if (!m.matches(v)) {
        return null;
      }
    }
    return out.toArray(Matcher[]::new);
  }

  private Labels withExternal(Labels l) {
    LabelsBuilder b = l.toBuilder();
    external.forEach(b::set);
    return b.build();
  }

  record Encoded(Labels labels, List<io.argus.storage.ChunkMeta> chunks) implements ChunkSeries {}

  @Override
  public StoreSeriesSet series(SeriesRequest request) {
    List<ChunkSeries> out = new ArrayList<>();
    Matcher[] matchers = dataMatchers(request.matchers());
    if (matchers != null) {
      try (Querier q = data.querier(request.minTime(), request.maxTime())) {
        SeriesSet set = q.select(true, SelectHints.NONE, matchers);
        while (set.next()) {
          var s = set.at();
          out.add(
              new Encoded(
                  withExternal(s.labels()),
                  request.skipChunks()
                      ? List.of()
                      : ChunkQueriers.encode(
                          s.iterator(null), ChunkQueriers.MAX_SAMPLES_PER_CHUNK)));
        }
      }
    }
    var set =
        SeriesSets.fromChunkSeries(ReplicaLabels.stripAndSort(out, request.withoutReplicaLabels()));
    return new StoreSeriesSet() {
      @Override
      public boolean next() {
        return set.next();
      }

      @Override
      public ChunkSeries at() {
        return set.at();
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public LabelResult labelNames(LabelRequest request) {
    TreeSet<String> names = new TreeSet<>();
    Matcher[] matchers = dataMatchers(request.matchers());
    if (matchers != null) {
      try (Querier q = data.querier(request.minTime(), request.maxTime())) {
        names.addAll(q.labelNames(matchers));
      }
      if (!names.isEmpty()) {
        external.forEach((n, v) -> names.add(n));
      }
    }
    names.removeAll(request.withoutReplicaLabels());
    return new LabelResult(List.copyOf(names), List.of());
  }

  @Override
  public LabelResult labelValues(String label, LabelRequest request) {
    Matcher[] matchers = dataMatchers(request.matchers());
    if (matchers == null || request.withoutReplicaLabels().contains(label)) {
      return new LabelResult(List.of(), List.of());
    }
    if (external.get(label) != null) {
      return new LabelResult(List.of(external.get(label)), List.of());
    }
    try (Querier q = data.querier(request.minTime(), request.maxTime())) {
      return new LabelResult(q.labelValues(label, matchers), List.of());
    }
  }
}
