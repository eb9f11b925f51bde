package io.argus.store.metadata;

/**
 * A source of metric metadata: Thanos' {@code Metadata} API ({@code MetricMetadata}) in Java.
 * Implementations are thread-safe; each call is independent and may do I/O.
 *
 * <p>A store that also serves metadata implements this next to {@link io.argus.store.SeriesStore}.
 * A remote endpoint that does not serve metadata at all answers {@link MetadataResult#EMPTY}, which
 * is not an error.
 */
public interface MetricMetadataSource {
  /**
   * Returns the metadata of metric family {@code metric} (every family when empty).
   *
   * @param limit the most families wanted, taken in name order; negative for no limit
   * @param partialResponse WARN (true): a failure becomes a warning naming the source, and the
   *     answer holds what could be read; ABORT (false): a failure throws
   * @throws io.argus.store.StoreException under ABORT when the source cannot answer (the message
   *     names it)
   */
  MetadataResult metricMetadata(String metric, int limit, boolean partialResponse);
}
