package io.argus.store;

import io.argus.model.labels.Matcher;
import io.argus.storage.SelectHints;
import java.util.List;

/**
 * One StoreAPI {@code Series} request.
 *
 * @param minTime first timestamp wanted (Unix ms, inclusive)
 * @param maxTime last timestamp wanted (Unix ms, inclusive)
 * @param matchers label matchers, all of which must hold (external labels included)
 * @param withoutReplicaLabels labels to strip from every returned series, sorting as if they were
 *     absent; empty when deduplication is off
 * @param skipChunks when true only labels are wanted (series and label endpoints)
 * @param partialResponse true for Thanos' WARN strategy (a failing part becomes a warning), false
 *     for ABORT (it fails the call)
 * @param hints the PromQL context of the selector (function, step, range); may be {@link
 *     SelectHints#NONE}
 * @param limit maximum number of series wanted, 0 for no limit
 */
public record SeriesRequest(
    long minTime,
    long maxTime,
    List<Matcher> matchers,
    List<String> withoutReplicaLabels,
    boolean skipChunks,
    boolean partialResponse,
    SelectHints hints,
    long limit) {
  public SeriesRequest {
    matchers = List.copyOf(matchers);
    withoutReplicaLabels = List.copyOf(withoutReplicaLabels);
  }

  /** A plain request for chunks in {@code [minTime, maxTime]}, partial response allowed. */
  public static SeriesRequest of(long minTime, long maxTime, List<Matcher> matchers) {
    return new SeriesRequest(
        minTime, maxTime, matchers, List.of(), false, true, SelectHints.range(minTime, maxTime), 0);
  }
}
