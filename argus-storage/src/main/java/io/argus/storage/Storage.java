package io.argus.storage;

/** A queryable, appendable store of series. All methods are thread-safe. */
public interface Storage extends Queryable, ChunkQueryable, Appendable, AutoCloseable {
  /** Returns the oldest timestamp (Unix ms) the storage holds, or Long.MAX_VALUE when empty. */
  long startTime();

  @Override
  void close();
}
