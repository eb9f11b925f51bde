package io.argus.tsdb.wal;

import io.argus.tsdb.encoding.EncBuf;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.fs.WritableFile;
import io.argus.util.Clock;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xerial.snappy.Snappy;

/**
 * The write-ahead log writer: appends records to numbered segment files in Prometheus' format.
 *
 * <pre>
 * Segment  --&gt; Page*                       (8-digit decimal file name, no header)
 * Page     --&gt; Fragment* [Padding]         (32768 bytes; only the newest segment may end early)
 * Fragment --&gt; u8 header, be16 length, be32 crc32c(payload), payload[length]
 * header   --&gt; bit 4 zstd, bit 3 snappy, bits 2..0 type: 0 padding, 1 full, 2 first,
 *              3 middle, 4 last
 * Padding  --&gt; zero bytes up to the page end (starts with a type-0 header byte)
 * </pre>
 *
 * <p>Writing: each record is compressed as a whole if that makes it smaller, then split into
 * fragments that fill the current page; a page with fewer than 7 bytes left is padded with zeros. A
 * record that does not fit in what is left of the segment starts a new segment, so records never
 * span segments (a record larger than a whole segment gets one oversized segment). The current page
 * is buffered; completed pages are written as they fill up and the partial page is written at the
 * end of every {@link #log} call. Opening always starts a new segment after the existing ones, and
 * closing or cutting a segment pads its last page, so complete segments are whole pages.
 *
 * <p>Failure: if {@link #log} fails (write or fsync), the segment is truncated back to where the
 * call started, so none of the call's records that were destined for the current segment remain and
 * later calls can continue. If a batch crossed a segment cut, the records before the cut stay in
 * the completed segment. If even the truncation fails the writer refuses further writes; reopen it,
 * which starts a new segment, and replay plus {@link #repair} handle the damaged tail.
 *
 * <p>Recovery: {@link #repair} rewrites a segment that {@link WalReader} found damaged, keeping the
 * records before the damage and deleting all later segments.
 *
 * <p>Concurrency: all methods are synchronized; {@link #log} may be called from any thread.
 */
public final class Wal implements Closeable {
  /** The page size; segments are made of pages and fragments never cross a page boundary. */
  public static final int PAGE_SIZE = 32 * 1024;

  static final int HEADER_SIZE = 7;
  static final int TYPE_MASK = 0x07;
  static final int TYPE_PAGE_TERM = 0;
  static final int TYPE_FULL = 1;
  static final int TYPE_FIRST = 2;
  static final int TYPE_MIDDLE = 3;
  static final int TYPE_LAST = 4;
  static final int FLAG_SNAPPY = 0x08;
  static final int FLAG_ZSTD = 0x10;
  private static final String REPAIR_SUFFIX = ".repair";

  private static final Logger logger = LoggerFactory.getLogger(Wal.class);

  private final FileOps ops;
  private final Path dir;
  private final WalOptions options;
  private final Clock clock;
  private final int pagesPerSegment;
  private final CRC32C crc = new CRC32C();

  private final byte[] page = new byte[PAGE_SIZE];
  private int pageAlloc;
  private int pageFlushed;
  private int donePages;
  private byte[] compressBuf = new byte[0];

  private int segmentIndex = -1;
  private @Nullable WritableFile segment;

  /** Where the current call started, for rolling back; see {@link #mark()}. */
  private int markDonePages;

  private int markAlloc;
  private boolean isMarkPageSaved;
  private final byte[] markPage = new byte[PAGE_SIZE];

  private @Nullable IOException brokenBy;
  private boolean closed;

  private Wal(FileOps ops, Path dir, WalOptions options, Clock clock) {
    this.ops = ops;
    this.dir = dir;
    this.options = options;
    this.clock = clock;
    this.pagesPerSegment = options.segmentBytes() / PAGE_SIZE;
  }

  /**
   * Opens the WAL in {@code dir} for writing: creates the directory, deletes leftover {@code
   * checkpoint.*.tmp} directories, zero-pads a torn last page of the newest segment and starts a
   * new segment after it.
   *
   * @throws io.argus.tsdb.encoding.CorruptionException if the existing segments have a gap
   */
  public static Wal open(FileOps ops, Path dir, WalOptions options, Clock clock)
      throws IOException {
    ops.createDirectories(dir);
    for (String name : ops.list(dir)) {
      if (name.startsWith(Checkpoint.PREFIX) && name.endsWith(Checkpoint.TMP_SUFFIX)) {
        logger.atInfo().addKeyValue("dir", name).log("deleting leftover temporary checkpoint");
        ops.deleteRecursively(dir.resolve(name));
      } else if (name.endsWith(REPAIR_SUFFIX)) {
        logger
            .atWarn()
            .addKeyValue("file", name)
            .log("found the copy of a segment from an interrupted repair; keeping it");
      }
    }
    SegmentRange existing = SegmentFiles.range(ops, dir);
    if (!existing.isEmpty()) {
      padTornPage(ops, SegmentFiles.path(dir, existing.last()));
    }
    Wal wal = new Wal(ops, dir, options, clock);
    wal.startSegment(existing.last() + 1);
    return wal;
  }

