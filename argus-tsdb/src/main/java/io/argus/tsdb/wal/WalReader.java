package io.argus.tsdb.wal;

import io.argus.storage.StorageException;
import io.argus.tsdb.encoding.CorruptionException;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.fs.MappedFile;
import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.xerial.snappy.Snappy;

/**
 * Reads the records of a sequence of WAL segments in order, verifying every fragment.
 *
 * <p>Each segment is read on its own, with page boundaries relative to its start, and must end at a
 * record boundary; a record never continues into the next segment. A segment that ends in zero page
 * padding before its page boundary (a torn padding write) ends cleanly. Any other damage — checksum
 * mismatch, impossible fragment sequence, a fragment crossing a page, non-zero padding, undecodable
 * snappy data, or the end of a segment inside a fragment or record — throws {@link
 * WalCorruptionException} naming the segment and the offset at which the damaged record starts; the
 * reader then stays failed. A valid fragment compressed with zstd throws a plain {@link
 * StorageException}: it is not damage, and repairing it would lose data.
 *
 * <p>Usage: {@code while (r.next()) { use r.recordBuffer()[0, r.recordLength()) }}. The record
 * buffer is reused and is valid only until the next call to {@link #next()}. Not thread-safe; must
 * be closed (it holds one memory-mapped segment at a time). Segments are memory-mapped, so do not
 * read the segment a {@link Wal} is writing: a rolled-back write truncates it.
 */
public final class WalReader implements Closeable {
  private static final ValueLayout.OfShort BE16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfInt BE32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final MemorySegment ZERO_PAGE = MemorySegment.ofArray(new byte[Wal.PAGE_SIZE]);

  /** A snappy block expands at most about 22 times; anything beyond this bound is garbage. */
  private static final long MAX_SNAPPY_EXPANSION = 64;

  /** One segment file to read: its directory, index and actual path. */
  record SegmentRef(Path dir, int index, Path file) {}

  private final FileOps ops;
  private final List<SegmentRef> segments;
  private final CRC32C crc = new CRC32C();
  private int segmentPos = -1;
  private @Nullable MappedFile mapped;
  private MemorySegment data = MemorySegment.NULL;
  private long pos;

  private byte[] rec = new byte[4096];
  private int recLen;
  private byte[] compressed = new byte[4096];
  private int compressedLen;
  private int recSegment = -1;
  private long recOffset = -1;
  private @Nullable RuntimeException failure;

  WalReader(FileOps ops, List<SegmentRef> segments) {
    this.ops = ops;
    this.segments = List.copyOf(segments);
  }

  /**
   * Opens a reader over all segments of {@code dir} (a WAL or a checkpoint directory).
   *
   * @throws CorruptionException if the segment indexes have a gap
   */
  public static WalReader open(FileOps ops, Path dir) throws IOException {
    SegmentRange range = SegmentFiles.range(ops, dir);
    return new WalReader(ops, refs(dir, range.first(), range.last()));
  }

  /**
   * Opens a reader over segments {@code first..last} (inclusive) of {@code dir}; empty when {@code
   * first > last}.
   *
   * @throws CorruptionException if one of them is missing
   */
  public static WalReader open(FileOps ops, Path dir, int first, int last) throws IOException {
    checkPresent(ops, dir, first, last);
    return new WalReader(ops, refs(dir, first, last));
  }

  /**
   * Opens a reader for startup replay: the segments of the newest checkpoint, then the WAL segments
   * after it.
   */
  public static WalReader replay(FileOps ops, Path walDir) throws IOException {
    List<SegmentRef> out = new ArrayList<>();
    Optional<Checkpoint> cp = Checkpoint.last(ops, walDir);
    int firstWal = 0;
    if (cp.isPresent()) {
      SegmentRange cpRange = SegmentFiles.range(ops, cp.get().dir());
      out.addAll(refs(cp.get().dir(), cpRange.first(), cpRange.last()));
      firstWal = cp.get().index() + 1;
    }
    int[] all = SegmentFiles.list(ops, walDir);
    int start = 0;
    while (start < all.length && all[start] < firstWal) {
      start++;
    }
    int[] wal = Arrays.copyOfRange(all, start, all.length);
    if (wal.length > 0) {
      if (cp.isPresent() && wal[0] != firstWal) {
        throw new CorruptionException(
            "segments are not sequential: checkpoint "
                + cp.get().index()
                + " is followed by segment "
                + SegmentFiles.name(wal[0]));
      }
      SegmentFiles.checkSequential(walDir, wal);
      out.addAll(refs(walDir, wal[0], wal[wal.length - 1]));
    }
    return new WalReader(ops, out);
  }

