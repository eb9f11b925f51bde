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
 * @param sampleBounds when true, a store that supports it answers each series with only the times
 *     of its first and last sample in {@code [minTime, maxTime]} (a {@link SampleBoundsSeries}) and
 *     leaves out series without a sample there; a store that does not support it answers with
 *     chunks as usual. The querier asks this of the replicas it reads only where the first replica
 *     lacks samples.
 */
public record SeriesRequest(
    long minTime,
    long maxTime,
    List<Matcher> matchers,
    List<String> withoutReplicaLabels,
    boolean skipChunks,
    boolean partialResponse,
    SelectHints hints,
    long limit,
    boolean sampleBounds) {
  public SeriesRequest {
    matchers = List.copyOf(matchers);
    withoutReplicaLabels = List.copyOf(withoutReplicaLabels);
  }

  /** A request for chunks (not sample bounds). */
  public SeriesRequest(
      long minTime,
      long maxTime,
      List<Matcher> matchers,
      List<String> withoutReplicaLabels,
      boolean skipChunks,
      boolean partialResponse,
      SelectHints hints,
      long limit) {
    this(
        minTime,
        maxTime,
        matchers,
        withoutReplicaLabels,
        skipChunks,
        partialResponse,
        hints,
        limit,
        false);
  }

  /** This request asking for sample bounds instead of chunks, or not. */
  public SeriesRequest withSampleBounds(boolean bounds) {
    return new SeriesRequest(
        minTime,
        maxTime,
        matchers,
        withoutReplicaLabels,
        skipChunks,
        partialResponse,
        hints,
        limit,
        bounds);
  }

  /** A plain request for chunks in {@code [minTime, maxTime]}, partial response allowed. */
  public static SeriesRequest of(long minTime, long maxTime, List<Matcher> matchers) {
    return new SeriesRequest(
        minTime, maxTime, matchers, List.of(), false, true, SelectHints.range(minTime, maxTime), 0);
  }
}
