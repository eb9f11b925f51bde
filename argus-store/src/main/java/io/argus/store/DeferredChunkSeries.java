package io.argus.store;

import io.argus.model.labels.Labels;
import io.argus.storage.ChunkMeta;
import io.argus.storage.ChunkSeries;
import java.util.List;

/**
 * A replica's series known so far only by its {@link SampleBoundsSeries sample bounds}; its chunks
 * come from {@code source} if a reader needs them. The proxy answers the replicas after the first
 * of a replica set this way when the request asks for {@link SeriesRequest#sampleBounds() sample
 * bounds}.
 */
public record DeferredChunkSeries(SampleBoundsSeries bounds, ChunkSource source)
    implements ChunkSeries {
  @Override
  public Labels labels() {
    return bounds.labels();
  }

  /** None until fetched: see {@link ChunkSource#chunks}. */
  @Override
  public List<ChunkMeta> chunks() {
    return List.of();
  }
}