  private static void padTornPage(FileOps ops, Path file) throws IOException {
    long size = ops.size(file);
    int torn = (int) (size % PAGE_SIZE);
    if (torn == 0) {
      return;
    }
    logger
        .atWarn()
        .addKeyValue("segment", file.getFileName().toString())
        .addKeyValue("size", size)
        .log("last page of the wal is torn, filling it with zeros");
    try (WritableFile f = ops.openForAppend(file)) {
      f.write(new byte[PAGE_SIZE - torn], 0, PAGE_SIZE - torn);
      f.sync();
    }
  }

  /** Returns the WAL directory. */
  public Path dir() {
    return dir;
  }

  public WalOptions options() {
    return options;
  }

  /** Returns the index of the segment being written. */
  public synchronized int currentSegment() {
    return segmentIndex;
  }

  /**
   * Appends records, in order, and writes them to the operating system before returning (and to
   * stable storage when {@link WalOptions#isSyncOnLog()}). On failure none of the records written
   * into the current segment by this call remain (see the class comment).
   *
   * @throws IOException naming the failed write or fsync and the segment
   * @throws IllegalStateException if the WAL is closed
   */
  public synchronized void log(byte[]... records) throws IOException {
    ensureWritable();
    mark();
    try {
      for (byte[] r : records) {
        append(r, r.length, true);
      }
      finishCall();
    } catch (IOException e) {
      throw rollback(e);
    }
  }

  /** Appends the contents of each buffer as one record; see {@link #log(byte[]...)}. */
  public synchronized void log(EncBuf... records) throws IOException {
    ensureWritable();
    mark();
    try {
      for (EncBuf r : records) {
        append(r.array(), r.len(), true);
      }
      finishCall();
    } catch (IOException e) {
      throw rollback(e);
    }
  }

  /** Forces everything logged so far to stable storage. */
  public synchronized void sync() throws IOException {
    ensureWritable();
    syncSegment(current());
  }

  /**
   * Pads and completes the current segment and starts the next one.
   *
   * @return the index of the new segment
   */
  public synchronized int nextSegment() throws IOException {
    ensureWritable();
    mark();
    try {
      cutSegment();
    } catch (IOException e) {
      throw rollback(e);
    }
    return segmentIndex;
  }

  /** Returns the range of segments currently in the WAL directory. */
  public SegmentRange segments() throws IOException {
    return SegmentFiles.range(ops, dir);
  }

  /**
   * Deletes all segments with an index below {@code upToExclusive}.
   *
   * @throws IllegalArgumentException if that would delete the segment being written
   */
  public synchronized void truncate(int upToExclusive) throws IOException {
    if (upToExclusive > segmentIndex) {
      throw new IllegalArgumentException(
          "cannot truncate the wal up to "
              + upToExclusive
              + ": segment "
              + segmentIndex
              + " is being written");
    }
    for (int index : SegmentFiles.list(ops, dir)) {
      if (index < upToExclusive) {
        ops.delete(SegmentFiles.path(dir, index));
      }
    }
  }

