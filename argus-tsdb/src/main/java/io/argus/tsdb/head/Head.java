package io.argus.tsdb.head;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.Appendable;
import io.argus.storage.Appender;
import io.argus.storage.StorageException;
import io.argus.tsdb.BlockReader;
import io.argus.tsdb.chunks.ChunkReader;
import io.argus.tsdb.chunks.HeadChunkFiles;
import io.argus.tsdb.encoding.CorruptionException;
import io.argus.tsdb.encoding.EncBuf;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.index.IndexReader;
import io.argus.tsdb.index.MemPostings;
import io.argus.tsdb.index.Postings;
import io.argus.tsdb.index.PostingsForMatchers;
import io.argus.tsdb.record.Records;
import io.argus.tsdb.record.RefSeries;
import io.argus.tsdb.record.RefTombstone;
import io.argus.tsdb.record.SampleBatch;
import io.argus.tsdb.tombstones.Interval;
import io.argus.tsdb.tombstones.MemTombstones;
import io.argus.tsdb.tombstones.TombstoneReader;
import io.argus.tsdb.wal.Checkpoint;
import io.argus.tsdb.wal.SegmentRange;
import io.argus.tsdb.wal.Wal;
import io.argus.tsdb.wal.WalCorruptionException;
import io.argus.tsdb.wal.WalReader;
import io.argus.tsdb.wal.WalRetention;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory head block: the newest samples of every series, appendable, queryable and
 * (optionally) backed by a write-ahead log, with Prometheus' semantics.
 *
 * <p>Series live in striped maps (by labels and by ID; IDs are positive, increasing and never
 * reused) and each has its own lock, its immutable full XOR chunks and one open chunk. Appenders
 * validate samples against the series' newest sample and the head's appendable minimum time,
 * write a series and a samples record to the WAL on commit, then apply the samples to the series
 * and make them visible together (isolation). Readers see only batches committed before they
 * opened their chunk reader.
 *
 * <p>With head chunk files, every full chunk is written to them when it is cut and the series keep
 * only its reference; {@link #init(long)} first loads those chunks per series, then the WAL replay
 * skips samples they already cover, and {@link #truncate(long)} deletes files whose chunks all end
 * before the new minimum time. Damaged files are deleted from the first damaged one on (as
 * Prometheus does); their samples come back from the WAL.
 *
 * <p>With a WAL, {@link #init(long)} replays it (newest checkpoint, then the later segments) and
 * {@link #truncate(long)} checkpoints and truncates it as Prometheus does. The head owns the WAL
 * and closes it in {@link #close()}.
 *
 * <p>Thread-safe. Time bounds are Unix ms; {@link #minTime()} and {@link #maxTime()} are
 * inclusive and are {@link Long#MAX_VALUE} and {@link Long#MIN_VALUE} while the head is empty.
 */
public final class Head implements BlockReader, Appendable, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Head.class);

  /** Number of lock stripes of the series maps. */
  static final int SERIES_STRIPES = 1024;

  final HeadOptions opts;
  private final Clock clock;
  private final @Nullable Wal wal;
  final @Nullable HeadChunkFiles chunkFiles;
  private final FileOps fileOps;
  final StripeSeries series = new StripeSeries(SERIES_STRIPES);
  final MemPostings postings = new MemPostings();
  final Isolation isolation = new Isolation();
  final HeadMetrics metrics;

  private volatile MemTombstones tombstones = new MemTombstones();
  private final AtomicLong lastSeriesId = new AtomicLong();
  private final AtomicLong minTime = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong maxTime = new AtomicLong(Long.MIN_VALUE);
  private volatile long minValidTime = Long.MIN_VALUE;
  private final AtomicLong numSeries = new AtomicLong();
  private final AtomicLong numChunks = new AtomicLong();

  /** Read-held while a series is created and indexed, write-held while series are removed. */
  private final ReentrantReadWriteLock seriesLifecycleLock = new ReentrantReadWriteLock();

  /** Orders WAL writes so that a series record always precedes samples of that series. */
  final ReentrantLock walLock = new ReentrantLock();

  /** Serializes truncation and deletion. */
  private final Object truncateLock = new Object();

  /**
   * Series removed by garbage collection, with the newest WAL segment at that time: their series
   * records must survive checkpoints until no segment with their samples is replayed. Guarded by
   * {@link #truncateLock}.
   */
  private final LongObjectMap<Integer> removedSeriesSegments = new LongObjectMap<>();

  private volatile @Nullable WalRetention walRetention;

  /**
   * Creates an empty head; call {@link #init(long)} before appending to replay {@code wal}.
   *
   * @param wal the write-ahead log to write to and replay, or null to run without one
   * @param registry where the head registers its metrics (Prometheus' names)
   */
  public Head(HeadOptions opts, Clock clock, @Nullable Wal wal, PrometheusRegistry registry) {
    this(opts, clock, wal, FileOps.defaults(), registry);
  }

  /**
   * Creates an empty head whose WAL replay and checkpoints read and write files through {@code
   * fileOps}.
   */
  public Head(
      HeadOptions opts,
      Clock clock,
      @Nullable Wal wal,
      FileOps fileOps,
      PrometheusRegistry registry) {
    this(opts, clock, wal, null, fileOps, registry);
  }

  /**
   * Creates an empty head that writes its full chunks to {@code chunkFiles} (owned by the head from
   * now on and closed in {@link #close()}) and loads them back in {@link #init(long)}.
   *
   * @param chunkFiles the head chunk files, or null to keep full chunks on the heap
   */
  public Head(
      HeadOptions opts,
      Clock clock,
      @Nullable Wal wal,
      @Nullable HeadChunkFiles chunkFiles,
      FileOps fileOps,
      PrometheusRegistry registry) {
    this.opts = opts;
    this.clock = clock;
    this.wal = wal;
    this.chunkFiles = chunkFiles;
    this.fileOps = fileOps;
    this.metrics = new HeadMetrics(this, registry);
  }

  /** Returns the WAL the head writes to, or null. */
  @Nullable Wal wal() {
    return wal;
  }

  /** Returns the options the head was created with. */
  public HeadOptions options() {
    return opts;
  }

  // ---------------------------------------------------------------- appending

  /**
   * Returns an appender for one batch. Its samples must not be older than {@link
   * #appendableMinValidTime()} as of now.
   */
  @Override
  public Appender appender() {
    HeadAppender.AppendBuffers b = appendBuffers.poll();
    return new HeadAppender(
        this, appendableMinValidTime(), b != null ? b : new HeadAppender.AppendBuffers());
  }

  /** Buffers of finished appenders, for the next ones; bounded (extra ones are dropped). */
  private final ArrayBlockingQueue<HeadAppender.AppendBuffers> appendBuffers =
      new ArrayBlockingQueue<>(16);

  /** Takes back the emptied buffers of a finished appender. */
  void releaseAppendBuffers(HeadAppender.AppendBuffers b) {
    if (b.poolable()) {
      appendBuffers.offer(b);
    }
  }

  /**
   * Returns the oldest timestamp an appender accepts: the minimum valid time (raised by
   * truncation to the head's new minimum time), and once the head holds samples also its maximum
   * time minus half the chunk range, so that appends never land in a range being compacted.
   */
  public long appendableMinValidTime() {
    long max = maxTime.get();
    long valid = minValidTime;
    return max == Long.MIN_VALUE ? valid : Math.max(valid, max - opts.chunkRange() / 2);
  }

  /** Returns the minimum valid time: appends below it are out of bounds. */
  public long minValidTime() {
    return minValidTime;
  }

  /** Returns the series with {@code labels}, creating and indexing it when absent. */
  MemSeries getOrCreate(Labels labels) {
    MemSeries s = series.getByLabels(labels);
    if (s != null) {
      return s;
    }
    Labels shared = postings.intern(labels);
    seriesLifecycleLock.readLock().lock();
    try {
      StripeSeries.Lookup lookup = series.getOrCreate(shared, lastSeriesId::incrementAndGet);
      if (lookup.created()) {
        postings.add(lookup.series().id, labels);
        numSeries.incrementAndGet();
        metrics.seriesCreated.inc();
      }
      return lookup.series();
    } finally {
      seriesLifecycleLock.readLock().unlock();
    }
  }

  /**
   * Writes a batch to the WAL: a series record for its series not logged yet, then one samples
   * record. The samples record is encoded before taking the WAL lock.
   *
   * @throws StorageException if the WAL write fails; nothing of the batch is then logged
   */
  void logBatch(MemSeries[] batch, SampleBatch samples, EncBuf recordBuffer) {
    Wal w = wal;
    if (w == null) {
      return;
    }
    EncBuf samplesRec = Records.encodeSamples(recordBuffer, samples);
    List<MemSeries> claimed = new ArrayList<>();
    walLock.lock();
    try {
      List<RefSeries> fresh = new ArrayList<>();
      for (int i = 0; i < samples.size(); i++) {
        MemSeries s = batch[i];
        if (!s.walLogged) {
          s.walLogged = true;
          claimed.add(s);
          fresh.add(new RefSeries(s.id, s.labels));
        }
      }
      if (fresh.isEmpty()) {
        w.log(samplesRec);
      } else {
        w.log(Records.encodeSeries(new EncBuf(), fresh), samplesRec);
      }
    } catch (IOException e) {
      claimed.forEach(s -> s.walLogged = false);
      throw new StorageException("write to WAL: " + e.getMessage(), e);
    } finally {
      walLock.unlock();
    }
  }

  /**
   * Applies a logged batch to its series and makes it visible at once. Samples that became out of
   * order since they were validated (another batch got there first) are dropped and counted.
   */
  void applyBatch(MemSeries[] batch, SampleBatch samples) {
    int n = samples.size();
    long[] ts = samples.timestamps();
    double[] vs = samples.values();
    long appendId = isolation.newAppendId();
    try {
      long lowWatermark = isolation.lowWatermark();
      long batchMin = Long.MAX_VALUE;
      long batchMax = Long.MIN_VALUE;
      int appended = 0;
      int outOfOrder = 0;
      int newChunks = 0;
      for (int i = 0; i < n; i++) {
        MemSeries s = batch[i];
        long t = ts[i];
        int outcome;
        synchronized (s) {
          outcome = s.append(t, vs[i], appendId, lowWatermark, opts, chunkFiles);
          s.pendingCommits--;
        }
        switch (outcome) {
          case MemSeries.APPENDED_NEW_CHUNK -> newChunks++;
          case MemSeries.REJECTED_OUT_OF_ORDER -> outOfOrder++;
          default -> {}
        }
        if (outcome >= MemSeries.APPENDED) {
          appended++;
          batchMin = Math.min(batchMin, t);
          batchMax = Math.max(batchMax, t);
        }
        batch[i] = null;
      }
      if (appended > 0) {
        updateMinMaxTime(batchMin, batchMax);
      }
      numChunks.addAndGet(newChunks);
      metrics.samplesAppended.inc(appended);
      if (outOfOrder > 0) {
        metrics.outOfOrderSamples.inc(outOfOrder);
      }
    } finally {
      isolation.closeAppend(appendId);
    }
  }

  private void updateMinMaxTime(long mint, long maxt) {
    long cur;
    while (mint < (cur = minTime.get())) {
      if (minTime.compareAndSet(cur, mint)) {
        break;
      }
    }
    while (maxt > (cur = maxTime.get())) {
      if (maxTime.compareAndSet(cur, maxt)) {
        break;
      }
    }
  }

  // ---------------------------------------------------------------- reading

  /** Opens an index reader over the whole head. */
  @Override
  public IndexReader index() {
    return new HeadIndexReader(this, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** Opens a chunk reader over the whole head that sees the batches committed so far. */
  @Override
  public ChunkReader chunks() {
    return new HeadChunkReader(this, isolation.newReadState(Long.MIN_VALUE));
  }

  /** Returns the head's tombstones. */
  @Override
  public TombstoneReader tombstones() {
    return tombstones;
  }

  /** Returns the lowest timestamp (inclusive) in the head; {@link Long#MAX_VALUE} when empty. */
  @Override
  public long minTime() {
    return minTime.get();
  }

  /** Returns the highest timestamp (inclusive) in the head; {@link Long#MIN_VALUE} when empty. */
  @Override
  public long maxTime() {
    return maxTime.get();
  }

  /** Returns the number of series in the head. */
  public long numSeries() {
    return numSeries.get();
  }

  /** Returns the number of chunks (full and open) in the head. */
  public long numChunks() {
    return numChunks.get();
  }

  /**
   * Returns whether the head holds enough data to persist its oldest chunk range as a block:
   * more than 1.5 chunk ranges between its minimum and maximum time.
   */
  public boolean compactable() {
    long min = minTime.get();
    long max = maxTime.get();
    return min != Long.MAX_VALUE && max - min > opts.chunkRange() / 2 * 3;
  }

  /**
   * Returns a rough estimate of the heap the head's series and chunks occupy, in bytes (not
   * counting label strings shared with the rest of the process or the postings index).
   */
  public long estimateMemoryBytes() {
    long[] bytes = {0};
    series.forEach(
        s -> {
          synchronized (s) {
            bytes[0] += s.estimateBytes();
          }
        });
    return bytes[0];
  }

  // ---------------------------------------------------------------- truncation

  /**
   * Makes WAL truncations keep the segments that {@code retention}'s readers hold, within its
   * budget. Call before the first truncation.
   */
  public void retainWalFor(WalRetention retention) {
    this.walRetention = retention;
  }

  /**
   * Drops all data before {@code mint}: chunks whose samples all lie before it, then series left
   * without chunks and without pending appends. Raises the minimum valid time to {@code mint}.
   * Waits for open readers that may read data before {@code mint} to close first. Then, with a
   * WAL, starts a new segment and checkpoints the lower two thirds of the older segments, keeping
   * series still in the head and samples at or after {@code mint}; the checkpointed segments and
   * older checkpoints are deleted.
   *
   * @throws StorageException if the WAL checkpoint or truncation fails (the in-memory truncation
   *     has happened by then)
   */
  public void truncate(long mint) throws InterruptedException {
    synchronized (truncateLock) {
      if (truncateMemory(mint)) {
        truncateChunkFiles(mint);
        truncateWal(mint);
      }
    }
  }

  private void truncateChunkFiles(long mint) {
    HeadChunkFiles f = chunkFiles;
    if (f == null) {
      return;
    }
    try {
      int deleted = f.truncateBefore(mint);
      if (deleted > 0) {
        log.atInfo()
            .addKeyValue("mint", mint)
            .addKeyValue("deleted_files", deleted)
            .log("head chunk files truncated");
      }
    } catch (IOException e) {
      // The chunks are no longer referenced; the files go with a later truncation.
      log.atWarn().addKeyValue("err", e.toString()).log("truncate head chunk files");
    }
  }

  private void truncateWal(long mint) {
    Wal w = wal;
    if (w == null) {
      return;
    }
    long start = clock.nanoTime();
    try {
      SegmentRange range = w.segments();
      w.nextSegment();
      // The segment written until now is never checkpointed; of the older ones the lower two
      // thirds hold mostly samples that are now obsolete.
      int last = range.last() - 1;
      if (range.isEmpty() || last < 0 || last <= range.first()) {
        return;
      }
      int wanted = range.first() + (last - range.first()) * 2 / 3;
      if (wanted <= range.first()) {
        return;
      }
      WalRetention retention = walRetention;
      int to =
          retention == null
              ? wanted
              : retention.truncationBound(fileOps, w.dir(), range.first(), wanted);
      if (to <= range.first()) {
        return;
      }
      Checkpoint.create(
          fileOps,
          w.dir(),
          range.first(),
          to,
          id -> {
            Integer removedAt = removedSeriesSegments.get(id);
            return series.getById(id) != null || (removedAt != null && removedAt > to);
          },
          mint,
          w.options(),
          clock);
      LongObjectMap<Integer> stillNeeded = new LongObjectMap<>();
      removedSeriesSegments.forEachEntry(
          (id, seg) -> {
            if (seg > to) {
              stillNeeded.put(id, seg);
            }
          });
      removedSeriesSegments.clear();
      stillNeeded.forEachEntry(removedSeriesSegments::put);
      log.atInfo()
          .addKeyValue("to", to)
          .addKeyValue("mint", mint)
          .addKeyValue("duration_ms", (clock.nanoTime() - start) / 1_000_000)
          .log("wal truncated");
    } catch (IOException e) {
      throw new StorageException("truncate WAL: " + e.getMessage(), e);
    }
  }

  /** Returns false when there was nothing to truncate. */
  private boolean truncateMemory(long mint) throws InterruptedException {
    if (minTime.get() >= mint && minTime.get() != Long.MAX_VALUE) {
      return false;
    }
    long start = clock.nanoTime();
    minTime.set(mint);
    minValidTime = mint;
    long cur;
    while ((cur = maxTime.get()) < mint) {
      maxTime.compareAndSet(cur, mint);
    }
    isolation.awaitReadersBelow(mint);
    int removedSeries = gc(mint);
    log.atInfo()
        .addKeyValue("mint", mint)
        .addKeyValue("removed_series", removedSeries)
        .addKeyValue("duration_ms", (clock.nanoTime() - start) / 1_000_000)
        .log("head gc completed");
    return true;
  }

  /**
   * Drops chunks before {@code mint} and removes series left empty.
   *
   * @return the number of series removed
   */
  private int gc(long mint) {
    List<MemSeries> candidates = new ArrayList<>();
    long[] droppedChunks = {0};
    long[] actualMin = {Long.MAX_VALUE};
    series.forEach(
        s -> {
          synchronized (s) {
            droppedChunks[0] += s.truncateChunksBefore(mint);
            if (s.numChunks() == 0 && s.pendingCommits == 0) {
              candidates.add(s);
            } else if (s.numChunks() > 0) {
              actualMin[0] = Math.min(actualMin[0], s.minTime());
            }
          }
        });
    numChunks.addAndGet(-droppedChunks[0]);
    List<MemSeries> removed = new ArrayList<>(candidates.size());
    seriesLifecycleLock.writeLock().lock();
    try {
      for (MemSeries s : candidates) {
        synchronized (s) {
          if (s.numChunks() != 0 || s.pendingCommits != 0) {
            continue;
          }
          s.removed = true;
        }
        series.remove(s);
        removed.add(s);
        if (wal != null) {
          removedSeriesSegments.put(s.id, wal.currentSegment());
        }
      }
      if (!removed.isEmpty()) {
        LongObjectMap<MemSeries> ids = new LongObjectMap<>(removed.size());
        for (MemSeries s : removed) {
          ids.put(s.id, s);
        }
        postings.delete(id -> ids.get(id) != null);
      }
    } finally {
      seriesLifecycleLock.writeLock().unlock();
    }
    if (!removed.isEmpty()) {
      numSeries.addAndGet(-removed.size());
      metrics.seriesRemoved.inc(removed.size());
      MemTombstones old = tombstones;
      if (old.total() > 0) {
        MemTombstones kept = new MemTombstones();
        old.forEach(
            (ref, intervals) -> {
              if (series.getById(ref) != null) {
                kept.addInterval(ref, intervals.toArray(new Interval[0]));
              }
            });
        tombstones = kept;
      }
    }
    if (actualMin[0] != Long.MAX_VALUE && actualMin[0] > minTime.get()) {
      minTime.set(actualMin[0]);
    }
    return removed.size();
  }

  // ---------------------------------------------------------------- deletion

  /**
   * Deletes the samples in {@code [mint, maxt]} (inclusive, ms) of every series matching all of
   * {@code matchers} by recording tombstones, clamped to each series' time range, and logging them
   * to the WAL. Queries apply the tombstones; compaction drops the samples.
   *
   * @throws StorageException if the WAL write fails (no tombstone is then recorded)
   */
  public void delete(long mint, long maxt, Matcher... matchers) {
    synchronized (truncateLock) {
      List<RefTombstone> stones = new ArrayList<>();
      try (IndexReader index = new HeadIndexReader(this, mint, maxt)) {
        Postings p = PostingsForMatchers.select(index, matchers);
        while (p.next()) {
          MemSeries s = series.getById(p.at());
          if (s == null) {
            continue;
          }
          long t0;
          long t1;
          synchronized (s) {
            if (s.numChunks() == 0) {
              continue;
            }
            t0 = Math.max(mint, s.minTime());
            t1 = Math.min(maxt, s.maxTime());
          }
          if (t0 <= t1) {
            stones.add(new RefTombstone(s.id, t0, t1));
          }
        }
      }
      if (stones.isEmpty()) {
        return;
      }
      Wal w = wal;
      if (w != null) {
        walLock.lock();
        try {
          w.log(Records.encodeTombstones(new EncBuf(), stones));
        } catch (IOException e) {
          throw new StorageException("write to WAL: " + e.getMessage(), e);
        } finally {
          walLock.unlock();
        }
      }
      MemTombstones current = tombstones;
      for (RefTombstone st : stones) {
        current.addInterval(st.ref(), new Interval(st.minTime(), st.maxTime()));
      }
    }
  }

  // ---------------------------------------------------------------- WAL replay

  /**
   * Sets the minimum valid time (samples before it are dropped on replay and rejected later as out
   * of bounds) and replays the WAL, if any, into the head.
   *
   * @throws WalCorruptionException when the WAL is damaged; the head then holds exactly what the
   *     records before the damage contain, which is what repairing the WAL keeps, so the caller
   *     may repair it and continue with this head
   * @throws StorageException if WAL files cannot be read
   */
  public void init(long minValidTime) {
    this.minValidTime = minValidTime;
    mmapped = loadChunkFiles();
    try {
      Wal w = wal;
      if (w != null) {
        replay(w.dir());
      }
    } finally {
      mmapped = null;
    }
  }

  /**
   * Full chunks loaded from the head chunk files in {@link #init}, per series ID, until WAL replay
   * creates their series; null otherwise.
   */
  private @Nullable LongObjectMap<LoadedChunks> mmapped;

  /** The chunks of one series read from the head chunk files: ref, mint, maxt, samples each. */
  private static final class LoadedChunks {
    long[] entries = new long[16];
    int size;

    long lastMaxTime() {
      return entries[size - 2];
    }

    void add(long ref, long mint, long maxt, int samples) {
      if (size == entries.length) {
        entries = java.util.Arrays.copyOf(entries, size * 2);
      }
      entries[size++] = ref;
      entries[size++] = mint;
      entries[size++] = maxt;
      entries[size++] = samples;
    }
  }

  /**
   * Reads the chunks of the head chunk files that end at or after the minimum valid time, by
   * series. At the first damage (including chunks of a series out of time order) the damaged
   * file and all later ones are deleted (left alone, but ignored, when the files are read-only)
   * and the files are read again.
   */
  private @Nullable LongObjectMap<LoadedChunks> loadChunkFiles() {
    HeadChunkFiles f = chunkFiles;
    if (f == null) {
      return null;
    }
    long start = clock.nanoTime();
    int limit = Integer.MAX_VALUE;
    while (true) {
      LongObjectMap<LoadedChunks> bySeries = new LongObjectMap<>();
      long[] count = {0};
      try {
        f.forEachChunk(
            limit,
            (seriesRef, ref, mint, maxt, samples) -> {
              if (maxt < minValidTime) {
                return;
              }
              LoadedChunks c = bySeries.get(seriesRef);
              if (c == null) {
                c = new LoadedChunks();
                bySeries.put(seriesRef, c);
              } else if (mint <= c.lastMaxTime()) {
                throw new HeadChunkFiles.CorruptFileException(
                    f.dir(),
                    HeadChunkFiles.fileNumber(ref),
                    "out of sequence m-mapped chunk for series ref " + seriesRef);
              }
              c.add(ref, mint, maxt, samples);
              count[0]++;
            });
        log.atInfo()
            .addKeyValue("chunks", count[0])
            .addKeyValue("series", bySeries.size())
            .addKeyValue("duration_ms", (clock.nanoTime() - start) / 1_000_000)
            .log("on-disk memory mappable chunks replay completed");
        return bySeries;
      } catch (HeadChunkFiles.CorruptFileException e) {
        log.atWarn()
            .addKeyValue("err", e.getMessage())
            .log("loading on-disk chunks failed, discarding chunk files from the damaged one on");
        limit = e.fileNumber();
        if (!f.readOnly()) {
          try {
            f.deleteFrom(limit);
          } catch (IOException io) {
            throw new StorageException("delete corrupted head chunk files: " + io.getMessage(), io);
          }
        }
      }
    }
  }

  /** Gives a series created by WAL replay the full chunks loaded for its ID. */
  private void attachLoadedChunks(MemSeries s, ReplayStats stats) {
    LongObjectMap<LoadedChunks> m = mmapped;
    LoadedChunks c = m == null ? null : m.get(s.id);
    if (c == null) {
      return;
    }
    long[] e = c.entries;
    synchronized (s) {
      for (int i = 0; i < c.size; i += 4) {
        if (s.addMmappedChunk(e[i], e[i + 1], e[i + 2], (int) e[i + 3])) {
          stats.chunks++;
          stats.mint = Math.min(stats.mint, e[i + 1]);
          stats.maxt = Math.max(stats.maxt, e[i + 2]);
          stats.mmappedChunks++;
        }
      }
    }
    m.remove(s.id);
  }

  /**
   * Replays the WAL in {@code walDir}: the newest checkpoint, then the later segments. Series keep
   * their WAL IDs; samples older than the series' newest sample or than the minimum valid time are
   * dropped silently; unknown record types are skipped.
   */
  void replay(Path walDir) {
    long start = clock.nanoTime();
    List<RefSeries> seriesBuf = new ArrayList<>();
    List<RefTombstone> stoneBuf = new ArrayList<>();
    SampleBatch samples = new SampleBatch(1024);
    // The series of every WAL ID seen in a series record, including IDs of records that repeat
    // labels already held under another ID; looked up without the head's stripe locks.
    ReplaySeriesIndex byWalRef = new ReplaySeriesIndex();
    ReplayStats stats = new ReplayStats();
    try (WalReader reader = WalReader.replay(fileOps, walDir)) {
      while (reader.next()) {
        byte[] rec = reader.recordBuffer();
        int len = reader.recordLength();
        try {
          switch (Records.type(rec, len)) {
            case SERIES -> {
              seriesBuf.clear();
              Records.decodeSeries(rec, len, seriesBuf);
              for (RefSeries rs : seriesBuf) {
                replaySeries(rs, byWalRef, stats);
              }
            }
            case SAMPLES -> {
              samples.clear();
              Records.decodeSamples(rec, len, samples);
              replaySamples(samples, byWalRef, stats);
            }
            case TOMBSTONES -> {
              stoneBuf.clear();
              Records.decodeTombstones(rec, len, stoneBuf);
              for (RefTombstone st : stoneBuf) {
                MemSeries s = replayLookup(st.ref(), byWalRef);
                if (s != null && st.maxTime() >= minValidTime) {
                  tombstones.addInterval(s.id, new Interval(st.minTime(), st.maxTime()));
                }
              }
            }
            default -> stats.skippedRecords++;
          }
        } catch (WalCorruptionException e) {
          throw e;
        } catch (CorruptionException e) {
          Path dir = reader.dir();
          throw new WalCorruptionException(
              dir == null ? walDir : dir, reader.segment(), reader.offset(), e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new StorageException("replay WAL: " + e.getMessage(), e);
    } finally {
      finishReplay(stats, start);
    }
  }

  private void replaySeries(RefSeries rs, ReplaySeriesIndex byWalRef, ReplayStats stats) {
    StripeSeries.Lookup lookup = series.getOrCreate(postings.intern(rs.labels()), rs::ref);
    MemSeries s = lookup.series();
    s.walLogged = true;
    if (lookup.created()) {
      postings.add(s.id, s.labels);
      numSeries.incrementAndGet();
      metrics.seriesCreated.inc();
      attachLoadedChunks(s, stats);
    }
    byWalRef.put(rs.ref(), s);
    long cur;
    while ((cur = lastSeriesId.get()) < rs.ref()) {
      lastSeriesId.compareAndSet(cur, rs.ref());
    }
  }

  private @Nullable MemSeries replayLookup(long ref, ReplaySeriesIndex byWalRef) {
    MemSeries s = byWalRef.get(ref);
    return s != null ? s : series.getById(ref);
  }

  private void replaySamples(SampleBatch samples, ReplaySeriesIndex byWalRef, ReplayStats stats) {
    int n = samples.size();
    // In runs, for the same reason as Records.decodeSamples: compiled after a few hundred calls.
    for (int from = 0; from < n; from += REPLAY_RUN) {
      replaySampleRun(samples, from, Math.min(n, from + REPLAY_RUN), byWalRef, stats);
    }
  }

  private static final int REPLAY_RUN = 32;

  private void replaySampleRun(
      SampleBatch samples, int from, int to, ReplaySeriesIndex byWalRef, ReplayStats stats) {
    long[] refs = samples.refs();
    long[] ts = samples.timestamps();
    double[] vs = samples.values();
    long valid = minValidTime;
    MemSeries s = null;
    long sRef = 0;
    for (int i = from; i < to; i++) {
      long t = ts[i];
      if (t < valid) {
        stats.dropped++;
        continue;
      }
      if (s == null || refs[i] != sRef) {
        sRef = refs[i];
        s = replayLookup(sRef, byWalRef);
        if (s == null) {
          stats.unknownRefs++;
          continue;
        }
      }
      int outcome;
      synchronized (s) {
        // Samples up to the newest full chunk are in it already (loaded from the head chunk
        // files). Append ID 0 is below every low watermark: replayed samples are visible to all.
        outcome =
            t <= s.closedMaxTime() ? COVERED_BY_CHUNK : s.append(t, vs[i], 0, 1, opts, chunkFiles);
      }
      if (outcome == COVERED_BY_CHUNK) {
        stats.covered++;
      } else if (outcome >= MemSeries.APPENDED) {
        stats.samples++;
        stats.mint = Math.min(stats.mint, t);
        stats.maxt = Math.max(stats.maxt, t);
        if (outcome == MemSeries.APPENDED_NEW_CHUNK) {
          stats.chunks++;
        }
      } else {
        stats.dropped++;
      }
    }
  }

  /** Replay outcome of a sample that a full chunk already holds. */
  private static final int COVERED_BY_CHUNK = -2;

  private void finishReplay(ReplayStats stats, long startNanos) {
    numChunks.addAndGet(stats.chunks);
    if (stats.samples > 0) {
      updateMinMaxTime(Math.max(stats.mint, minValidTime), stats.maxt);
    }
    log.atInfo()
        .addKeyValue("series", numSeries.get())
        .addKeyValue("samples", stats.samples)
        .addKeyValue("dropped_samples", stats.dropped)
        .addKeyValue("mmapped_chunks", stats.mmappedChunks)
        .addKeyValue("samples_in_mmapped_chunks", stats.covered)
        .addKeyValue("unknown_series_refs", stats.unknownRefs)
        .addKeyValue("skipped_records", stats.skippedRecords)
        .addKeyValue("duration_ms", (clock.nanoTime() - startNanos) / 1_000_000)
        .log("wal replay completed");
  }

  /** Counters of one replay. */
  private static final class ReplayStats {
    long samples;
    long dropped;
    long unknownRefs;
    long chunks;
    long skippedRecords;
    long mmappedChunks;
    long covered;
    long mint = Long.MAX_VALUE;
    long maxt = Long.MIN_VALUE;
  }

  /** Closes the head chunk files and the WAL, if any. The head must not be used afterwards. */
  @Override
  public void close() {
    HeadChunkFiles f = chunkFiles;
    Wal w = wal;
    try {
      if (f != null) {
        f.close();
      }
    } catch (IOException e) {
      throw new StorageException("close head chunk files: " + e.getMessage(), e);
    } finally {
      if (w != null) {
        try {
          w.close();
        } catch (IOException e) {
          throw new StorageException("close WAL: " + e.getMessage(), e);
        }
      }
    }
  }
}
