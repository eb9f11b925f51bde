package io.argus.storage.chunkenc;

import io.argus.storage.SampleIterator;
import org.jspecify.annotations.Nullable;

/**
 * An encoded chunk of samples of one series. A chunk that is still being appended to must only be
 * read by the thread that appends, or after a happens-before edge (e.g. a commit).
 */
public interface Chunk {
  Encoding encoding();

  /**
   * Returns the encoded bytes: the first {@link #byteLength()} bytes of the returned array. The
   * array may be shared with the chunk and must not be modified.
   */
  byte[] bytes();

  /** Returns how many bytes of {@link #bytes()} are the chunk. */
  int byteLength();

  /** Returns the number of samples. */
  int numSamples();

  /** Returns an iterator over the samples; passing an earlier iterator lets it be reused. */
  SampleIterator iterator(@Nullable SampleIterator reuse);

  /**
   * Returns an appender that continues this chunk (XOR: restores the bit-stream state from the last
   * sample). Only one appender may be used at a time.
   */
  ChunkAppender appender();
}
