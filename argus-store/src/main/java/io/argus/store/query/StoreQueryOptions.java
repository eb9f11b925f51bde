package io.argus.store.query;

import java.util.List;

/**
 * How one query reads a store: Thanos' {@code dedup}, {@code replicaLabels[]} and {@code
 * partial_response}.
 *
 * @param dedup whether replicas are merged; it takes effect only with replica labels
 * @param replicaLabels the labels that tell replicas apart ({@code --query.replica-label})
 * @param partialResponse WARN (true: a failing store becomes a warning) or ABORT (false)
 */
public record StoreQueryOptions(
    boolean dedup, List<String> replicaLabels, boolean partialResponse) {
  public StoreQueryOptions {
    replicaLabels = List.copyOf(replicaLabels);
  }

  /** Whether replicas are merged: dedup on and at least one replica label. */
  public boolean deduplicating() {
    return dedup && !replicaLabels.isEmpty();
  }

  /** The labels stores strip from what they return: the replica labels when deduplicating. */
  public List<String> strippedLabels() {
    return deduplicating() ? replicaLabels : List.of();
  }
}
