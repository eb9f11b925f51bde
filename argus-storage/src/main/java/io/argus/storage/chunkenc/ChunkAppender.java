package io.argus.storage.chunkenc;

/** Appends samples to a chunk. Single-threaded. Timestamps must be increasing (not checked). */
public interface ChunkAppender {
  /** Appends a float sample; NaN bit patterns are preserved. */
  void append(long t, double v);
}
