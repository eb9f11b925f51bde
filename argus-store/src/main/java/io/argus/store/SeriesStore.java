package io.argus.store;

import java.util.List;

/**
 * A source of series for the global query layer: the Thanos StoreAPI ({@code Series}, {@code
 * LabelNames}, {@code LabelValues}, {@code Info}) in Java. Implementations are thread-safe; each
 * call is independent. Times are Unix milliseconds, ranges inclusive.
 *
 * <p>Errors: a store that cannot answer throws {@link StoreException} (from the call, or from
 * {@link StoreSeriesSet#next()} when the failure happens mid-stream). Partial trouble that still
 * leaves a usable answer is reported as warnings on the result.
 */
public interface SeriesStore {
  /**
   * A short, stable name for logs and warnings, such as the endpoint address ({@code
   * 127.0.0.1:10901}) or {@code local}.
   */
  String name();

  /**
   * Returns what the store holds: its external label sets, time range and capabilities. May do
   * I/O (an {@code Info} RPC for a remote store).
   *
   * @throws StoreException when the store cannot be reached or answers with an error
   */
  StoreInfo info();

  /**
   * Streams the series matching {@code request}, sorted by their labels as returned (that is,
   * with {@link SeriesRequest#withoutReplicaLabels()} already removed, see {@link
   * StoreInfo#supportsWithoutReplicaLabels()}), each series complete before the next starts.
   * Series whose labels are equal once the replica labels are stripped may follow one another as
   * separate entries (replicas for dedup to merge). The caller must close the set, also when it
   * stops early.
   */
  StoreSeriesSet series(SeriesRequest request);

  /**
   * Returns the sorted, distinct label names of series matching {@code request} (all series when
   * it has no matchers), external labels included.
   */
  LabelResult labelNames(LabelRequest request);

  /**
   * Returns the sorted, distinct values of label {@code name} over series matching {@code
   * request}, external labels included.
   */
  LabelResult labelValues(String name, LabelRequest request);

  /** Sorted strings with the warnings gathered while producing them. */
  record LabelResult(List<String> values, List<String> warnings) {
    public LabelResult {
      values = List.copyOf(values);
      warnings = List.copyOf(warnings);
    }
  }
}
