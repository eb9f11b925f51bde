package io.argus.tsdb.chunks;

import io.argus.tsdb.encoding.CorruptionException;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.fs.MappedFile;
import io.argus.tsdb.fs.WritableFile;
import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head chunk files of a data directory ({@code chunks_head/}), in Prometheus' format: full
 * head chunks are appended to numbered files ({@code 000001}, {@code 000002}, …, at most {@value
 * #MAX_FILE_SIZE} bytes each) and read back through memory maps, so the head keeps only a
 * reference per chunk.
 *
 * <p>File layout: an 8-byte header (big-endian magic {@code 0x0130BC91}, version 1, three zero
 * bytes), then chunks back to back: series ref (be64), min time (be64), max time (be64), encoding
 * (1 byte), data length (uvarint), data, and a CRC32C (be32) over all of the chunk's preceding
 * fields. Data ends at the end of the file, at a chunk whose series ref, min and max time are all
 * zero, or at fewer than {@value #MAX_CHUNK_META_SIZE} trailing bytes that are all zero.
 *
 * <p>A chunk reference is {@code (file number << 32) | offset of the chunk in the file}, the file
 * number being the numeric file name (1-based).
 *
 * <p>Writes go through a write buffer ({@value #DEFAULT_WRITE_BUFFER_SIZE} bytes by default);
 * chunks still in it are read from it. After a restart writing continues in a new file.
 * Thread-safe: reads share a read lock; writes, flushes, truncation and deletion take the write
 * lock. Read-only instances (see {@link #openReadOnly}) never change the directory.
 */
public final class HeadChunkFiles implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(HeadChunkFiles.class);

  /** The magic number opening every head chunk file. */
  public static final int MAGIC = 0x0130BC91;

  /** The format version written after the magic number. */
  public static final byte VERSION = 1;

  /** Size of the file header in bytes. */
  public static final int HEADER_SIZE = 8;

  /** The largest head chunk file written, in bytes. */
  public static final long MAX_FILE_SIZE = 128L * 1024 * 1024;

  /** The most bytes a chunk occupies besides its data (refs, times, encoding, length, CRC). */
  public static final int MAX_CHUNK_META_SIZE = 8 + 8 + 8 + 1 + 5 + 4;

  /** The default size of the write buffer in bytes. */
  public static final int DEFAULT_WRITE_BUFFER_SIZE = 4 * 1024 * 1024;

  private static final ValueLayout.OfLong BE_LONG =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfInt BE_INT =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  /** The encoding byte of XOR chunks. */
  public static final byte XOR_ENCODING = 1;

  /**
   * Receives the XOR chunks of {@link #forEachChunk}, in file and offset order. Chunks of other
   * encodings (native histograms, out-of-order chunks flagged with bit 7) are checked but skipped:
   * the head cannot hold them.
   */
  @FunctionalInterface
  public interface ChunkVisitor {
    /**
     * Called for one chunk whose CRC matched.
     *
     * @param seriesRef the head series ID the chunk belongs to
     * @param chunkRef the chunk's reference, for {@link #chunkBytes}
     * @param mint the chunk's first timestamp (ms, inclusive)
     * @param maxt the chunk's last timestamp (ms, inclusive)
     * @param numSamples the sample count of the chunk (its first two data bytes)
     */
    void chunk(long seriesRef, long chunkRef, long mint, long maxt, int numSamples);
  }

  /** A head chunk file failed to parse; files from {@link #fileNumber()} on are unusable. */
  public static final class CorruptFileException extends CorruptionException {
    private final int fileNumber;

    public CorruptFileException(Path dir, int fileNumber, String message) {
      super("corruption in head chunk file " + dir.resolve(fileName(fileNumber)) + ": " + message);
      this.fileNumber = fileNumber;
    }

    /** Returns the number of the first damaged file. */
    public int fileNumber() {
      return fileNumber;
    }
  }

  /** One file: its mapping (null while nothing of it was flushed), size and newest sample time. */
  private static final class FileState {
    final int number;
    @Nullable MappedFile map;
    /** Bytes of the file holding chunks (the header included), flushed or buffered. */
    long size;

    /** The newest chunk time; unknown (so never truncated) until the file has been read. */
    long maxTime;

    FileState(int number, long maxTime) {
      this.number = number;
      this.maxTime = maxTime;
    }
  }

  private final FileOps ops;
  private final Path dir;
  private final boolean readOnly;
  private final int writeBufferSize;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final TreeMap<Integer, FileState> files = new TreeMap<>();
  private final CRC32C crc = new CRC32C();

  /** The file being written, or null before the first write after opening or a cut. */
  private @Nullable FileState current;

  private @Nullable WritableFile out;
  /** Bytes of the current file on disk; buffered bytes follow at this offset. */
  private long flushed;

  private byte @Nullable [] buf;
  private int bufLen;
  private boolean failing;
  private boolean closed;

  private HeadChunkFiles(FileOps ops, Path dir, boolean readOnly, int writeBufferSize) {
    this.ops = ops;
    this.dir = dir;
    this.readOnly = readOnly;
    this.writeBufferSize = writeBufferSize;
  }

  /**
   * Opens (creating if needed) the head chunk files in {@code dir} for reading and writing. The
   * existing files are mapped; a last file too short to hold a header is deleted. Call {@link
   * #forEachChunk} to learn their chunks (and each file's newest time, which truncation needs).
   */
  public static HeadChunkFiles open(FileOps ops, Path dir) throws IOException {
    return open(ops, dir, DEFAULT_WRITE_BUFFER_SIZE);
  }

  /**
   * Like {@link #open(FileOps, Path)} with a write buffer of {@code writeBufferSize} bytes (at
   * least 4 KiB; a chunk must fit in it).
   */
  public static HeadChunkFiles open(FileOps ops, Path dir, int writeBufferSize)
      throws IOException {
    if (writeBufferSize < 4096) {
      throw new IllegalArgumentException("write buffer below 4 KiB: " + writeBufferSize);
    }
    ops.createDirectories(dir);
    HeadChunkFiles f = new HeadChunkFiles(ops, dir, false, writeBufferSize);
    f.mapExisting();
    return f;
  }

  /** Opens the head chunk files in {@code dir} for reading only; the directory may be absent. */
  public static HeadChunkFiles openReadOnly(FileOps ops, Path dir) throws IOException {
    HeadChunkFiles f = new HeadChunkFiles(ops, dir, true, 0);
    f.mapExisting();
    return f;
  }

  /** Returns the file name of head chunk file {@code number}: six digits, zero-padded. */
  public static String fileName(int number) {
    return String.format("%06d", number);
  }

  /** Returns the file number of a chunk reference. */
  public static int fileNumber(long chunkRef) {
    return (int) (chunkRef >>> 32);
  }

  /** Returns the offset within its file of a chunk reference. */
  public static long offset(long chunkRef) {
    return chunkRef & 0xFFFF_FFFFL;
  }

  private void mapExisting() throws IOException {
    List<Integer> numbers = new ArrayList<>();
    for (String name : ops.list(dir)) {
      if (name.length() == 6 && name.chars().allMatch(c -> c >= '0' && c <= '9')) {
        numbers.add(Integer.parseInt(name));
      }
    }
    numbers.sort(null);
    if (!readOnly && !numbers.isEmpty()) {
      int last = numbers.getLast();
      Path p = dir.resolve(fileName(last));
      if (!startsWithMagic(p)) {
        // Empty, torn while its header was written, or not a head chunk file: holds no chunk.
        ops.delete(p);
        numbers.removeLast();
        log.atWarn().addKeyValue("file", p).log("deleted last head chunk file without magic");
      }
    }
    for (int n : numbers) {
      FileState fs = new FileState(n, Long.MAX_VALUE);
      fs.map = ops.map(dir.resolve(fileName(n)));
      fs.size = fs.map.size();
      files.put(n, fs);
    }
  }

  private boolean startsWithMagic(Path p) throws IOException {
    if (ops.size(p) < 4) {
      return false;
    }
    try (MappedFile m = ops.map(p)) {
      return m.segment().get(BE_INT, 0) == MAGIC;
    }
  }

  /**
   * Reads every chunk of the files, in order, verifying headers and CRCs, and records each file's
   * newest sample time. Call before the first write.
   *
   * @param beforeFile only files numbered below this are read
   * @throws CorruptFileException at the first damage (bad header, torn or short chunk, CRC
   *     mismatch, gap in the file numbers); the visitor has then seen the chunks before it
   */
  public void forEachChunk(int beforeFile, ChunkVisitor visitor) {
    lock.readLock().lock();
    try {
      int expected = -1;
      for (FileState fs : files.values()) {
        if (fs.number >= beforeFile || fs == current) {
          break;
        }
        if (expected >= 0 && fs.number != expected) {
          throw new CorruptFileException(
              dir, fs.number, "file numbers not sequential: expected " + fileName(expected));
        }
        expected = fs.number + 1;
        fs.maxTime = scanFile(fs, visitor);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  private long scanFile(FileState fs, ChunkVisitor visitor) {
    MemorySegment seg = fs.map.segment();
    long end = fs.size;
    if (end < HEADER_SIZE) {
      throw new CorruptFileException(dir, fs.number, "file of " + end + " bytes has no header");
    }
    int magic = seg.get(BE_INT, 0);
    if (magic != MAGIC) {
      throw new CorruptFileException(
          dir, fs.number, "invalid magic number " + Integer.toHexString(magic));
    }
    if (seg.get(ValueLayout.JAVA_BYTE, 4) != VERSION) {
      throw new CorruptFileException(
          dir, fs.number, "invalid chunk format version " + seg.get(ValueLayout.JAVA_BYTE, 4));
    }
    long maxTime = Long.MIN_VALUE;
    long pos = HEADER_SIZE;
    CRC32C sum = new CRC32C();
    byte[] scratch = new byte[256];
    while (pos < end) {
      if (end - pos < MAX_CHUNK_META_SIZE) {
        for (long i = pos; i < end; i++) {
          if (seg.get(ValueLayout.JAVA_BYTE, i) != 0) {
            throw new CorruptFileException(
                dir,
                fs.number,
                "head chunk file has some unread data, but doesn't include enough bytes to read"
                    + " the chunk header - required:"
                    + (pos + MAX_CHUNK_META_SIZE)
                    + ", available:"
                    + end);
          }
        }
        break;
      }
      long seriesRef = seg.get(BE_LONG, pos);
      long mint = seg.get(BE_LONG, pos + 8);
      long maxt = seg.get(BE_LONG, pos + 16);
      if (seriesRef == 0 && mint == 0 && maxt == 0) {
        break; // preallocated, zero-filled tail
      }
      long lenPos = pos + 25;
      long dataLen = 0;
      int shift = 0;
      int lenBytes = 0;
      while (true) {
        if (lenBytes == 5) {
          throw new CorruptFileException(dir, fs.number, "chunk length overflows at " + pos);
        }
        byte b = seg.get(ValueLayout.JAVA_BYTE, lenPos + lenBytes++);
        dataLen |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          break;
        }
        shift += 7;
      }
      long dataStart = lenPos + lenBytes;
      long crcPos = dataStart + dataLen;
      if (crcPos + 4 > end) {
        throw new CorruptFileException(
            dir,
            fs.number,
            "head chunk file doesn't include enough bytes to read the chunk - required:"
                + (crcPos + 4)
                + ", available:"
                + end);
      }
      sum.reset();
      for (long i = pos; i < crcPos; i += scratch.length) {
        int n = (int) Math.min(scratch.length, crcPos - i);
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, i, scratch, 0, n);
        sum.update(scratch, 0, n);
      }
      int stored = seg.get(BE_INT, crcPos);
      if ((int) sum.getValue() != stored) {
        throw new CorruptFileException(
            dir,
            fs.number,
            "checksum mismatch expected:"
                + Integer.toHexString(stored)
                + ", actual:"
                + Integer.toHexString((int) sum.getValue()));
      }
      int numSamples =
          dataLen >= 2
              ? ((seg.get(ValueLayout.JAVA_BYTE, dataStart) & 0xFF) << 8)
                  | (seg.get(ValueLayout.JAVA_BYTE, dataStart + 1) & 0xFF)
              : 0;
      maxTime = Math.max(maxTime, maxt);
      if (seg.get(ValueLayout.JAVA_BYTE, pos + 24) == XOR_ENCODING) {
        visitor.chunk(seriesRef, ((long) fs.number << 32) | pos, mint, maxt, numSamples);
      }
      pos = crcPos + 4;
    }
    return maxTime;
  }

  /**
   * Deletes file {@code number} and every later file (Prometheus' answer to a corrupt file: their
   * chunks are rebuilt from the WAL). Not allowed on a read-only instance.
   */
  public void deleteFrom(int number) throws IOException {
    checkWritable();
    List<Path> doomed = new ArrayList<>();
    lock.writeLock().lock();
    try {
      for (FileState fs : new ArrayList<>(files.tailMap(number, true).values())) {
        if (fs == current) {
          closeCurrentWriter();
        }
        unmap(fs);
        files.remove(fs.number);
        doomed.add(dir.resolve(fileName(fs.number)));
      }
    } finally {
      lock.writeLock().unlock();
    }
    for (Path p : doomed) {
      ops.delete(p);
    }
    if (!doomed.isEmpty()) {
      ops.syncDirectory(dir);
    }
  }

  /**
   * Appends a chunk and returns its reference. Starts a new file first when there is none yet (or
   * the chunk would grow the current one past {@value #MAX_FILE_SIZE} bytes); flushes the write
   * buffer when the chunk does not fit in it.
   *
   * @param encoding the chunk encoding byte (1 = XOR)
   * @throws IOException when the chunk could not be buffered (a file could not be created or the
   *     full buffer could not be flushed); the chunk is then not written, and everything written
   *     before stays readable
   */
  public long write(long seriesRef, long mint, long maxt, byte encoding, byte[] data, int len)
      throws IOException {
    checkWritable();
    lock.writeLock().lock();
    try {
      if (closed) {
        throw new IOException("head chunk files are closed");
      }
      try {
        long ref = writeLocked(seriesRef, mint, maxt, encoding, data, len);
        if (failing) {
          failing = false;
          log.atInfo().addKeyValue("dir", dir).log("head chunk writes succeed again");
        }
        return ref;
      } catch (IOException e) {
        if (!failing) {
          failing = true;
          log.atWarn()
              .addKeyValue("dir", dir)
              .addKeyValue("err", e.toString())
              .log("head chunk write failed; keeping full chunks in memory");
        }
        throw e;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private long writeLocked(
      long seriesRef, long mint, long maxt, byte encoding, byte[] data, int len)
      throws IOException {
    int lenBytes = uvarintSize(len);
    int size = 8 + 8 + 8 + 1 + lenBytes + len + 4;
    if (size > writeBufferSize - HEADER_SIZE) {
      throw new IOException("chunk of " + len + " bytes is too large for a head chunk file");
    }
    FileState fs = current;
    if (fs == null || fs.size + size > MAX_FILE_SIZE) {
      fs = cutLocked();
    }
    if (bufLen + size > buf.length) {
      flushLocked();
    }
    byte[] b = buf;
    int start = bufLen;
    int p = putLong(b, start, seriesRef);
    p = putLong(b, p, mint);
    p = putLong(b, p, maxt);
    b[p++] = encoding;
    long v = len;
    while (v >= 0x80) {
      b[p++] = (byte) (v | 0x80);
      v >>>= 7;
    }
    b[p++] = (byte) v;
    System.arraycopy(data, 0, b, p, len);
    p += len;
    crc.reset();
    crc.update(b, start, p - start);
    int c = (int) crc.getValue();
    b[p++] = (byte) (c >>> 24);
    b[p++] = (byte) (c >>> 16);
    b[p++] = (byte) (c >>> 8);
    b[p++] = (byte) c;
    bufLen = p;
    long ref = ((long) fs.number << 32) | fs.size;
    fs.size += size;
    fs.maxTime = Math.max(fs.maxTime, maxt);
    return ref;
  }

  /** Finishes the current file (if any) and starts the next one, buffering its header. */
  private FileState cutLocked() throws IOException {
    FileState old = current;
    if (old != null) {
      finishCurrentLocked();
    }
    int number = files.isEmpty() ? 1 : files.lastKey() + 1;
    Path path = dir.resolve(fileName(number));
    WritableFile file = ops.create(path);
    try {
      ops.syncDirectory(dir);
    } catch (IOException e) {
      file.close();
      ops.delete(path);
      throw e;
    }
    FileState fs = new FileState(number, Long.MIN_VALUE);
    files.put(number, fs);
    current = fs;
    out = file;
    flushed = 0;
    if (buf == null) {
      buf = new byte[writeBufferSize];
    }
    putInt(buf, 0, MAGIC);
    buf[4] = VERSION;
    buf[5] = 0;
    buf[6] = 0;
    buf[7] = 0;
    bufLen = HEADER_SIZE;
    fs.size = HEADER_SIZE;
    return fs;
  }

  /**
   * Writes the buffer to the current file and maps the file anew. On failure the file is cut
   * back to its previous size and the buffer kept, so that no chunk is lost.
   */
  private void flushLocked() throws IOException {
    FileState fs = current;
    if (fs == null || bufLen == 0) {
      return;
    }
    WritableFile file = out;
    try {
      file.write(buf, 0, bufLen);
      MappedFile remapped = ops.map(dir.resolve(fileName(fs.number)));
      unmap(fs);
      fs.map = remapped;
    } catch (IOException | RuntimeException e) {
      try {
        file.truncate(flushed);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    flushed += bufLen;
    bufLen = 0;
  }

  private void finishCurrentLocked() throws IOException {
    flushLocked();
    WritableFile file = out;
    if (file != null) {
      file.sync();
      file.close();
    }
    out = null;
    current = null;
  }

  private void closeCurrentWriter() {
    WritableFile file = out;
    out = null;
    current = null;
    bufLen = 0;
    if (file != null) {
      try {
        file.close();
      } catch (IOException e) {
        log.atWarn().addKeyValue("err", e.toString()).log("close head chunk file");
      }
    }
  }

  /**
   * Returns a copy of the data of chunk {@code ref}.
   *
   * @throws CorruptionException when no chunk is held at {@code ref}
   */
  public byte[] chunkBytes(long ref) {
    int number = fileNumber(ref);
    long off = offset(ref);
    lock.readLock().lock();
    try {
      FileState fs = files.get(number);
      if (fs == null || off < HEADER_SIZE || off + 30 > fs.size) {
        throw new CorruptionException(
            "head chunk " + Long.toHexString(ref) + " not found in " + dir);
      }
      if (fs == current && off >= flushed) {
        return fromBuffer(ref, (int) (off - flushed));
      }
      MemorySegment seg = fs.map.segment();
      long p = off + 25;
      long dataLen = 0;
      int shift = 0;
      byte b;
      do {
        b = seg.get(ValueLayout.JAVA_BYTE, p++);
        dataLen |= (long) (b & 0x7F) << shift;
        shift += 7;
      } while (b < 0 && shift < 35);
      if (p + dataLen > seg.byteSize()) {
        throw new CorruptionException(
            "head chunk " + Long.toHexString(ref) + " extends past the end of its file");
      }
      byte[] data = new byte[(int) dataLen];
      MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, p, data, 0, data.length);
      return data;
    } finally {
      lock.readLock().unlock();
    }
  }

  private byte[] fromBuffer(long ref, int at) {
    byte[] b = buf;
    int p = at + 25;
    int dataLen = 0;
    int shift = 0;
    byte x;
    do {
      x = b[p++];
      dataLen |= (x & 0x7F) << shift;
      shift += 7;
    } while (x < 0 && shift < 35);
    if (p + dataLen > bufLen) {
      throw new CorruptionException("head chunk " + Long.toHexString(ref) + " not found");
    }
    byte[] data = new byte[dataLen];
    System.arraycopy(b, p, data, 0, dataLen);
    return data;
  }

  /**
   * Deletes the oldest files whose chunks all end before {@code mint}, stopping at the first file
   * with a newer chunk and never deleting the file being written; then, when the file being
   * written holds chunks, starts a new one, so that it can be deleted by a later truncation.
   *
   * @return the number of files deleted
   */
  public int truncateBefore(long mint) throws IOException {
    checkWritable();
    List<Path> doomed = new ArrayList<>();
    lock.writeLock().lock();
    try {
      for (Map.Entry<Integer, FileState> e : new ArrayList<>(files.entrySet())) {
        FileState fs = e.getValue();
        if (fs == current || fs.maxTime >= mint) {
          break;
        }
        unmap(fs);
        files.remove(fs.number);
        doomed.add(dir.resolve(fileName(fs.number)));
      }
      if (current != null && current.size > HEADER_SIZE) {
        finishCurrentLocked();
      }
    } finally {
      lock.writeLock().unlock();
    }
    for (Path p : doomed) {
      ops.delete(p);
    }
    if (!doomed.isEmpty()) {
      ops.syncDirectory(dir);
    }
    return doomed.size();
  }

  /** Writes buffered chunks to the current file and syncs it. */
  public void flush() throws IOException {
    if (readOnly) {
      return;
    }
    lock.writeLock().lock();
    try {
      flushLocked();
      if (out != null) {
        out.sync();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Returns the numbers of the files held, oldest first. */
  public List<Integer> fileNumbers() {
    lock.readLock().lock();
    try {
      return List.copyOf(files.keySet());
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Returns whether this instance only reads (see {@link #openReadOnly}). */
  public boolean readOnly() {
    return readOnly;
  }

  /** Returns the directory of the files. */
  public Path dir() {
    return dir;
  }

  /** Returns the bytes the files hold, buffered chunks included. */
  public long sizeBytes() {
    lock.readLock().lock();
    try {
      long total = 0;
      for (FileState fs : files.values()) {
        total += fs.size;
      }
      return total;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Flushes and syncs the file being written, then unmaps and closes all files. Chunks must not
   * be read afterwards.
   */
  @Override
  public void close() throws IOException {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      IOException failure = null;
      if (!readOnly && current != null) {
        try {
          finishCurrentLocked();
        } catch (IOException e) {
          failure = e;
          closeCurrentWriter();
        }
      }
      for (FileState fs : files.values()) {
        unmap(fs);
      }
      files.clear();
      buf = null;
      if (failure != null) {
        throw failure;
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  private void checkWritable() {
    if (readOnly) {
      throw new IllegalStateException("head chunk files in " + dir + " are open read-only");
    }
  }

  private static void unmap(FileState fs) {
    MappedFile m = fs.map;
    fs.map = null;
    if (m != null) {
      m.close();
    }
  }

  private static int uvarintSize(long v) {
    int n = 1;
    while (v >= 0x80) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  private static int putLong(byte[] b, int p, long v) {
    putInt(b, p, (int) (v >>> 32));
    putInt(b, p + 4, (int) v);
    return p + 8;
  }

  private static void putInt(byte[] b, int p, int v) {
    b[p] = (byte) (v >>> 24);
    b[p + 1] = (byte) (v >>> 16);
    b[p + 2] = (byte) (v >>> 8);
    b[p + 3] = (byte) v;
  }
}
