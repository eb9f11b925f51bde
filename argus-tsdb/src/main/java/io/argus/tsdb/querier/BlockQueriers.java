package io.argus.tsdb.querier;

import io.argus.storage.ChunkQuerier;
import io.argus.storage.Querier;
import io.argus.storage.merge.ChunkQueriers;
import io.argus.storage.merge.Queriers;
import io.argus.tsdb.BlockReader;
import java.util.ArrayList;
import java.util.List;

/** Queriers over several blocks at once. */
public final class BlockQueriers {
  private BlockQueriers() {}

  /**
   * Returns one querier over the blocks that may hold samples in {@code [mint, maxt]} (ms,
   * inclusive), merging series with equal labels and keeping one sample per timestamp (the earliest
   * block's in list order). Blocks whose range does not overlap are skipped. If opening one block's
   * querier fails, those already opened are closed.
   */
  public static Querier over(List<? extends BlockReader> blocks, long mint, long maxt) {
    List<Querier> queriers = new ArrayList<>();
    try {
      for (BlockReader b : blocks) {
        if (overlaps(b, mint, maxt)) {
          queriers.add(new BlockQuerier(b, mint, maxt));
        }
      }
    } catch (RuntimeException e) {
      closeQuietly(queriers, e);
      throw e;
    }
    return Queriers.merge(queriers);
  }

  /**
   * Returns one chunk querier over the blocks overlapping {@code [mint, maxt]}, doing the
   * compacting merge of {@link ChunkQueriers#merge} across blocks.
   */
  public static ChunkQuerier chunksOver(List<? extends BlockReader> blocks, long mint, long maxt) {
    List<ChunkQuerier> queriers = new ArrayList<>();
    try {
      for (BlockReader b : blocks) {
        if (overlaps(b, mint, maxt)) {
          queriers.add(new BlockChunkQuerier(b, mint, maxt));
        }
      }
    } catch (RuntimeException e) {
      closeQuietly(queriers, e);
      throw e;
    }
    return ChunkQueriers.merge(queriers);
  }

  /**
   * Whether a block may hold samples in {@code [mint, maxt]}. A block's max time is exclusive for
   * persisted blocks and inclusive for the head; treating it as inclusive at worst opens a querier
   * that finds nothing.
   */
  private static boolean overlaps(BlockReader b, long mint, long maxt) {
    return b.minTime() <= maxt && mint <= b.maxTime();
  }

  private static void closeQuietly(List<? extends AutoCloseable> opened, RuntimeException cause) {
    for (AutoCloseable q : opened) {
      try {
        q.close();
      } catch (Exception e) {
        cause.addSuppressed(e);
      }
    }
  }
}
