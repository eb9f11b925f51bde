package io.argus.storage;

import java.util.List;

/** A cursor over chunk series. Single-threaded. */
public interface ChunkSeriesSet {
  boolean next();

  /** Returns the current series; valid until the next call to {@link #next()}. */
  ChunkSeries at();

  default List<String> warnings() {
    return List.of();
  }
}
