package io.argus.tsdb.compact;

import io.argus.tsdb.BlockReader;
import io.argus.tsdb.block.BlockDirs;
import io.argus.tsdb.block.BlockMeta;
import io.argus.tsdb.block.BlockMetas;
import io.argus.tsdb.block.PersistedBlock;
import io.argus.tsdb.block.Ulid;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prometheus' leveled compactor: plans which blocks of a data directory to merge (storage-formats
 * §5.2), merges them into one block of the next level, and persists ranges of the head as level-1
 * blocks.
 *
 * <p>Thread-safe in itself, but two compactions must not run on the same directory at once (the
 * {@link io.argus.tsdb.Db} serialises them).
 */
public final class LeveledCompactor {
  private static final Logger LOG = LoggerFactory.getLogger(LeveledCompactor.class);

  /** The compaction hint of blocks built from the out-of-order head. */
  public static final String HINT_FROM_OUT_OF_ORDER = "from-out-of-order";

  private final FileOps ops;
  private final Clock clock;
  private final long[] ranges;
  private final Planner planner;
  private final BlockWriter writer;

  /**
   * Creates a compactor.
   *
   * @param ranges block ranges in ms, smallest first; the first is the head's block range
   */
  public LeveledCompactor(FileOps ops, Clock clock, long[] ranges) {
    this.ops = ops;
    this.clock = clock;
    this.ranges = ranges.clone();
    this.planner = new Planner(this.ranges);
    this.writer = new BlockWriter(ops);
  }

  /**
   * Returns {@code steps} ranges starting at {@code minSize}, each {@code stepSize} times the one
   * before (Prometheus' {@code ExponentialBlockRanges}).
   */
  public static long[] exponentialBlockRanges(long minSize, int steps, int stepSize) {
    long[] out = new long[steps];
    long r = minSize;
    for (int i = 0; i < steps; i++) {
      out[i] = r;
      r *= stepSize;
    }
    return out;
  }

  /**
   * Returns the ranges a database uses: {@code exponentialBlockRanges(min, 10, 3)} without those
   * longer than {@code maxBlockDurationMs} (at least the first one is kept).
   */
  public static long[] blockRanges(long minBlockDurationMs, long maxBlockDurationMs) {
    long[] all = exponentialBlockRanges(minBlockDurationMs, 10, 3);
    int n = 1;
    while (n < all.length && all[n] <= maxBlockDurationMs) {
      n++;
    }
    return Arrays.copyOf(all, n);
  }

  /** Returns the block ranges, smallest first. */
  public long[] ranges() {
    return ranges.clone();
  }

  /**
   * Reads the metas of the blocks in {@code dbDir} and returns the directories to compact together
   * next; empty when there is nothing to do. Blocks whose meta cannot be read are left out.
   */
  public List<Path> plan(Path dbDir) throws IOException {
    List<BlockMeta> metas = new ArrayList<>();
    List<Path> dirs = new ArrayList<>();
    for (Path dir : BlockDirs.listBlockDirs(ops, dbDir)) {
      try {
        metas.add(BlockMetas.read(ops, dir));
        dirs.add(dir);
      } catch (IOException | RuntimeException e) {
        LOG.atWarn()
            .addKeyValue("dir", dir)
            .addKeyValue("err", e.toString())
            .log("failed to read meta.json for a block during planning, skipping");
      }
    }
    List<Path> out = new ArrayList<>();
    for (int key : planner.plan(candidates(metas))) {
      out.add(dirs.get(key));
    }
    return out;
  }

  /** Returns the metas of the blocks to compact together next (see §5.2); may be empty. */
  public List<BlockMeta> plan(List<BlockMeta> metas) {
    List<BlockMeta> out = new ArrayList<>();
    for (int key : planner.plan(candidates(metas))) {
      out.add(metas.get(key));
    }
    return out;
  }

  private static List<Planner.Candidate> candidates(List<BlockMeta> metas) {
    List<Planner.Candidate> out = new ArrayList<>(metas.size());
    for (int i = 0; i < metas.size(); i++) {
      BlockMeta m = metas.get(i);
      out.add(
          new Planner.Candidate(
              i,
              m.minTime(),
              m.maxTime(),
              m.stats().numSeries(),
              m.stats().numTombstones(),
              m.compaction().failed()));
    }
    return out;
  }