  /**
   * Repairs the damage {@code corruption} reports in this WAL: deletes every later segment,
   * rewrites the damaged segment with only the records that start before the damage, and continues
   * writing in a new segment after it. Everything at or after the damage is lost. A writer that
   * refused writes after an unrecoverable failure accepts them again once a repair succeeds.
   *
   * @throws IllegalArgumentException if the damage is not in this WAL's directory (for example in a
   *     checkpoint, which cannot be repaired)
   */
  public synchronized void repair(WalCorruptionException corruption) throws IOException {
    if (closed) {
      throw new IllegalStateException("wal is closed");
    }
    if (!sameDir(corruption.dir())) {
      throw new IllegalArgumentException(
          "cannot repair corruption outside the wal directory " + dir + ": " + corruption);
    }
    int damaged = corruption.segment();
    Path damagedFile = SegmentFiles.path(dir, damaged);
    if (damaged < 0 || !ops.exists(damagedFile)) {
      throw new IllegalArgumentException("corrupted wal segment does not exist: " + damagedFile);
    }
    long startNanos = clock.nanoTime();
    logger
        .atWarn()
        .addKeyValue("segment", damaged)
        .addKeyValue("offset", corruption.offset())
        .addKeyValue("err", corruption.getMessage())
        .log("starting wal corruption repair");
    try {
      WritableFile active = segment;
      segment = null;
      if (active != null) {
        active.close();
      }
      for (int index : SegmentFiles.list(ops, dir)) {
        if (index > damaged) {
          logger.atWarn().addKeyValue("segment", index).log("deleting wal segment after damage");
          ops.delete(SegmentFiles.path(dir, index));
        }
      }
      Path repairFile = dir.resolve(SegmentFiles.name(damaged) + REPAIR_SUFFIX);
      ops.rename(damagedFile, repairFile);
      startSegment(damaged);
      int kept = 0;
      try (WalReader r =
          new WalReader(ops, List.of(new WalReader.SegmentRef(dir, damaged, repairFile)))) {
        while (nextBefore(r, corruption.offset())) {
          append(r.recordBuffer(), r.recordLength(), false);
          kept++;
        }
      }
      WritableFile rewritten = current();
      if (pageAlloc > 0) {
        flushPage(true);
      }
      syncSegment(rewritten);
      segment = null;
      rewritten.close();
      ops.delete(repairFile);
      startSegment(damaged + 1);
      brokenBy = null;
      logger
          .atWarn()
          .addKeyValue("segment", damaged)
          .addKeyValue("records", kept)
          .addKeyValue("durationMs", (clock.nanoTime() - startNanos) / 1_000_000)
          .log("wal corruption repaired");
    } catch (IOException | RuntimeException e) {
      brokenBy = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
      throw e;
    }
  }

  private static boolean nextBefore(WalReader r, long offset) throws IOException {
    try {
      return r.next() && r.offset() < offset;
    } catch (WalCorruptionException expected) {
      return false;
    }
  }

  private boolean sameDir(Path other) {
    return dir.toAbsolutePath().normalize().equals(other.toAbsolutePath().normalize());
  }

  /** Pads the current page, syncs and closes the current segment. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    WritableFile f = segment;
    segment = null;
    if (f == null) {
      return;
    }
    try (f) {
      if (brokenBy == null) {
        if (pageAlloc > 0) {
          writePage(f, true);
        }
        syncSegment(f);
      }
    }
  }

  private void ensureWritable() throws IOException {
    if (closed) {
      throw new IllegalStateException("wal is closed");
    }
    if (brokenBy != null) {
      throw new IOException(
          "wal is unusable after a failed write that could not be undone; reopen it", brokenBy);
    }
  }

  private WritableFile current() {
    WritableFile f = segment;
    if (f == null) {
      throw new IllegalStateException("wal has no open segment");
    }
    return f;
  }

  private void startSegment(int index) throws IOException {
    segment = createSegment(SegmentFiles.path(dir, index));
    segmentIndex = index;
    resetPage();
    donePages = 0;
  }

  private void resetPage() {
    Arrays.fill(page, (byte) 0);
    pageAlloc = 0;
    pageFlushed = 0;
  }

  private void finishCall() throws IOException {
    flushPage(false);
    if (options.isSyncOnLog()) {
      syncSegment(current());
    }
  }

  /** Compresses and fragments one record into the page buffer, flushing pages as they fill. */
  private void append(byte[] rec, int len, boolean mayCut) throws IOException {
    byte[] src = rec;
    int n = len;
    int flags = 0;
    if (options.compression() == WalCompression.SNAPPY && len > 0) {
      int max = Snappy.maxCompressedLength(len);
      if (compressBuf.length < max) {
        compressBuf = new byte[max];
      }
      int c = Snappy.compress(rec, 0, len, compressBuf, 0);
      if (c < len) {
        src = compressBuf;
        n = c;
        flags = FLAG_SNAPPY;
      }
    }
    if (mayCut && n > spaceLeftInSegment() && (donePages > 0 || pageAlloc > 0)) {
      cutSegment();
    }
    int written = 0;
    boolean isFirst = true;
    do {
      int part = Math.min(n - written, PAGE_SIZE - pageAlloc - HEADER_SIZE);
      boolean isLast = written + part == n;
      int type = isFirst ? (isLast ? TYPE_FULL : TYPE_FIRST) : (isLast ? TYPE_LAST : TYPE_MIDDLE);
      putFragment(type | flags, src, written, part);
      written += part;
      isFirst = false;
      if (PAGE_SIZE - pageAlloc < HEADER_SIZE) {
        flushPage(true);
      }
    } while (written < n);
  }

