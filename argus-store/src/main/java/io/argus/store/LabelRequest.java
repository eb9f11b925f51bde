package io.argus.store;

import io.argus.model.labels.Matcher;
import java.util.List;

/**
 * A StoreAPI {@code LabelNames} or {@code LabelValues} request.
 *
 * @param minTime first timestamp of interest (Unix ms, inclusive)
 * @param maxTime last timestamp of interest (Unix ms, inclusive)
 * @param matchers series selectors; empty for all series
 * @param withoutReplicaLabels labels to leave out of the answer
 * @param partialResponse WARN (true) or ABORT (false), as in {@link SeriesRequest}
 * @param limit maximum number of strings wanted, 0 for no limit
 */
public record LabelRequest(
    long minTime,
    long maxTime,
    List<Matcher> matchers,
    List<String> withoutReplicaLabels,
    boolean partialResponse,
    long limit) {
  public LabelRequest {
    matchers = List.copyOf(matchers);
    withoutReplicaLabels = List.copyOf(withoutReplicaLabels);
  }
}
