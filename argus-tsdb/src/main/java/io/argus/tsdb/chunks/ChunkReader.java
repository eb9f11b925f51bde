package io.argus.tsdb.chunks;

import io.argus.storage.chunkenc.Chunk;
import java.io.Closeable;

/**
 * Resolves chunk references handed out by the matching index reader. Thread-safe. Chunks returned
 * by a persisted block's reader may point into mapped memory and must not be used after the
 * reader (and its block) is closed.
 */
public interface ChunkReader extends Closeable {
  /**
   * Returns the chunk for {@code ref}.
   *
   * @throws io.argus.tsdb.encoding.CorruptionException on a bad reference or checksum
   */
  Chunk chunk(long ref);

  @Override
  void close();
}