  private long spaceLeftInSegment() {
    long inPage = PAGE_SIZE - pageAlloc - HEADER_SIZE;
    return inPage + (long) (PAGE_SIZE - HEADER_SIZE) * (pagesPerSegment - donePages - 1);
  }

  private void putFragment(int header, byte[] src, int off, int len) {
    crc.reset();
    crc.update(src, off, len);
    int sum = (int) crc.getValue();
    int p = pageAlloc;
    page[p] = (byte) header;
    page[p + 1] = (byte) (len >>> 8);
    page[p + 2] = (byte) len;
    page[p + 3] = (byte) (sum >>> 24);
    page[p + 4] = (byte) (sum >>> 16);
    page[p + 5] = (byte) (sum >>> 8);
    page[p + 6] = (byte) sum;
    System.arraycopy(src, off, page, p + HEADER_SIZE, len);
    pageAlloc = p + HEADER_SIZE + len;
  }

  /** Writes the unwritten part of the page; with {@code complete}, pads it and starts a new one. */
  private void flushPage(boolean complete) throws IOException {
    writePage(current(), complete);
  }

  private void writePage(WritableFile f, boolean complete) throws IOException {
    if (complete) {
      pageAlloc = PAGE_SIZE;
    }
    if (pageAlloc > pageFlushed) {
      try {
        f.write(page, pageFlushed, pageAlloc - pageFlushed);
      } catch (IOException e) {
        throw new IOException(
            "write to wal segment " + SegmentFiles.name(segmentIndex) + ": " + e.getMessage(), e);
      }
      pageFlushed = pageAlloc;
    }
    if (complete) {
      if (!isMarkPageSaved && donePages == markDonePages) {
        System.arraycopy(page, 0, markPage, 0, markAlloc);
        isMarkPageSaved = true;
      }
      resetPage();
      donePages++;
    }
  }

  private void syncSegment(WritableFile f) throws IOException {
    try {
      f.sync();
    } catch (IOException e) {
      throw new IOException(
          "fsync wal segment " + SegmentFiles.name(segmentIndex) + ": " + e.getMessage(), e);
    }
  }

  /** Completes the current segment (padded and synced) and switches to a new one. */
  private void cutSegment() throws IOException {
    WritableFile old = current();
    if (pageAlloc > 0) {
      flushPage(true);
    }
    syncSegment(old);
    int next = segmentIndex + 1;
    segment = createSegment(SegmentFiles.path(dir, next));
    segmentIndex = next;
    donePages = 0;
    resetPage();
    mark();
    try {
      old.close();
    } catch (IOException e) {
      logger
          .atWarn()
          .addKeyValue("segment", next - 1)
          .addKeyValue("err", e.getMessage())
          .log("closing completed wal segment failed");
    }
  }

  /** Creates segment file {@code p} and syncs the directory; on failure nothing is left behind. */
  private WritableFile createSegment(Path p) throws IOException {
    WritableFile f;
    try {
      f = ops.create(p);
    } catch (IOException e) {
      throw new IOException("create wal segment " + p + ": " + e.getMessage(), e);
    }
    try {
      ops.syncDirectory(dir);
    } catch (IOException e) {
      closeAndDelete(f, p);
      throw e;
    }
    return f;
  }

  private void closeAndDelete(WritableFile f, Path p) {
    try {
      f.close();
      ops.delete(p);
    } catch (IOException e) {
      logger
          .atWarn()
          .addKeyValue("file", p)
          .addKeyValue("err", e.getMessage())
          .log("cleaning up after a failed segment creation failed");
    }
  }

  /** Remembers the current position so that {@link #rollback} can return to it. */
  private void mark() {
    markDonePages = donePages;
    markAlloc = pageAlloc;
    isMarkPageSaved = false;
  }

  /** Truncates the segment back to the mark; returns the exception for the caller to throw. */
  private IOException rollback(IOException cause) {
    WritableFile f = segment;
    try {
      if (f == null) {
        throw new IOException("no open segment");
      }
      f.truncate((long) markDonePages * PAGE_SIZE + markAlloc);
      if (donePages != markDonePages) {
        System.arraycopy(markPage, 0, page, 0, markAlloc);
      }
      Arrays.fill(page, markAlloc, PAGE_SIZE, (byte) 0);
      donePages = markDonePages;
      pageAlloc = markAlloc;
      pageFlushed = markAlloc;
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
      brokenBy = cause;
      logger
          .atError()
          .addKeyValue("segment", segmentIndex)
          .addKeyValue("err", cause.getMessage())
          .log("undoing a failed wal write failed; the wal refuses further writes");
    }
    return cause;
  }
}
