package io.argus.store;

import io.argus.model.labels.Labels;
import io.argus.storage.ChunkMeta;
import io.argus.storage.ChunkSeries;
import java.util.List;

/**
 * A replica's series known so far only by the times of its first and last sample in the request's
 * range (inclusive Unix ms); its chunks come from {@code source} if a reader needs them. The proxy
 * answers the replicas after the first of a replica set this way when the request asks for {@link
 * SeriesRequest#sampleBounds() sample bounds}.
 */
public record DeferredChunkSeries(Labels labels, long firstTime, long lastTime, ChunkSource source)
    implements ChunkSeries {
  public DeferredChunkSeries {
    if (lastTime < firstTime) {
      throw new IllegalArgumentException(
          "last sample time " + lastTime + " before first sample time " + firstTime);
    }
  }

  /** None until fetched: see {@link ChunkSource#chunks}. */
  @Override
  public List<ChunkMeta> chunks() {
    return List.of();
  }
}
