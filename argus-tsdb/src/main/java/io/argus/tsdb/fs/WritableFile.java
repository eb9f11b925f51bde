package io.argus.tsdb.fs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/** A file open for sequential writing. Not thread-safe. */
public interface WritableFile extends Closeable {
  /** Writes all of {@code b[off, off+len)} at the end of the file. */
  void write(byte[] b, int off, int len) throws IOException;

  /** Writes all remaining bytes of {@code buf}. */
  void write(ByteBuffer buf) throws IOException;

  /** Returns the current size in bytes (the write position). */
  long size() throws IOException;

  /** Forces written data (not necessarily metadata) to stable storage. */
  void sync() throws IOException;

  /** Truncates the file to {@code size} bytes and moves the write position there. */
  void truncate(long size) throws IOException;
}
