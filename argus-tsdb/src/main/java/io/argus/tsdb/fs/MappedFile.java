package io.argus.tsdb.fs;

import java.io.Closeable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * A read-only memory mapping of a whole file, backed by a shared {@link Arena}. Closing it unmaps
 * the file; afterwards any access through {@link #segment()} throws {@link IllegalStateException}
 * rather than crashing. Thread-safe for reads; close only when no reader is active.
 */
public final class MappedFile implements Closeable {
  private final Path path;
  private final Arena arena;
  private final MemorySegment segment;

  public MappedFile(Path path, Arena arena, MemorySegment segment) {
    this.path = path;
    this.arena = arena;
    this.segment = segment;
  }

  public Path path() {
    return path;
  }

  /** Returns the mapped bytes. */
  public MemorySegment segment() {
    return segment;
  }

  public long size() {
    return segment.byteSize();
  }

  @Override
  public void close() {
    arena.close();
  }
}
