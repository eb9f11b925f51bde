package io.argus.tsdb.chunks;

import io.argus.storage.chunkenc.Chunk;
import io.argus.tsdb.encoding.EncBuf;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.fs.WritableFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes the chunk segment files of a block, {@code <blockDir>/chunks/000001}, {@code 000002} …
 * (docs/storage-formats.md §2.4): an 8-byte header, then per chunk a uvarint data length, the
 * encoding byte, the data and a big-endian CRC32C over encoding and data.
 *
 * <p>A new segment file is started when the next chunk, with a worst-case 5-byte length field,
 * would make the current one larger than the segment size; a chunk is never split, and a chunk
 * larger than the segment size gets a file of its own. Files are written through a buffer and only
 * become durable on {@link #close()}. Not thread-safe.
 */
public final class ChunkWriter implements Closeable {
  /** Prometheus' default segment size, 512 MiB. */
  public static final long DEFAULT_SEGMENT_SIZE = 512L * 1024 * 1024;

  static final int MAGIC = 0x85BD40DD;
  static final int FORMAT_VERSION = 1;
  static final int SEGMENT_HEADER_SIZE = 8;

  private static final int MAX_LENGTH_FIELD_SIZE = 5;
  private static final int FLUSH_THRESHOLD = 1 << 20;

  private final FileOps ops;
  private final Path dir;
  private final long segmentSize;
  private final EncBuf buf = new EncBuf(64 * 1024);

  private @Nullable WritableFile current;
  private int segmentIndex = -1;

  /** Bytes of the current segment, including those still buffered. */
  private long currentSize;

  private boolean closed;

  /** A writer for {@code <blockDir>/chunks} with the default 512 MiB segment size. */
  public ChunkWriter(FileOps ops, Path blockDir) throws IOException {
    this(ops, blockDir, DEFAULT_SEGMENT_SIZE);
  }

  /**
   * A writer for {@code <blockDir>/chunks} cutting files at {@code segmentSize} bytes. The
   * directory is created if needed and must not contain segment files yet.
   *
   * @throws IllegalArgumentException if {@code segmentSize} is not in (8, 2^32]
   */
  public ChunkWriter(FileOps ops, Path blockDir, long segmentSize) throws IOException {
    if (segmentSize <= SEGMENT_HEADER_SIZE || segmentSize > 1L << 32) {
      throw new IllegalArgumentException("invalid chunk segment size " + segmentSize);
    }
    this.ops = ops;
    this.dir = blockDir.resolve("chunks");
    this.segmentSize = segmentSize;
    ops.createDirectories(dir);
    List<String> existing = ops.list(dir);
    for (String name : existing) {
      if (BlockChunkReader.isSegmentName(name)) {
        throw new IOException("chunks directory " + dir + " already holds segment " + name);
      }
    }
  }

  /**
   * Appends a chunk and returns its block chunk reference, {@code (segmentIndex << 32) | offset}
   * with the 0-based index of the segment file and the byte offset of the entry in it.
   */
  public long write(Chunk chunk) throws IOException {
    if (closed) {
      throw new IllegalStateException("chunk writer is closed");
    }
    int dataLen = chunk.byteLength();
    long maxEntrySize = MAX_LENGTH_FIELD_SIZE + 1L + dataLen + 4;
    if (current == null
        || (currentSize > SEGMENT_HEADER_SIZE && currentSize + maxEntrySize > segmentSize)) {
      cut();
    }
    long ref = ((long) segmentIndex << 32) | currentSize;
    int start = buf.len();
    buf.putUvarint(dataLen);
    int encodingAt = buf.len();
    buf.putByte(chunk.encoding().code());
    buf.putBytes(chunk.bytes(), 0, dataLen);
    buf.putCrc32c(encodingAt);
    currentSize += buf.len() - start;
    if (buf.len() >= FLUSH_THRESHOLD) {
      flush();
    }
    return ref;
  }

  /** Returns the number of segment files started so far. */
  public int segmentCount() {
    return segmentIndex + 1;
  }

  private void cut() throws IOException {
    finishSegment();
    segmentIndex++;
    current = ops.create(dir.resolve(segmentName(segmentIndex + 1)));
    buf.putBe32(MAGIC).putByte(FORMAT_VERSION).putByte(0).putByte(0).putByte(0);
    currentSize = SEGMENT_HEADER_SIZE;
  }

  private void flush() throws IOException {
    WritableFile f = current;
    if (f != null && buf.len() > 0) {
      f.write(buf.array(), 0, buf.len());
    }
    buf.reset();
  }

  /** Flushes, trims and syncs the current segment file, then closes it. */
  private void finishSegment() throws IOException {
    WritableFile f = current;
    if (f == null) {
      return;
    }
    current = null;
    try (f) {
      f.write(buf.array(), 0, buf.len());
      buf.reset();
      if (f.size() != currentSize) {
        f.truncate(currentSize);
      }
      f.sync();
    }
  }

  /** Flushes and syncs the last segment file, then syncs the chunks directory. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    finishSegment();
    ops.syncDirectory(dir);
  }

  static String segmentName(int number) {
    return String.format("%06d", number);
  }
}
