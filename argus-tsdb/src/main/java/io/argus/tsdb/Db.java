package io.argus.tsdb;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.Appender;
import io.argus.storage.ChunkQuerier;
import io.argus.storage.Querier;
import io.argus.storage.Storage;
import io.argus.storage.StorageException;
import io.argus.tsdb.block.BlockDirs;
import io.argus.tsdb.block.BlockMeta;
import io.argus.tsdb.block.BlockMetas;
import io.argus.tsdb.block.PersistedBlock;
import io.argus.tsdb.block.Ulid;
import io.argus.tsdb.chunks.HeadChunkFiles;
import io.argus.tsdb.compact.LeveledCompactor;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.fs.FileSpace;
import io.argus.tsdb.head.Head;
import io.argus.tsdb.head.HeadOptions;
import io.argus.tsdb.head.RangeHead;
import io.argus.tsdb.querier.BlockQueriers;
import io.argus.tsdb.wal.Wal;
import io.argus.tsdb.wal.WalCompression;
import io.argus.tsdb.wal.WalCorruptionException;
import io.argus.tsdb.wal.WalOptions;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time-series database of one data directory: the {@link Head} with its WAL, the persisted
 * blocks, and the compaction and retention that move data from one to the other (Prometheus' {@code
 * tsdb.DB}).
 *
 * <p>Lifecycle: {@link #open} locks the directory, removes leftovers of interrupted block
 * creation/deletion and checkpoints, loads the blocks, replays the WAL into the head (repairing a
 * torn or corrupt tail), and, unless disabled, starts a virtual thread that runs {@link #compact()}
 * every {@link DbOptions#compactionIntervalMs()} and whenever a commit leaves the head compactable.
 * {@link #close()} stops that thread and releases everything.
 *
 * <p>Thread-safe. Compactions, reloads, deletions and snapshots are serialised; queriers see a
 * consistent list of blocks, and a block stays readable until every querier using it is closed.
 * Foreign directories (e.g. Prometheus' {@code chunks_head/}, {@code wbl/}) are left alone.
 */
public final class Db implements Storage {
  private static final Logger LOG = LoggerFactory.getLogger(Db.class);

  static final String WAL_DIR = "wal";

  /** The directory of the head chunk files, beside the WAL. */
  static final String CHUNKS_HEAD_DIR = "chunks_head";

  private final Path dir;
  private final DbOptions opts;
  private final FileOps ops;
  private final DirLock lock;
  private final Head head;
  private final Wal wal;
  private final LeveledCompactor compactor;
  private final DbMetrics metrics;

  /** Serialises compaction, reload, deletion, tombstone clean-up and snapshots (Go's cmtx). */
  private final ReentrantLock compactionLock = new ReentrantLock();

  /** Guards {@link #blocks}: read to open queriers, write to swap the list (Go's mtx). */
  private final ReentrantReadWriteLock blocksLock = new ReentrantReadWriteLock();

  /** Loaded blocks sorted by min time; replaced, never mutated. */
  private volatile List<PersistedBlock> blocks = List.of();

  private final Semaphore compactNow = new Semaphore(0);
  private volatile boolean closed;
  private @Nullable Thread compactionThread;

  private Db(
      Path dir,
      DbOptions opts,
      FileOps ops,
      DirLock lock,
      Head head,
      Wal wal,
      LeveledCompactor compactor,
      PrometheusRegistry registry) {
    this.dir = dir;
    this.opts = opts;
    this.ops = ops;
    this.lock = lock;
    this.head = head;
    this.wal = wal;
    this.compactor = compactor;
    this.metrics = new DbMetrics(registry, new MetricReadings());
  }

  /**
   * Opens (creating if needed) the database in {@code dir}.
   *
   * @param registry where the database, head and WAL register their metrics
   * @throws StorageException when the directory is locked by another database ("lock DB directory:
   *     resource temporarily unavailable"), a block is corrupt (naming it), or files cannot be read
   */
  public static Db open(
      Path dir, DbOptions opts, FileOps ops, Clock clock, PrometheusRegistry registry) {
    try {
      ops.createDirectories(dir);
    } catch (IOException e) {
      throw new StorageException("create DB directory " + dir + ": " + e.getMessage(), e);
    }
    DirLock lock = DirLock.acquire(dir);
    Wal wal = null;
    Head head = null;
    Db db = null;
    try {
      Path walDir = dir.resolve(WAL_DIR);
      for (Path p : BlockDirs.removeTmpDirs(ops, dir)) {
        LOG.atInfo().addKeyValue("dir", p).log("removed leftover temporary block directory");
      }
      for (Path p : BlockDirs.removeTmpDirs(ops, walDir)) {
        LOG.atInfo().addKeyValue("dir", p).log("removed leftover temporary checkpoint");
      }
      long[] ranges =
          LeveledCompactor.blockRanges(opts.minBlockDurationMs(), opts.maxBlockDurationMs());
      WalOptions walOpts =
          WalOptions.defaults()
              .withSegmentBytes(opts.walSegmentBytes())
              .withCompression(opts.walCompression() ? WalCompression.SNAPPY : WalCompression.NONE)
              .withSyncOnLog(opts.walSyncOnLog());
      // Rejects settings the head does not support before the WAL is opened.
      HeadOptions headOpts =
          new HeadOptions(
              ranges[0], HeadOptions.DEFAULT_SAMPLES_PER_CHUNK, opts.outOfOrderWindowMs());
      wal = Wal.open(ops, walDir, walOpts, clock);
      HeadChunkFiles chunkFiles;
      try {
        chunkFiles = HeadChunkFiles.open(ops, dir.resolve(CHUNKS_HEAD_DIR));
      } catch (IOException e) {
        throw new StorageException("open head chunk files: " + e.getMessage(), e);
      }
      head = new Head(headOpts, clock, wal, chunkFiles, ops, registry);
      db =
          new Db(
              dir, opts, ops, lock, head, wal, new LeveledCompactor(ops, clock, ranges), registry);
      db.compactionLock.lock();
      try {
        db.reloadBlocks();
      } finally {
        db.compactionLock.unlock();
      }
      db.initHead();
      db.startCompactionThread();
      return db;
    } catch (IOException | RuntimeException e) {
      if (db != null) {
        for (PersistedBlock b : db.blocks) {
          b.close();
        }
      }
      closeAfterFailedOpen(head, wal, lock);
      if (e instanceof IOException io) {
        throw new StorageException("open DB in " + dir + ": " + io.getMessage(), io);
      }
      throw (RuntimeException) e;
    }
  }

  private static void closeAfterFailedOpen(@Nullable Head head, @Nullable Wal wal, DirLock lock) {
    try {
      if (head != null) {
        head.close();
      } else if (wal != null) {
        wal.close();
      }
    } catch (IOException | RuntimeException e) {
      LOG.atWarn().addKeyValue("err", e.toString()).log("close after failed open");
    } finally {
      lock.close();
    }
  }

  /** Replays the WAL with the newest block's end as the head's minimum valid time. */
  private void initHead() throws IOException {
    List<PersistedBlock> bs = blocks;
    long minValidTime = Long.MIN_VALUE;
    for (PersistedBlock b : bs) {
      minValidTime = Math.max(minValidTime, b.maxTime());
    }
    try {
      head.init(minValidTime);
    } catch (WalCorruptionException e) {
      // The head holds exactly the records before the damage, which is what the repair keeps.
      LOG.atWarn()
          .addKeyValue("err", e.getMessage())
          .log("encountered WAL read error, attempting repair");
      wal.repair(e);
      LOG.atInfo().log("successfully repaired WAL");
    }
  }

  private void startCompactionThread() {
    long interval = opts.compactionIntervalMs();
    if (interval <= 0) {
      return;
    }
    compactionThread =
        Thread.ofVirtual()
            .name("tsdb-compaction")
            .start(
                () -> {
                  while (!closed) {
                    try {
                      compactNow.tryAcquire(interval, TimeUnit.MILLISECONDS);
                      compactNow.drainPermits();
                    } catch (InterruptedException e) {
                      return;
                    }
                    if (closed) {
                      return;
                    }
                    try {
                      compact();
                    } catch (RuntimeException e) {
                      LOG.atError().addKeyValue("err", e.toString()).log("compaction failed");
                    }
                  }
                });
  }

  // ------------------------------------------------------------------ access

  /** Returns the data directory. */
  public Path dir() {
    return dir;
  }

  /** Returns the head. */
  public Head head() {
    return head;
  }

  /** Returns the loaded blocks, sorted by min time. They stay open until a reload drops them. */
  public List<PersistedBlock> blocks() {
    return blocks;
  }

  /** Returns the options the database was opened with. */
  public DbOptions options() {
    return opts;
  }

  /** Returns the compactor (its block ranges and planner). */
  public LeveledCompactor compactor() {
    return compactor;
  }

  @Override
  public long startTime() {
    List<PersistedBlock> bs = blocks;
    if (!bs.isEmpty()) {
      return bs.get(0).minTime();
    }
    return head.minTime();
  }

  /**
   * Returns an appender on the head; a commit that leaves the head compactable wakes compaction.
   */
  @Override
  public Appender appender() {
    Appender a = head.appender();
    return new Appender() {
      @Override
      public long append(long ref, Labels labels, long t, double v) {
        return a.append(ref, labels, t, v);
      }

      @Override
      public void commit() {
        a.commit();
        if (head.compactable()) {
          compactNow.release();
        }
      }

      @Override
      public void rollback() {
        a.rollback();
      }
    };
  }

  @Override
  public Querier querier(long minTime, long maxTime) {
    blocksLock.readLock().lock();
    try {
      return BlockQueriers.over(readersFor(minTime, maxTime), minTime, maxTime);
    } finally {
      blocksLock.readLock().unlock();
    }
  }

  @Override
  public ChunkQuerier chunkQuerier(long minTime, long maxTime) {
    blocksLock.readLock().lock();
    try {
      return BlockQueriers.chunksOver(readersFor(minTime, maxTime), minTime, maxTime);
    } finally {
      blocksLock.readLock().unlock();
    }
  }

  /** The blocks overlapping the closed range, then the head's slice of it. */
  private List<BlockReader> readersFor(long minTime, long maxTime) {
    ensureOpen();
    List<BlockReader> readers = new ArrayList<>();
    for (PersistedBlock b : blocks) {
      if (b.minTime() <= maxTime && minTime < b.maxTime()) {
        readers.add(b);
      }
    }
    if (maxTime >= head.minTime()) {
      readers.add(new RangeHead(head, minTime, maxTime));
    }
    return readers;
  }

  // -------------------------------------------------------------- compaction

  /**
   * Persists the head while it is compactable (one level-1 block per chunk range, then truncating
   * the head and checkpointing the WAL), then compacts blocks as the planner says until nothing is
   * left to do.
   *
   * @throws StorageException when writing, reloading or truncating fails
   */
  public void compact() {
    compactionLock.lock();
    try {
      ensureOpen();
      long range = compactor.ranges()[0];
      while (head.compactable()) {
        long mint = head.minTime();
        long maxt = Math.floorDiv(mint, range) * range + range;
        compactHead(new RangeHead(head, mint, maxt - 1), mint, maxt);
        if (head.minTime() < maxt && head.minTime() != Long.MAX_VALUE) {
          LOG.atWarn()
              .addKeyValue("min_time", head.minTime())
              .addKeyValue("block_max_time", maxt)
              .log("head did not advance past the persisted range, stopping head compaction");
          break;
        }
      }
      compactBlocks();
    } catch (IOException e) {
      metrics.compactionsFailed.inc();
      throw new StorageException("compact: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      metrics.compactionsFailed.inc();
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("compact: interrupted", e);
    } finally {
      compactionLock.unlock();
    }
  }

  private void compactHead(RangeHead range, long mint, long maxt)
      throws IOException, InterruptedException {
    metrics.compactions.inc();
    Ulid ulid;
    try {
      ulid = compactor.write(dir, range, mint, maxt);
    } catch (IOException e) {
      throw new IOException("persist head block: " + e.getMessage(), e);
    }
    try {
      reloadBlocks();
    } catch (IOException | RuntimeException e) {
      if (ulid != null) {
        ops.deleteRecursively(dir.resolve(ulid.toString()));
      }
      throw e;
    }
    head.truncate(maxt);
  }

  private void compactBlocks() throws IOException {
    while (!closed) {
      if (head.compactable()) {
        LOG.atWarn().log("aborting block compactions to persist the head block");
        return;
      }
      List<Path> plan = compactor.plan(dir);
      if (plan.isEmpty()) {
        return;
      }
      metrics.compactions.inc();
      Ulid ulid;
      try {
        ulid = compactor.compact(dir, plan, blocks);
      } catch (IOException | RuntimeException e) {
        // The compactor marked the inputs failed on disk, so the next plan skips them.
        throw new IOException("compact " + plan + ": " + e.getMessage(), e);
      }
      try {
        reloadBlocks();
      } catch (IOException | RuntimeException e) {
        if (ulid != null) {
          ops.deleteRecursively(dir.resolve(ulid.toString()));
        }
        throw e;
      }
    }
  }

  /**
   * Reloads the blocks from disk and applies retention: deletes blocks marked deletable, replaced
   * by a compacted block (listed as its parent), or beyond the time or size retention.
   *
   * @throws StorageException when a block is corrupt or a file cannot be read
   */
  public void reload() {
    compactionLock.lock();
    try {
      ensureOpen();
      reloadBlocks();
    } catch (IOException e) {
      throw new StorageException("reload blocks: " + e.getMessage(), e);
    } finally {
      compactionLock.unlock();
    }
  }

  /** Must hold {@link #compactionLock}. */
  private void reloadBlocks() throws IOException {
    metrics.reloads.inc();
    try {
      doReloadBlocks();
    } catch (IOException | RuntimeException e) {
      metrics.reloadsFailed.inc();
      throw e;
    }
  }

  private void doReloadBlocks() throws IOException {
    Map<Ulid, PersistedBlock> loaded = new HashMap<>();
    for (PersistedBlock b : blocks) {
      loaded.put(b.meta().ulid(), b);
    }
    Map<Ulid, PersistedBlock> loadable = new LinkedHashMap<>();
    Map<Ulid, BlockMeta> diskMetas = new HashMap<>();
    Map<Ulid, Exception> corrupted = new LinkedHashMap<>();
    List<PersistedBlock> opened = new ArrayList<>();
    for (Path blockDir : BlockDirs.listBlockDirs(ops, dir)) {
      BlockMeta meta;
      try {
        meta = BlockMetas.read(ops, blockDir);
      } catch (IOException | RuntimeException e) {
        LOG.atError()
            .addKeyValue("dir", blockDir)
            .addKeyValue("err", e.toString())
            .log("failed to read meta.json for a block during reload, skipping");
        continue;
      }
      diskMetas.put(meta.ulid(), meta);
      PersistedBlock b = loaded.get(meta.ulid());
      if (b == null) {
        try {
          b = PersistedBlock.open(ops, blockDir);
          opened.add(b);
        } catch (IOException | RuntimeException e) {
          corrupted.put(meta.ulid(), e);
          continue;
        }
      }
      loadable.put(meta.ulid(), b);
    }

    Set<Ulid> deletable = new HashSet<>(retention(loadable, diskMetas));
    for (PersistedBlock b : loadable.values()) {
      for (BlockMeta.BlockDesc parent : b.meta().compaction().parents()) {
        if (corrupted.remove(parent.ulid()) != null) {
          LOG.atWarn()
              .addKeyValue("block", parent.ulid().toString())
              .log("found corrupted block, but replaced by compacted one so it's safe to delete");
        }
        deletable.add(parent.ulid());
      }
    }
    if (!corrupted.isEmpty()) {
      for (PersistedBlock b : opened) {
        b.close();
      }
      Map.Entry<Ulid, Exception> first = corrupted.entrySet().iterator().next();
      StorageException ex =
          new StorageException(
              "corrupted block " + first.getKey() + ": " + first.getValue().getMessage(),
              first.getValue());
      corrupted.values().stream().skip(1).forEach(ex::addSuppressed);
      throw ex;
    }

    List<PersistedBlock> toLoad = new ArrayList<>();
    long blocksBytes = 0;
    for (Map.Entry<Ulid, PersistedBlock> e : loadable.entrySet()) {
      if (!deletable.contains(e.getKey())) {
        toLoad.add(e.getValue());
        blocksBytes += e.getValue().sizeBytes();
      }
    }
    toLoad.sort(Comparator.comparingLong(PersistedBlock::minTime));
    metrics.blocksBytes.set(blocksBytes);

    List<PersistedBlock> old;
    blocksLock.writeLock().lock();
    try {
      old = blocks;
      blocks = List.copyOf(toLoad);
    } finally {
      blocksLock.writeLock().unlock();
    }

    Map<Ulid, PersistedBlock> toClose = new HashMap<>();
    for (PersistedBlock b : old) {
      if (!toLoad.contains(b)) {
        toClose.put(b.meta().ulid(), b);
      }
    }
    for (Ulid id : deletable) {
      PersistedBlock b = loadable.get(id);
      if (b != null) {
        toClose.put(id, b);
      }
    }
    for (PersistedBlock b : toClose.values()) {
      b.close();
    }
    deleteBlocks(deletable);
  }

  private Set<Ulid> retention(Map<Ulid, PersistedBlock> loadable, Map<Ulid, BlockMeta> metas)
      throws IOException {
    List<Retention.BlockStat> stats = new ArrayList<>();
    Map<String, Ulid> byName = new HashMap<>();
    for (Map.Entry<Ulid, PersistedBlock> e : loadable.entrySet()) {
      BlockMeta m = metas.get(e.getKey());
      boolean deletable = m != null && m.compaction().deletable();
      stats.add(
          new Retention.BlockStat(
              e.getKey().toString(), e.getValue().maxTime(), e.getValue().sizeBytes(), deletable));
      byName.put(e.getKey().toString(), e.getKey());
    }
    long headBytes = opts.retentionBytes() > 0 ? headDiskBytes() : 0;
    Retention.Result r =
        Retention.select(stats, opts.retentionMs(), opts.retentionBytes(), headBytes);
    if (r.byTime()) {
      metrics.timeRetentions.inc();
    }
    if (r.bySize()) {
      metrics.sizeRetentions.inc();
    }
    Set<Ulid> out = new HashSet<>();
    for (String id : r.ids()) {
      out.add(byName.get(id));
    }
    return out;
  }

  /** The on-disk size of the head: WAL with checkpoints, plus head chunks and WBL if present. */
  private long headDiskBytes() throws IOException {
    return treeBytes(dir.resolve(WAL_DIR))
        + treeBytes(dir.resolve(CHUNKS_HEAD_DIR))
        + treeBytes(dir.resolve("wbl"));
  }

  private long treeBytes(Path p) throws IOException {
    if (!ops.exists(p)) {
      return 0;
    }
    if (!ops.isDirectory(p)) {
      return ops.size(p);
    }
    long total = 0;
    for (String name : ops.list(p)) {
      total += treeBytes(p.resolve(name));
    }
    return total;
  }

  /** What the database's callback gauges read at scrape time. */
  private final class MetricReadings implements DbMetrics.Readings {
    @Override
    public double blocksLoaded() {
      return blocks.size();
    }

    @Override
    public double lowestTimestamp() {
      return startTime();
    }

    @Override
    public double walSegmentCurrent() {
      return wal.currentSegment();
    }

    @Override
    public double walBytes() {
      try {
        return treeBytes(dir.resolve(WAL_DIR));
      } catch (IOException e) {
        return Double.NaN;
      }
    }

    @Override
    public @Nullable FileSpace dataFileSpace() {
      try {
        return ops.space(dir);
      } catch (IOException e) {
        return null;
      }
    }
  }

  /** Renames each block to {@code <ULID>.tmp-for-deletion}, then removes it. */
  private void deleteBlocks(Set<Ulid> ids) throws IOException {
    for (Ulid id : ids) {
      Path blockDir = dir.resolve(id.toString());
      if (!ops.exists(blockDir)) {
        continue;
      }
      Path tmp = dir.resolve(BlockDirs.deletionDirName(id));
      ops.rename(blockDir, tmp);
      ops.deleteRecursively(tmp);
      LOG.atInfo().addKeyValue("block", id.toString()).log("deleting obsolete block");
    }
    if (!ids.isEmpty()) {
      ops.syncDirectory(dir);
    }
  }

  // --------------------------------------------------------------- deletion

  /**
   * Deletes the samples in {@code [mint, maxt]} (ms, inclusive) of the series matching all {@code
   * matchers}, in the blocks (as tombstones) and in the head. Compaction later drops them.
   *
   * @throws StorageException when a tombstones file or the WAL cannot be written
   */
  public void delete(long mint, long maxt, Matcher... matchers) {
    compactionLock.lock();
    try {
      ensureOpen();
      for (PersistedBlock b : blocks) {
        if (b.minTime() <= maxt && mint < b.maxTime()) {
          b.delete(mint, maxt, matchers);
        }
      }
      if (head.minTime() <= maxt && mint <= head.maxTime()) {
        head.delete(mint, maxt, matchers);
      }
    } catch (IOException e) {
      throw new StorageException("delete series: " + e.getMessage(), e);
    } finally {
      compactionLock.unlock();
    }
  }

  /**
   * Rewrites every block that has tombstones without the deleted samples; a block left empty is
   * deleted.
   *
   * @throws StorageException when a block cannot be rewritten
   */
  public void cleanTombstones() {
    compactionLock.lock();
    try {
      ensureOpen();
      List<Ulid> created = new ArrayList<>();
      try {
        for (PersistedBlock b : blocks) {
          if (b.tombstones().total() == 0) {
            continue;
          }
          Ulid ulid = compactor.rewrite(dir, b);
          if (ulid != null) {
            created.add(ulid);
          }
        }
        reloadBlocks();
      } catch (IOException | RuntimeException e) {
        for (Ulid u : created) {
          ops.deleteRecursively(dir.resolve(u.toString()));
        }
        throw e;
      }
    } catch (IOException e) {
      throw new StorageException("clean tombstones: " + e.getMessage(), e);
    } finally {
      compactionLock.unlock();
    }
  }

  // --------------------------------------------------------------- snapshot

  /**
   * Writes a snapshot of the database into {@code snapshotDir}: every block hard-linked (or
   * copied), and with {@code withHead} the head's data as one more block. The result opens as a
   * database.
   *
   * @throws IllegalArgumentException when {@code snapshotDir} is the data directory or a ULID
   * @throws StorageException when files cannot be written
   */
  public void snapshot(Path snapshotDir, boolean withHead) {
    if (snapshotDir.toAbsolutePath().normalize().equals(dir.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException("cannot snapshot into base directory");
    }
    if (BlockDirs.isBlockDir(String.valueOf(snapshotDir.getFileName()))) {
      throw new IllegalArgumentException("dir must not be a valid ULID");
    }
    compactionLock.lock();
    blocksLock.readLock().lock();
    try {
      ensureOpen();
      ops.createDirectories(snapshotDir);
      for (PersistedBlock b : blocks) {
        LOG.atInfo().addKeyValue("block", b.meta().ulid().toString()).log("snapshotting block");
        linkTree(b.dir(), snapshotDir.resolve(b.meta().ulid().toString()));
      }
      if (withHead && head.minTime() != Long.MAX_VALUE) {
        long mint = head.minTime();
        long maxt = head.maxTime();
        compactor.write(snapshotDir, new RangeHead(head, mint, maxt), mint, maxt + 1);
      }
    } catch (IOException e) {
      throw new StorageException("snapshot: " + e.getMessage(), e);
    } finally {
      blocksLock.readLock().unlock();
      compactionLock.unlock();
    }
  }

  private void linkTree(Path from, Path to) throws IOException {
    ops.createDirectories(to);
    for (String name : ops.list(from)) {
      Path src = from.resolve(name);
      if (ops.isDirectory(src)) {
        linkTree(src, to.resolve(name));
      } else {
        ops.link(src, to.resolve(name));
      }
    }
    ops.syncDirectory(to);
  }

  // ------------------------------------------------------------------ close

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("db already closed");
    }
  }

  /** Stops compaction, closes the head (and its WAL) and the blocks, and releases the lock. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    Thread t = compactionThread;
    if (t != null) {
      compactNow.release();
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    compactionLock.lock();
    try {
      RuntimeException failure = null;
      try {
        head.close();
      } catch (RuntimeException e) {
        failure = e;
      }
      for (PersistedBlock b : blocks) {
        b.close();
      }
      blocks = List.of();
      lock.close();
      if (failure != null) {
        throw failure;
      }
    } finally {
      compactionLock.unlock();
    }
  }
}
