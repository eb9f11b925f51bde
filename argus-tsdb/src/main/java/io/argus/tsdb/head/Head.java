package io.argus.tsdb.head;

import io.argus.model.labels.Labels;
import io.argus.storage.Appendable;
import io.argus.storage.Appender;
import io.argus.storage.chunkenc.XorChunk;
import io.argus.tsdb.BlockReader;
import io.argus.tsdb.chunks.ChunkReader;
import io.argus.tsdb.index.IndexReader;
import io.argus.tsdb.index.MemPostings;
import io.argus.tsdb.tombstones.Interval;
import io.argus.tsdb.tombstones.MemTombstones;
import io.argus.tsdb.tombstones.TombstoneReader;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
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
 * <p>Thread-safe. Time bounds are Unix ms; {@link #minTime()} and {@link #maxTime()} are
 * inclusive and are {@link Long#MAX_VALUE} and {@link Long#MIN_VALUE} while the head is empty.
 */
public final class Head implements BlockReader, Appendable, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Head.class);

  /** Number of lock stripes of the series maps. */
  static final int SERIES_STRIPES = 1024;

  final HeadOptions opts;
  private final Clock clock;
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

  private final Object truncateLock = new Object();

  /**
   * Creates an empty head.
   *
   * @param registry where the head registers its metrics (Prometheus' names)
   */
  public Head(HeadOptions opts, Clock clock, PrometheusRegistry registry) {
    this.opts = opts;
    this.clock = clock;
    this.metrics = new HeadMetrics(this, registry);
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
    return new HeadAppender(this, appendableMinValidTime());
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
    seriesLifecycleLock.readLock().lock();
    try {
      StripeSeries.Lookup lookup = series.getOrCreate(labels, lastSeriesId::incrementAndGet);
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

  /** Writes the batch to the WAL, preceded by records of series not logged yet. */
  void logSamples(MemSeries[] batch, long[] ts, double[] vs, int n) {
    // WAL support is added with the WAL package.
  }

  /**
   * Applies a logged batch to its series and makes it visible at once. Samples that became out of
   * order since they were validated (another batch got there first) are dropped and counted.
   */
  void applyBatch(MemSeries[] batch, long[] ts, double[] vs, int n) {
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
          outcome = s.append(t, vs[i], appendId, lowWatermark, opts, XorChunk::new);
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
   * Drops all data before {@code mint}: chunks whose samples all lie before it, then series left
   * without chunks and without pending appends. Raises the minimum valid time to {@code mint}.
   * Waits for open readers that may read data before {@code mint} to close first.
   */
  public void truncate(long mint) throws InterruptedException {
    synchronized (truncateLock) {
      truncateMemory(mint);
    }
  }

  private void truncateMemory(long mint) throws InterruptedException {
    if (minTime.get() >= mint && minTime.get() != Long.MAX_VALUE) {
      return;
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

  @Override
  public void close() {}
}
