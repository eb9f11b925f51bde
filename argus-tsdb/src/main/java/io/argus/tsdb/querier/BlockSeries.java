package io.argus.tsdb.querier;

import io.argus.model.labels.Labels;
import io.argus.storage.SampleIterator;
import io.argus.storage.Series;
import io.argus.tsdb.chunks.ChunkReader;
import org.jspecify.annotations.Nullable;

/** A series of a block, its chunks read lazily when iterated. */
final class BlockSeries implements Series {
  private final SeriesChunkRefs selected;
  private final ChunkReader reader;

  BlockSeries(SeriesChunkRefs selected, ChunkReader reader) {
    this.selected = selected;
    this.reader = reader;
  }

  @Override
  public Labels labels() {
    return selected.labels();
  }

  @Override
  public SampleIterator iterator(@Nullable SampleIterator reuse) {
    SeriesChunkRefs s = selected;
    if (reuse instanceof BlockSampleIterator it) {
      it.reset(reader, s.refs(), s.chunkMaxs(), s.count(), s.deleted());
      return it;
    }
    return new BlockSampleIterator(reader, s.refs(), s.chunkMaxs(), s.count(), s.deleted());
  }
}
