package io.argus.store;

import io.argus.model.labels.Labels;
import io.argus.storage.ChunkMeta;
import java.util.List;

/**
 * Fetches, when asked, the chunks of one replica's series that were first answered only by their
 * sample bounds ({@link DeferredChunkSeries}). Implementations are thread-safe; a call may block on
 * I/O. Lives as long as the select that produced it; closing that select's series set ends it.
 */
@FunctionalInterface
public interface ChunkSource {
  /**
   * The chunks of the series with {@code labels} in the range of the original request, sorted by
   * min time; empty when the replica no longer holds the series.
   *
   * @throws StoreException when the fetch fails and the request did not allow a partial response
   *     (with a partial response the failure becomes a warning and the result is empty)
   */
  List<ChunkMeta> chunks(Labels labels);
}
