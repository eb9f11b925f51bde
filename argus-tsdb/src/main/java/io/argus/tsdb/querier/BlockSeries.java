package io.argus.tsdb.querier;

import io.argus.model.labels.Labels;
import io.argus.storage.SampleIterator;
import io.argus.storage.Series;
import io.argus.tsdb.chunks.ChunkReader;
import org.jspecify.annotations.Nullable;

/** A series of a block, its chunks read lazily when iterated. */
final class BlockSeries implements Series {
  private final Labels labels;
  private final ChunkReader reader;
  private final long[] refs;
  private final long[] chunkMaxs;
  private final int chunkCount;
  private final DeletedRanges deleted;

  BlockSeries(BlockSeriesCursor c, ChunkReader reader) {
    this.labels = c.labels;
    this.reader = reader;
    this.refs = c.refs;
    this.chunkMaxs = c.chunkMaxs;
    this.chunkCount = c.chunkCount;
    this.deleted = c.deleted;
  }

  @Override
  public Labels labels() {
    return labels;
  }

  @Override
  public SampleIterator iterator(@Nullable SampleIterator reuse) {
    if (reuse instanceof BlockSampleIterator it) {
      it.reset(reader, refs, chunkMaxs, chunkCount, deleted);
      return it;
    }
    return new BlockSampleIterator(reader, refs, chunkMaxs, chunkCount, deleted);
  }
}