  static List<SegmentRef> refs(Path dir, int first, int last) {
    List<SegmentRef> out = new ArrayList<>();
    for (int i = first; i >= 0 && i <= last; i++) {
      out.add(new SegmentRef(dir, i, SegmentFiles.path(dir, i)));
    }
    return out;
  }

  static void checkPresent(FileOps ops, Path dir, int first, int last) {
    for (int i = first; i <= last; i++) {
      if (!ops.exists(SegmentFiles.path(dir, i))) {
        throw new CorruptionException(
            "segments are not sequential: missing " + SegmentFiles.path(dir, i));
      }
    }
  }

  /**
   * Advances to the next record.
   *
   * @return false at the end of the last segment
   * @throws WalCorruptionException on damaged data (and on every later call)
   * @throws IOException if a segment cannot be opened
   */
  public boolean next() throws IOException {
    if (failure != null) {
      throw failure;
    }
    try {
      while (true) {
        if (mapped == null) {
          if (segmentPos + 1 >= segments.size()) {
            return false;
          }
          openSegment(segmentPos + 1);
        }
        if (readRecord()) {
          return true;
        }
        closeSegment();
      }
    } catch (RuntimeException e) {
      failure = e;
      throw e;
    }
  }

  /** Returns the current record's bytes in {@code [0, recordLength())}; reused by next(). */
  public byte[] recordBuffer() {
    return rec;
  }

  /** Returns the length of the current record. */
  public int recordLength() {
    return recLen;
  }

  /** Returns a copy of the current record. */
  public byte[] record() {
    return Arrays.copyOf(rec, recLen);
  }

  /** Returns the index of the segment holding the current record. */
  public int segment() {
    return recSegment;
  }

  /** Returns the byte offset in its segment at which the current record starts. */
  public long offset() {
    return recOffset;
  }

  /** Returns the directory of the segment holding the current record. */
  public @Nullable Path dir() {
    return segmentPos >= 0 && segmentPos < segments.size() ? segments.get(segmentPos).dir() : null;
  }

  @Override
  public void close() {
    closeSegment();
    segmentPos = segments.size();
  }

  private void openSegment(int i) throws IOException {
    segmentPos = i;
    SegmentRef ref = segments.get(i);
    mapped = ops.map(ref.file());
    data = mapped.segment();
    pos = 0;
  }

  private void closeSegment() {
    MappedFile m = mapped;
    mapped = null;
    data = MemorySegment.NULL;
    if (m != null) {
      m.close();
    }
  }

