package io.argus.tsdb.block;

import io.argus.model.labels.LabelsBuilder;
import io.argus.model.labels.Matcher;
import io.argus.storage.chunkenc.Chunk;
import io.argus.tsdb.BlockReader;
import io.argus.tsdb.chunks.BlockChunkReader;
import io.argus.tsdb.chunks.ChunkReader;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.index.BlockIndexReader;
import io.argus.tsdb.index.ChunkRef;
import io.argus.tsdb.index.IndexReader;
import io.argus.tsdb.index.Postings;
import io.argus.tsdb.index.PostingsForMatchers;
import io.argus.tsdb.tombstones.Interval;
import io.argus.tsdb.tombstones.MemTombstones;
import io.argus.tsdb.tombstones.TombstoneReader;
import io.argus.tsdb.tombstones.TombstonesFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A block directory on disk opened for reading: {@code meta.json}, the memory-mapped {@code index}
 * and {@code chunks/} segments, and {@code tombstones} (a missing file means none). Thread-safe.
 *
 * <p>Every {@link #index()} and {@link #chunks()} call takes a reference on the block that the
 * returned reader gives back when closed. {@link #close()} refuses new readers, waits (bounded) for
 * outstanding ones, then unmaps the files; any later access through a reader that was not closed in
 * time fails with {@link IllegalStateException} instead of touching unmapped memory.
 */
public final class PersistedBlock implements BlockReader, Closeable {
  /** How long {@link #close()} waits for outstanding readers before unmapping anyway. */
  public static final Duration DEFAULT_CLOSE_WAIT = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger(PersistedBlock.class);
  private static final String INDEX_FILENAME = "index";
  private static final String CHUNKS_DIRNAME = "chunks";

  private final FileOps ops;
  private final Path dir;
  private final BlockIndexReader indexReader;
  private final BlockChunkReader chunkReader;
  private final long indexBytes;
  private final long chunkBytes;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition readersDone = lock.newCondition();

  /** Serialises {@link #delete} calls without blocking readers. */
  private final ReentrantLock deleteLock = new ReentrantLock();

  private int pendingReaders;
  private boolean closing;
  private volatile boolean closed;

  /** Written under {@code deleteLock}; replaced, never mutated, once published. */
  private volatile MemTombstones tombstones;

  private volatile BlockMeta meta;
  private volatile long metaBytes;
  private volatile long tombstoneBytes;

  private PersistedBlock(
      FileOps ops,
      Path dir,
      BlockMeta meta,
      BlockIndexReader indexReader,
      BlockChunkReader chunkReader,
      MemTombstones tombstones,
      long metaBytes,
      long tombstoneBytes,
      long chunkBytes) {
    this.ops = ops;
    this.dir = dir;
    this.meta = meta;
    this.indexReader = indexReader;
    this.chunkReader = chunkReader;
    this.tombstones = tombstones;
    this.metaBytes = metaBytes;
    this.tombstoneBytes = tombstoneBytes;
    this.indexBytes = indexReader.size();
    this.chunkBytes = chunkBytes;
  }

  /**
   * Opens the block in {@code blockDir}.
   *
   * @throws IOException when a file cannot be read or mapped
   * @throws io.argus.tsdb.encoding.CorruptionException when a file is malformed
   */
  public static PersistedBlock open(FileOps ops, Path blockDir) throws IOException {
    BlockMeta meta = BlockMetas.read(ops, blockDir);
    long metaBytes = ops.size(blockDir.resolve(BlockMetas.META_FILENAME));
    Path tombstonesPath = blockDir.resolve(TombstonesFile.FILENAME);
    MemTombstones tombstones = TombstonesFile.read(ops, blockDir);
    long tombstoneBytes = ops.exists(tombstonesPath) ? ops.size(tombstonesPath) : 0;
    Path chunksDir = blockDir.resolve(CHUNKS_DIRNAME);
    long chunkBytes = 0;
    for (String name : ops.list(chunksDir)) {
      chunkBytes += ops.size(chunksDir.resolve(name));
    }
    BlockIndexReader index = BlockIndexReader.open(ops, blockDir.resolve(INDEX_FILENAME));
    BlockChunkReader chunks;
    try {
      chunks = BlockChunkReader.open(ops, chunksDir);
    } catch (IOException | RuntimeException e) {
      index.close();
      throw e;
    }
    return new PersistedBlock(
        ops, blockDir, meta, index, chunks, tombstones, metaBytes, tombstoneBytes, chunkBytes);
  }

  /** Returns the block's metadata (reflecting tombstones added by {@link #delete}). */
  public BlockMeta meta() {
    return meta;
  }

  /** Returns the block directory. */
  public Path dir() {
    return dir;
  }

  /** Returns the total size in bytes of the block's files (index, chunks, meta, tombstones). */
  public long sizeBytes() {
    return indexBytes + chunkBytes + metaBytes + tombstoneBytes;
  }

  @Override
  public long minTime() {
    return meta.minTime();
  }

  /** Returns the exclusive upper bound of the block's samples, as in {@code meta.json}. */
  @Override
  public long maxTime() {
    return meta.maxTime();
  }

  /**
   * Returns a reader of the block's index that holds a reference on the block until closed.
   *
   * @throws IllegalStateException when the block is closing or closed
   */
  @Override
  public IndexReader index() {
    acquire();
    return new HeldIndexReader(indexReader);
  }

  /**
   * Returns a reader of the block's chunks that holds a reference on the block until closed.
   *
   * @throws IllegalStateException when the block is closing or closed
   */
  @Override
  public ChunkReader chunks() {
    acquire();
    return new HeldChunkReader(chunkReader);
  }

  @Override
  public TombstoneReader tombstones() {
    return tombstones;
  }

  /**
   * Marks the samples of the series matching all {@code matchers} in {@code [mint, maxt]} (ms,
   * inclusive) as deleted: adds tombstones for series with chunks in that range, then rewrites the
   * {@code tombstones} file and {@code meta.json} (with the new tombstone count). Queries opened
   * afterwards no longer see those samples; the data goes away at the next compaction.
   *
   * @throws IOException when the files cannot be rewritten; the in-memory state is then unchanged
   */
  public void delete(long mint, long maxt, Matcher... matchers) throws IOException {
    if (mint > maxt) {
      throw new IllegalArgumentException("delete range [" + mint + ", " + maxt + "] is empty");
    }
    deleteLock.lock();
    try {
      MemTombstones updated = new MemTombstones();
      try (IndexReader index = index()) {
        Postings p = PostingsForMatchers.select(index, matchers);
        LabelsBuilder labels = new LabelsBuilder();
        List<ChunkRef> chunks = new ArrayList<>();
        Interval deleted = new Interval(mint, maxt);
        while (p.next()) {
          if (!index.series(p.at(), labels, chunks) || chunks.isEmpty()) {
            continue;
          }
          if (chunks.get(0).minTime() > maxt || chunks.get(chunks.size() - 1).maxTime() < mint) {
            continue;
          }
          updated.addInterval(p.at(), deleted);
        }
      }
      tombstones.forEach(
          (ref, intervals) -> updated.addInterval(ref, intervals.toArray(Interval[]::new)));
      BlockMeta newMeta = meta.withStats(withTombstoneCount(meta.stats(), updated.total()));
      int newTombstoneBytes = TombstonesFile.write(ops, dir, updated);
      tombstones = updated;
      tombstoneBytes = newTombstoneBytes;
      metaBytes = BlockMetas.write(ops, dir, newMeta);
      meta = newMeta;
      LOG.atInfo()
          .addKeyValue("block", newMeta.ulid())
          .addKeyValue("tombstones", updated.total())
          .log("added tombstones to block");
    } finally {
      deleteLock.unlock();
    }
  }

  private static BlockMeta.Stats withTombstoneCount(BlockMeta.Stats s, long numTombstones) {
    return new BlockMeta.Stats(
        s.numSamples(),
        s.numFloatSamples(),
        s.numHistogramSamples(),
        s.numSeries(),
        s.numChunks(),
        numTombstones);
  }

  /**
   * Closes the block, waiting up to {@link #DEFAULT_CLOSE_WAIT} for outstanding readers; see {@link
   * #close(Duration)}.
   */
  @Override
  public void close() {
    close(DEFAULT_CLOSE_WAIT);
  }

  /**
   * Refuses new readers, waits up to {@code maxWait} for outstanding index and chunk readers to be
   * closed, then unmaps the block's files. Readers still open after the wait fail with {@link
   * IllegalStateException} on their next access. Calling it again does nothing.
   *
   * @return true when all readers were closed in time
   */
  public boolean close(Duration maxWait) {
    boolean drained;
    lock.lock();
    try {
      if (closing) {
        return true;
      }
      closing = true;
      long remaining = maxWait.toNanos();
      boolean interrupted = false;
      while (pendingReaders > 0 && remaining > 0) {
        try {
          remaining = readersDone.awaitNanos(remaining);
        } catch (InterruptedException e) {
          interrupted = true;
          break;
        }
      }
      drained = pendingReaders == 0;
      if (!drained) {
        LOG.atWarn()
            .addKeyValue("block", meta.ulid())
            .addKeyValue("pending_readers", pendingReaders)
            .log("closing block with readers still open");
      }
      closed = true;
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    } finally {
      lock.unlock();
    }
    try {
      indexReader.close();
    } finally {
      chunkReader.close();
    }
    return drained;
  }

  /** Returns how many index and chunk readers are open; for tests and metrics. */
  public int pendingReaders() {
    lock.lock();
    try {
      return pendingReaders;
    } finally {
      lock.unlock();
    }
  }

  private void acquire() {
    lock.lock();
    try {
      if (closing || closed) {
        throw new IllegalStateException("block " + meta.ulid() + " is closing");
      }
      pendingReaders++;
    } finally {
      lock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("block " + meta.ulid() + " is closed");
    }
  }

  private void release() {
    lock.lock();
    try {
      pendingReaders--;
      if (pendingReaders == 0) {
        readersDone.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "PersistedBlock[" + dir + "]";
  }

  /** An index reader that gives its reference on the block back when closed. */
  private final class HeldIndexReader implements IndexReader {
    private final IndexReader delegate;
    private final AtomicBoolean released = new AtomicBoolean();

    HeldIndexReader(IndexReader delegate) {
      this.delegate = delegate;
    }

    @Override
    public Iterator<String> symbols() {
      ensureOpen();
      return delegate.symbols();
    }

    @Override
    public List<String> labelNames() {
      ensureOpen();
      return delegate.labelNames();
    }

    @Override
    public List<String> labelValues(String name) {
      ensureOpen();
      return delegate.labelValues(name);
    }

    @Override
    public Postings postings(String name, String... values) {
      ensureOpen();
      return delegate.postings(name, values);
    }

    @Override
    public Postings allPostings() {
      ensureOpen();
      return delegate.allPostings();
    }

    @Override
    public Postings sortedPostings(Postings p) {
      ensureOpen();
      return delegate.sortedPostings(p);
    }

    @Override
    public boolean series(long ref, LabelsBuilder labels, List<ChunkRef> chunks) {
      ensureOpen();
      return delegate.series(ref, labels, chunks);
    }

    @Override
    public void close() {
      if (released.compareAndSet(false, true)) {
        release();
      }
    }
  }

  /** A chunk reader that gives its reference on the block back when closed. */
  private final class HeldChunkReader implements ChunkReader {
    private final ChunkReader delegate;
    private final AtomicBoolean released = new AtomicBoolean();

    HeldChunkReader(ChunkReader delegate) {
      this.delegate = delegate;
    }

    @Override
    public Chunk chunk(long ref) {
      ensureOpen();
      return delegate.chunk(ref);
    }

    @Override
    public void close() {
      if (released.compareAndSet(false, true)) {
        release();
      }
    }
  }
}
