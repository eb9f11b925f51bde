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
  private final SeriesChunkRefs selected;
  private final ChunkReader reader;
  private @Nullable List<ChunkMeta> chunks;

  BlockChunkSeries(SeriesChunkRefs selected, ChunkReader reader) {
    this.selected = selected;
    this.reader = reader;
  }

  @Override
  public Labels labels() {
    return selected.labels();
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

  /**
   * Answers from the block index: a block's chunk ranges are the times of their first and last
   * samples. Null when a deleted range (a tombstone, or the query range's edge) touches a chunk, or
   * a chunk reaches outside {@code [minTime, maxTime]}.
   */
  @Override
  public long @Nullable [] sampleTimesFromMetadata(long minTime, long maxTime) {
    long[] chunkMins = selected.chunkMins();
    long[] chunkMaxs = selected.chunkMaxs();
    DeletedRanges deleted = selected.deleted();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (int i = 0; i < selected.count(); i++) {
      long min = chunkMins[i];
      long max = chunkMaxs[i];
      if (max < minTime || min > maxTime) {
        continue;
      }
      if (min < minTime || max > maxTime || deleted.overlaps(min, max)) {
        return null;
      }
      first = Math.min(first, min);
      last = Math.max(last, max);
    }
    return first == Long.MAX_VALUE ? NO_SAMPLES : new long[] {first, last};
  }

  private List<ChunkMeta> read() {
    long[] refs = selected.refs();
    long[] chunkMins = selected.chunkMins();
    long[] chunkMaxs = selected.chunkMaxs();
    DeletedRanges deleted = selected.deleted();
    List<ChunkMeta> out = new ArrayList<>(selected.count());
    BlockSampleIterator trimmed = null;
    for (int i = 0; i < selected.count(); i++) {
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
