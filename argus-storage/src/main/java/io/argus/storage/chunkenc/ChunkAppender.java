package io.argus.storage.chunkenc;

/** Appends samples to a chunk. Single-threaded. Timestamps must be increasing (not checked). */
public interface ChunkAppender {
  /** Appends a float sample; NaN bit patterns are preserved. */
  void append(long t, double v);

  /**
   * Reads the state the next {@link #append} touches and returns a value derived from it, without
   * changing anything. A caller about to append to many chunks calls it on all of them first, so
   * that the CPU loads their (independent) state from memory in parallel instead of one chunk
   * after the other. Safe to call concurrently with appends: the result is then meaningless, but
   * nothing breaks.
   */
  default int prefetch() {
    return 0;
  }
}
