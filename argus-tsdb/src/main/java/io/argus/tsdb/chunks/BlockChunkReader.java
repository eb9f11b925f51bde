package io.argus.tsdb.chunks;

import io.argus.storage.chunkenc.Chunk;
import io.argus.storage.chunkenc.Chunks;
import io.argus.storage.chunkenc.Encoding;
import io.argus.tsdb.encoding.CorruptionException;
import io.argus.tsdb.encoding.DecBuf;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.fs.MappedFile;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;

/**
 * Reads chunks from the memory-mapped segment files of a block's {@code chunks/} directory. A
 * reference is {@code (segmentIndex << 32) | offset}, the index counting from 0 over the sorted
 * numeric file names. Every chunk's CRC32C is verified when it is read; returned chunks hold a copy
 * of their bytes and stay valid after {@link #close()}. Thread-safe; close only when no read is in
 * progress.
 */
public final class BlockChunkReader implements ChunkReader {
  private static final ValueLayout.OfInt BE32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  private final MappedFile[] files;
  private final long size;
  private final AtomicBoolean closed = new AtomicBoolean();

  private BlockChunkReader(MappedFile[] files) {
    this.files = files;
    long total = 0;
    for (MappedFile f : files) {
      total += f.size();
    }
    this.size = total;
  }

  /**
   * Maps every segment file of {@code chunksDir} and checks its header. A missing or empty
   * directory gives a reader without chunks.
   *
   * @throws CorruptionException if a file has a bad magic number or version
   */
  public static BlockChunkReader open(FileOps ops, Path chunksDir) throws IOException {
    List<MappedFile> mapped = new ArrayList<>();
    try {
      for (String name : ops.list(chunksDir)) {
        if (!isSegmentName(name)) {
          continue;
        }
        MappedFile f = ops.map(chunksDir.resolve(name));
        mapped.add(f);
        checkHeader(f);
      }
    } catch (IOException | RuntimeException e) {
      for (MappedFile f : mapped) {
        f.close();
      }
      throw e;
    }
    return new BlockChunkReader(mapped.toArray(MappedFile[]::new));
  }

  private static void checkHeader(MappedFile f) {
    MemorySegment seg = f.segment();
    if (seg.byteSize() < ChunkWriter.SEGMENT_HEADER_SIZE) {
      throw new CorruptionException(
          "chunk segment " + f.path() + ": too small, " + seg.byteSize() + " bytes");
    }
    int magic = seg.get(BE32, 0);
    if (magic != ChunkWriter.MAGIC) {
      throw new CorruptionException(
          String.format("chunk segment %s: invalid magic number %08x", f.path(), magic));
    }
    int version = seg.get(ValueLayout.JAVA_BYTE, 4) & 0xFF;
    if (version != ChunkWriter.FORMAT_VERSION) {
      throw new CorruptionException(
          "chunk segment " + f.path() + ": invalid chunk format version " + version);
    }
  }

  static boolean isSegmentName(String name) {
    if (name.isEmpty() || name.length() > 19) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  @Override
  public Chunk chunk(long ref) {
    long segmentIndex = ref >>> 32;
    long offset = ref & 0xFFFFFFFFL;
    if (segmentIndex >= files.length) {
      throw new CorruptionException(
          "chunk ref "
              + ref
              + ": segment index "
              + segmentIndex
              + " out of range, "
              + files.length
              + " segment files");
    }
    MappedFile file = files[(int) segmentIndex];
    MemorySegment seg = file.segment();
    if (offset < ChunkWriter.SEGMENT_HEADER_SIZE || offset >= seg.byteSize()) {
      throw corrupt(file, offset, "offset outside the file of " + seg.byteSize() + " bytes");
    }
    long dataLen;
    long encodingAt;
    try {
      DecBuf d = new DecBuf(seg, offset, seg.byteSize());
      dataLen = d.getUvarint32();
      encodingAt = d.position();
    } catch (CorruptionException e) {
      throw corrupt(file, offset, "bad chunk length: " + e.getMessage());
    }
    long dataAt = encodingAt + 1;
    long crcAt = dataAt + dataLen;
    if (dataLen > Integer.MAX_VALUE - 8 || crcAt + 4 > seg.byteSize()) {
      throw corrupt(
          file, offset, "chunk of " + dataLen + " bytes exceeds the file of " + seg.byteSize());
    }
    int encodingCode = seg.get(ValueLayout.JAVA_BYTE, encodingAt) & 0xFF;
    byte[] data = new byte[(int) dataLen];
    MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, dataAt, data, 0, data.length);
    CRC32C crc = new CRC32C();
    crc.update(encodingCode);
    crc.update(data);
    int computed = (int) crc.getValue();
    int stored = seg.get(BE32, crcAt);
    if (computed != stored) {
      throw corrupt(
          file,
          offset,
          String.format("checksum mismatch, stored %08x, computed %08x", stored, computed));
    }
    try {
      return Chunks.fromBytes(Encoding.of(encodingCode), data, 0, data.length);
    } catch (IllegalArgumentException e) {
      throw corrupt(file, offset, String.valueOf(e.getMessage()));
    }
  }

  private static CorruptionException corrupt(MappedFile file, long offset, String what) {
    return new CorruptionException(
        "chunk segment " + file.path() + " offset " + offset + ": " + what);
  }

  /** Returns the total size of the segment files in bytes. */
  public long size() {
    return size;
  }

  /** Unmaps all segment files; later reads fail with {@link IllegalStateException}. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (MappedFile f : files) {
      f.close();
    }
  }
}
