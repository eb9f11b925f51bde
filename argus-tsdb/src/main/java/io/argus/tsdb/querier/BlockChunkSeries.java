package io.argus.tsdb.querier;

import io.argus.model.labels.Labels;
import io.argus.storage.ChunkMeta;
import io.argus.storage.ChunkSeries;
import io.argus.storage.merge.ChunkQueriers;
import io.argus.tsdb.chunks.ChunkReader;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A series of a block as chunks, read on the first call of {@link #chunks()}. Chunks touched by a
 * deleted range (a tombstone, or the edge of the query range) are decoded without the deleted
 * samples and re-encoded; the others are returned as stored, with their references.
 */
final class BlockChunkSeries implements ChunkSeries {
  private final Labels labels;
  private final ChunkReader reader;
  private final long[] refs;
  private final long[] chunkMins;
  private final long[] chunkMaxs;
  private final int chunkCount;
  private final DeletedRanges deleted;
  private @Nullable List<ChunkMeta> chunks;

  BlockChunkSeries(BlockSeriesCursor c, ChunkReader reader) {
    this.labels = c.labels;
    this.reader = reader;
    this.refs = c.refs;
    this.chunkMins = c.chunkMins;
    this.chunkMaxs = c.chunkMaxs;
    this.chunkCount = c.chunkCount;
    this.deleted = c.deleted;
  }

  @Override
  public Labels labels() {
    return labels;
  }

  @Override
  public List<ChunkMeta> chunks() {
    List<ChunkMeta> out = chunks;
    if (out == null) {
      out = read();
      chunks = out;
    }
    return out;
  }

  private List<ChunkMeta> read() {
    List<ChunkMeta> out = new ArrayList<>(chunkCount);
    BlockSampleIterator trimmed = null;
    for (int i = 0; i < chunkCount; i++) {
      if (!deleted.overlaps(chunkMins[i], chunkMaxs[i])) {
        out.add(new ChunkMeta(refs[i], chunkMins[i], chunkMaxs[i], reader.chunk(refs[i])));
        continue;
      }
      long[] one = {refs[i]};
      long[] oneMax = {chunkMaxs[i]};
      if (trimmed == null) {
        trimmed = new BlockSampleIterator(reader, one, oneMax, 1, deleted);
      } else {
        trimmed.reset(reader, one, oneMax, 1, deleted);
      }
      out.addAll(ChunkQueriers.encode(trimmed, ChunkQueriers.MAX_SAMPLES_PER_CHUNK));
    }
    return out;
  }
}
