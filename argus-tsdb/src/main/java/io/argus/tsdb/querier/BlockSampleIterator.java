package io.argus.tsdb.querier;

import io.argus.storage.FloatSamples;
import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import io.argus.storage.chunkenc.Chunk;
import io.argus.tsdb.chunks.ChunkReader;
import org.jspecify.annotations.Nullable;

/**
 * Iterates the samples of one block series: its chunks in time order, each opened through the
 * {@link ChunkReader} only when reached, skipping samples in deleted ranges (tombstones and outside
 * the query range). Allocation-free per sample; {@link #reset} makes it reusable for another
 * series. Single-threaded.
 */
final class BlockSampleIterator implements SampleIterator {
  private ChunkReader reader;
  private long[] refs;
  private long[] chunkMaxs;
  private int chunkCount;
  private DeletedRanges deleted;

  private int chunkIndex;
  private @Nullable SampleIterator chunkIt;

  /** Kept across chunks and series so chunk iterators are reused. */
  private @Nullable SampleIterator spareChunkIt;

  private int deletedIndex;
  private ValueType current;
  private long currentT;

  BlockSampleIterator(
      ChunkReader reader, long[] refs, long[] chunkMaxs, int chunkCount, DeletedRanges deleted) {
    reset(reader, refs, chunkMaxs, chunkCount, deleted);
  }

  /** Points this iterator at another series and rewinds it. */
  void reset(
      ChunkReader reader, long[] refs, long[] chunkMaxs, int chunkCount, DeletedRanges deleted) {
    this.reader = reader;
    this.refs = refs;
    this.chunkMaxs = chunkMaxs;
    this.chunkCount = chunkCount;
    this.deleted = deleted;
    rewind();
  }

  private void rewind() {
    if (chunkIt != null) {
      spareChunkIt = chunkIt;
    }
    chunkIt = null;
    chunkIndex = -1;
    deletedIndex = 0;
    current = ValueType.NONE;
  }

  @Override
  public ValueType next() {
    if (chunkIndex >= chunkCount) {
      return ValueType.NONE;
    }
    SampleIterator it = chunkIt;
    ValueType vt = it == null ? ValueType.NONE : it.next();
    return settle(vt);
  }

  @Override
  public ValueType seek(long t) {
    if (chunkIndex >= chunkCount) {
      return ValueType.NONE;
    }
    if (current != ValueType.NONE && currentT >= t) {
      return current;
    }
    if (chunkIt == null || chunkMaxs[chunkIndex] < t) {
      int target = Math.max(chunkIndex + 1, 0);
      while (target < chunkCount && chunkMaxs[target] < t) {
        target++;
      }
      if (!openChunk(target)) {
        return finish();
      }
    }
    return settle(currentChunk().seek(t));
  }

  @Override
  public long atT() {
    if (current == ValueType.NONE) {
      throw new IllegalStateException("iterator is not positioned on a sample");
    }
    return currentT;
  }

  @Override
  public double atFloat() {
    if (current == ValueType.NONE) {
      throw new IllegalStateException("iterator is not positioned on a sample");
    }
    return currentChunk().atFloat();
  }

  @Override
  public ValueType readFloats(long maxT, FloatSamples out) {
    while (current == ValueType.FLOAT && currentT <= maxT) {
      // Samples before the next deleted range are not deleted: the chunk can copy them in bulk.
      long limit = maxT;
      if (deletedIndex < deleted.count) {
        limit = Math.min(limit, deleted.mins[deletedIndex] - 1);
      }
      settle(currentChunk().readFloats(limit, out));
    }
    return current;
  }

  /**
   * Starting from {@code vt}, the state of the current chunk iterator, moves on until a sample
   * outside every deleted range is current, opening later chunks as needed.
   */
  private ValueType settle(ValueType vt) {
    while (true) {
      if (vt == ValueType.NONE) {
        if (!openChunk(chunkIndex + 1)) {
          return finish();
        }
        vt = currentChunk().next();
        continue;
      }
      SampleIterator it = currentChunk();
      long t = it.atT();
      while (deletedIndex < deleted.count && deleted.maxs[deletedIndex] < t) {
        deletedIndex++;
      }
      if (deletedIndex < deleted.count && deleted.mins[deletedIndex] <= t) {
        long end = deleted.maxs[deletedIndex];
        if (end == Long.MAX_VALUE) {
          return finish();
        }
        vt = it.seek(end + 1);
        continue;
      }
      current = vt;
      currentT = t;
      return vt;
    }
  }

  /** Opens chunk {@code index}; false when there is none. */
  private boolean openChunk(int index) {
    chunkIndex = index;
    if (index >= chunkCount) {
      return false;
    }
    Chunk chunk = reader.chunk(refs[index]);
    SampleIterator reuse = chunkIt != null ? chunkIt : spareChunkIt;
    chunkIt = chunk.iterator(reuse);
    return true;
  }

  private ValueType finish() {
    chunkIndex = chunkCount;
    current = ValueType.NONE;
    return ValueType.NONE;
  }

  private SampleIterator currentChunk() {
    SampleIterator it = chunkIt;
    if (it == null) {
      throw new IllegalStateException("no chunk open");
    }
    return it;
  }
}
