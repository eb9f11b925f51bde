package io.argus.store.dedup;

import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;

/**
 * Merges replicas: wraps a series set in which replicas of one series are adjacent (sorted by
 * labels with the replica labels already removed) and returns a set with one series per distinct
 * label set, in the same order. Implementations are thread-safe and stateless; the returned set
 * is single-threaded like its input, reads the input lazily, and carries the input's warnings.
 */
@FunctionalInterface
public interface SeriesDeduplicator {
  /**
   * @param sorted series sorted by labels; series with equal labels are replicas of one another
   * @param hints the selector's PromQL context (function name, step, range), or {@link
   *     SelectHints#NONE}
   */
  SeriesSet deduplicate(SeriesSet sorted, SelectHints hints);

  /**
   * Whether this merge reads the replicas after the first of a series only where the first lacks
   * samples, so that the querier may ask those replicas for {@link
   * io.argus.store.SeriesRequest#sampleBounds() sample bounds} and fetch their chunks on demand.
   */
  default boolean readsLaterReplicasOnDemand() {
    return false;
  }
}
