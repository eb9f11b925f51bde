package io.argus.store;

import io.argus.model.labels.Labels;
import io.argus.storage.ChunkMeta;
import io.argus.storage.ChunkSeries;
import java.util.List;

/**
 * A series of a {@link SeriesRequest#sampleBounds() sample-bounds} answer: its labels and the times
 * of its first and last sample in the request's range, without chunks.
 *
 * @param firstTime timestamp (Unix ms) of the series' first sample at or after the request's min
 *     time
 * @param lastTime timestamp (Unix ms) of its last sample at or before the request's max time; not
 *     below {@code firstTime}
 */
public record SampleBoundsSeries(Labels labels, long firstTime, long lastTime)
    implements ChunkSeries {
  public SampleBoundsSeries {
    if (lastTime < firstTime) {
      throw new IllegalArgumentException(
          "last sample time " + lastTime + " before first sample time " + firstTime);
    }
  }

  /** None: a sample-bounds series carries no chunks. */
  @Override
  public List<ChunkMeta> chunks() {
    return List.of();
  }
}