  /**
   * Returns the meta of a block compacted from {@code inputs} (in this order): time range over all
   * inputs, level one above the highest, sources the sorted union, parents the inputs, and the
   * out-of-order hint only when every input has it. Stats are empty.
   */
  public static BlockMeta compactedMeta(Ulid ulid, List<BlockMeta> inputs) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("no blocks to compact");
    }
    long mint = Long.MAX_VALUE;
    long maxt = Long.MIN_VALUE;
    int level = 0;
    TreeSet<Ulid> sources = new TreeSet<>();
    List<BlockMeta.BlockDesc> parents = new ArrayList<>();
    boolean allOutOfOrder = true;
    for (BlockMeta m : inputs) {
      mint = Math.min(mint, m.minTime());
      maxt = Math.max(maxt, m.maxTime());
      level = Math.max(level, m.compaction().level());
      sources.addAll(m.compaction().sources());
      parents.add(new BlockMeta.BlockDesc(m.ulid(), m.minTime(), m.maxTime()));
      allOutOfOrder &= m.compaction().hints().contains(HINT_FROM_OUT_OF_ORDER);
    }
    List<String> hints = allOutOfOrder ? List.of(HINT_FROM_OUT_OF_ORDER) : List.of();
    return new BlockMeta(
        ulid,
        mint,
        maxt,
        BlockMeta.Stats.EMPTY,
        new BlockMeta.Compaction(level + 1, List.copyOf(sources), parents, false, false, hints));
  }

  /**
   * Compacts the blocks in {@code dirs} into one new block under {@code dest}. Blocks already open
   * (in {@code open}, matched by directory) are read through; the others are opened and closed
   * here. When the result holds no sample, no block is written and the inputs are marked {@code
   * deletable}; on failure the inputs are marked {@code failed} so the planner skips them.
   *
   * @return the new block's ULID, or null when the result was empty
   */
  public @Nullable Ulid compact(Path dest, List<Path> dirs, List<PersistedBlock> open)
      throws IOException {
    List<PersistedBlock> blocks = new ArrayList<>();
    List<PersistedBlock> toClose = new ArrayList<>();
    List<BlockMeta> metas = new ArrayList<>();
    try {
      for (Path dir : dirs) {
        PersistedBlock b = find(open, dir);
        if (b == null) {
          b = PersistedBlock.open(ops, dir);
          toClose.add(b);
        }
        blocks.add(b);
        metas.add(b.meta());
      }
      Ulid ulid = Ulid.generate(clock);
      BlockMeta meta = compactedMeta(ulid, metas);
      BlockMeta written;
      try {
        written = writer.write(dest, meta, blocks);
      } catch (IOException | RuntimeException e) {
        for (Path dir : dirs) {
          markQuietly(dir, true);
        }
        throw e;
      }
      if (written.stats().numSamples() == 0) {
        for (Path dir : dirs) {
          BlockMeta m = BlockMetas.read(ops, dir);
          BlockMetas.write(ops, dir, m.withCompaction(with(m.compaction(), true, false)));
        }
        LOG.atInfo()
            .addKeyValue("sources", dirs.toString())
            .log("compact blocks resulted in empty block");
        return null;
      }
      LOG.atInfo()
          .addKeyValue("mint", written.minTime())
          .addKeyValue("maxt", written.maxTime())
          .addKeyValue("ulid", ulid.toString())
          .addKeyValue("sources", dirs.toString())
          .log("compact blocks");
      return ulid;
    } finally {
      for (PersistedBlock b : toClose) {
        b.close();
      }
    }
  }

  /**
   * Persists the samples of {@code head} in {@code [mint, maxt)} as a level-1 block under {@code
   * dest}.
   *
   * @param maxt exclusive upper bound, the new block's max time
   * @return the new block's ULID, or null when the range held no sample (nothing is written)
   */
  public @Nullable Ulid write(Path dest, BlockReader head, long mint, long maxt)
      throws IOException {
    Ulid ulid = Ulid.generate(clock);
    BlockMeta meta =
        new BlockMeta(ulid, mint, maxt, BlockMeta.Stats.EMPTY, BlockMeta.Compaction.level1(ulid));
    BlockMeta written = writer.write(dest, meta, List.of(head));
    if (written.stats().numSamples() == 0) {
      return null;
    }
    LOG.atInfo()
        .addKeyValue("mint", mint)
        .addKeyValue("maxt", maxt)
        .addKeyValue("ulid", ulid.toString())
        .log("write block");
    return ulid;
  }

  /**
   * Rewrites one block without its deleted samples, as a level-1 block listing {@code block} as its
   * parent (Prometheus' tombstone clean-up). When nothing is left, the block is marked deletable
   * instead.
   *
   * @return the new block's ULID, or null when the block was left empty
   */
  public @Nullable Ulid rewrite(Path dest, PersistedBlock block) throws IOException {
    BlockMeta base = block.meta();
    Ulid ulid = Ulid.generate(clock);
    List<String> hints =
        base.compaction().hints().contains(HINT_FROM_OUT_OF_ORDER)
            ? List.of(HINT_FROM_OUT_OF_ORDER)
            : List.of();
    BlockMeta meta =
        new BlockMeta(
            ulid,
            base.minTime(),
            base.maxTime(),
            BlockMeta.Stats.EMPTY,
            new BlockMeta.Compaction(
                1,
                List.of(ulid),
                List.of(new BlockMeta.BlockDesc(base.ulid(), base.minTime(), base.maxTime())),
                false,
                false,
                hints));
    BlockMeta written = writer.write(dest, meta, List.of(block));
    if (written.stats().numSamples() == 0) {
      BlockMeta m = BlockMetas.read(ops, block.dir());
      BlockMetas.write(ops, block.dir(), m.withCompaction(with(m.compaction(), true, false)));
      return null;
    }
    return ulid;
  }

  private static @Nullable PersistedBlock find(List<PersistedBlock> open, Path dir) {
    for (PersistedBlock b : open) {
      if (b.dir().equals(dir)) {
        return b;
      }
    }
    return null;
  }

  private void markQuietly(Path dir, boolean failed) {
    try {
      BlockMeta m = BlockMetas.read(ops, dir);
      BlockMetas.write(ops, dir, m.withCompaction(with(m.compaction(), false, failed)));
    } catch (IOException | RuntimeException e) {
      LOG.atWarn()
          .addKeyValue("dir", dir)
          .addKeyValue("err", e.toString())
          .log("failed to mark block as failed");
    }
  }

  private static BlockMeta.Compaction with(
      BlockMeta.Compaction c, boolean deletable, boolean failed) {
    return new BlockMeta.Compaction(
        c.level(),
        c.sources(),
        c.parents(),
        c.deletable() || deletable,
        c.failed() || failed,
        c.hints());
  }
}
