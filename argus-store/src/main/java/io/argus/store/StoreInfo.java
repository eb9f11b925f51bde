package io.argus.store;

import io.argus.model.labels.Labels;
import java.util.List;

/**
 * What a store advertises through the {@code Info} call.
 *
 * @param labelSets the external label sets of the data it holds (one for a server, several for a
 *     store gateway over many sources); empty when it has none
 * @param minTime first timestamp it may hold data for (Unix ms, inclusive); {@link Long#MAX_VALUE}
 *     with {@code maxTime == Long.MIN_VALUE} when it holds nothing yet
 * @param maxTime last timestamp it may hold data for (Unix ms, inclusive)
 * @param componentType Thanos' component type string: {@code sidecar}, {@code store}, {@code
 *     query}, {@code rule}, {@code receive}, …
 * @param supportsWithoutReplicaLabels whether the store strips {@link
 *     SeriesRequest#withoutReplicaLabels()} itself and sorts as if they were absent
 */
public record StoreInfo(
    List<Labels> labelSets,
    long minTime,
    long maxTime,
    String componentType,
    boolean supportsWithoutReplicaLabels) {
  public StoreInfo {
    labelSets = List.copyOf(labelSets);
  }

  /** Whether the store may hold samples in {@code [mint, maxt]} (both inclusive). */
  public boolean overlaps(long mint, long maxt) {
    return minTime <= maxt && mint <= maxTime;
  }
}
