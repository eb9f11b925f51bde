package io.argus.tsdb.head;

import io.argus.storage.chunkenc.Chunk;
import io.argus.storage.chunkenc.XorChunk;
import io.argus.tsdb.chunks.ChunkReader;
import io.argus.tsdb.encoding.CorruptionException;

/**
 * Resolves head chunk references. Immutable chunks are returned as they are; the open chunk (and
 * any chunk holding samples of batches this reader must not see) is returned as a copy with only
 * the samples visible under the reader's isolation state, fixed when the reader was opened.
 * Thread-safe. Holds back truncation and the isolation low watermark until closed.
 */
final class HeadChunkReader implements ChunkReader {
  private final Head head;
  private final IsolationState readState;

  HeadChunkReader(Head head, IsolationState readState) {
    this.head = head;
    this.readState = readState;
  }

  @Override
  public Chunk chunk(long ref) {
    long seriesId = ref >>> MemSeries.CHUNK_ID_BITS;
    MemSeries s = head.series.getById(seriesId);
    if (s == null) {
      throw new CorruptionException("not found: head series " + seriesId + " of chunk " + ref);
    }
    synchronized (s) {
      int pos = s.positionOf(ref & MemSeries.CHUNK_ID_MASK);
      if (pos < 0) {
        throw new CorruptionException("not found: head chunk " + ref);
      }
      return s.visibleChunk(pos, readState, XorChunk::new, head.chunkFiles);
    }
  }

  @Override
  public void close() {
    readState.close();
  }
}