  /** Reads one record of the current segment; false at its clean end. */
  private boolean readRecord() {
    final long size = data.byteSize();
    recLen = 0;
    compressedLen = 0;
    long start = -1;
    int fragments = 0;
    int compression = 0;
    while (true) {
      if (pos == size) {
        if (fragments == 0) {
          return false;
        }
        throw corruption(start, "last record is torn");
      }
      int header = data.get(ValueLayout.JAVA_BYTE, pos) & 0xFF;
      int type = header & Wal.TYPE_MASK;
      long at = fragments == 0 ? pos : start;
      if (type == Wal.TYPE_PAGE_TERM) {
        long end = Math.min((pos / Wal.PAGE_SIZE + 1) * Wal.PAGE_SIZE, size);
        long n = end - pos - 1;
        if (n > 0 && MemorySegment.mismatch(data, pos + 1, end, ZERO_PAGE, 0, n) >= 0) {
          throw corruption(at, "unexpected non-zero byte in padded page");
        }
        pos = end;
        continue;
      }
      long inPage = pos % Wal.PAGE_SIZE;
      if (size - pos < Wal.HEADER_SIZE) {
        throw corruption(at, "unexpected end of segment in fragment header");
      }
      if (inPage > Wal.PAGE_SIZE - Wal.HEADER_SIZE) {
        throw corruption(at, "fragment header crosses a page boundary");
      }
      int length = data.get(BE16, pos + 1) & 0xFFFF;
      int want = data.get(BE32, pos + 3);
      if (length > Wal.PAGE_SIZE - Wal.HEADER_SIZE) {
        throw corruption(at, "invalid record size " + length);
      }
      if (inPage + Wal.HEADER_SIZE + length > Wal.PAGE_SIZE) {
        throw corruption(at, "fragment crosses a page boundary");
      }
      if (pos + Wal.HEADER_SIZE + length > size) {
        throw corruption(at, "unexpected end of segment in fragment");
      }
      int flags = header & (Wal.FLAG_SNAPPY | Wal.FLAG_ZSTD);
      byte[] dst;
      int dstOff;
      if (flags != 0) {
        compressed = ensure(compressed, compressedLen + length);
        dst = compressed;
        dstOff = compressedLen;
        compressedLen += length;
      } else {
        rec = ensure(rec, recLen + length);
        dst = rec;
        dstOff = recLen;
        recLen += length;
      }
      MemorySegment.copy(data, ValueLayout.JAVA_BYTE, pos + Wal.HEADER_SIZE, dst, dstOff, length);
      crc.reset();
      crc.update(dst, dstOff, length);
      int got = (int) crc.getValue();
      if (got != want) {
        throw corruption(at, String.format("unexpected checksum %08x, expected %08x", got, want));
      }
      checkSequence(type, fragments, at);
      if (fragments == 0) {
        start = pos;
        compression = flags;
      } else if (flags != compression) {
        throw corruption(at, "compression changes within a record");
      }
      pos += Wal.HEADER_SIZE + length;
      fragments++;
      if (type == Wal.TYPE_FULL || type == Wal.TYPE_LAST) {
        if ((compression & Wal.FLAG_ZSTD) != 0) {
          throw new StorageException(
              "zstd-compressed wal records are not supported (segment "
                  + segments.get(segmentPos).file()
                  + " at "
                  + start
                  + "); restart Prometheus without zstd wal compression");
        }
        if (compression != 0 && compressedLen > 0) {
          decompress(start);
        }
        recSegment = segments.get(segmentPos).index();
        recOffset = start;
        return true;
      }
    }
  }

  private void checkSequence(int type, int fragments, long at) {
    switch (type) {
      case Wal.TYPE_FULL -> {
        if (fragments != 0) {
          throw corruption(at, "unexpected full record");
        }
      }
      case Wal.TYPE_FIRST -> {
        if (fragments != 0) {
          throw corruption(at, "unexpected first record");
        }
      }
      case Wal.TYPE_MIDDLE -> {
        if (fragments == 0) {
          throw corruption(at, "unexpected middle record");
        }
      }
      case Wal.TYPE_LAST -> {
        if (fragments == 0) {
          throw corruption(at, "unexpected last record");
        }
      }
      default -> throw corruption(at, "unexpected record type " + type);
    }
  }

  private void decompress(long start) {
    int n;
    try {
      int ulen = Snappy.uncompressedLength(compressed, 0, compressedLen);
      if (ulen < 0 || ulen > compressedLen * MAX_SNAPPY_EXPANSION + 64) {
        throw corruption(start, "invalid snappy uncompressed length " + ulen);
      }
      rec = ensure(rec, ulen);
      n = Snappy.uncompress(compressed, 0, compressedLen, rec, 0);
      if (n != ulen) {
        throw corruption(start, "snappy decoded " + n + " bytes, expected " + ulen);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw corruption(start, "decode snappy record: " + e.getMessage());
    }
    recLen = n;
  }

  private static byte[] ensure(byte[] b, int capacity) {
    return capacity <= b.length ? b : Arrays.copyOf(b, Math.max(capacity, b.length * 2));
  }

  private WalCorruptionException corruption(long offset, String reason) {
    SegmentRef ref = segments.get(segmentPos);
    return new WalCorruptionException(ref.dir(), ref.index(), offset, reason);
  }
}
