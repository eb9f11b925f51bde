package io.argus.tsdb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Chooses the blocks to delete on a reload (storage-formats.md §5.4): blocks marked deletable,
 * blocks beyond the time retention relative to the newest block, and the oldest blocks beyond the
 * size retention. Pure and thread-safe.
 */
final class Retention {
  /**
   * What retention looks at in one block.
   *
   * @param id the block's ULID string
   * @param maxTime the block's exclusive max time (Unix ms)
   * @param sizeBytes the sum of the sizes of the block's files
   * @param deletable whether the block's meta marks it deletable (or a newer block replaced it)
   */
  record BlockStat(String id, long maxTime, long sizeBytes, boolean deletable) {}

  /**
   * The blocks to delete, and whether each kind of retention removed anything.
   *
   * @param ids ULIDs to delete, in no particular order
   */
  record Result(Set<String> ids, boolean byTime, boolean bySize) {}

  private Retention() {}

  /**
   * Selects the blocks to delete.
   *
   * @param retentionMs time retention (0 = off)
   * @param retentionBytes size retention (0 = off)
   * @param headBytes the on-disk size of the head (WAL with checkpoints, head chunks)
   */
  static Result select(
      List<BlockStat> blocks, long retentionMs, long retentionBytes, long headBytes) {
    List<BlockStat> newestFirst = new ArrayList<>(blocks);
    newestFirst.sort(Comparator.comparingLong(BlockStat::maxTime).reversed());
    Set<String> ids = new LinkedHashSet<>();
    for (BlockStat b : newestFirst) {
      if (b.deletable()) {
        ids.add(b.id());
      }
    }
    boolean byTime = false;
    if (retentionMs > 0 && !newestFirst.isEmpty()) {
      long newestMaxTime = newestFirst.get(0).maxTime();
      for (int i = 1; i < newestFirst.size(); i++) {
        if (newestMaxTime - newestFirst.get(i).maxTime() >= retentionMs) {
          for (BlockStat b : newestFirst.subList(i, newestFirst.size())) {
            ids.add(b.id());
          }
          byTime = true;
          break;
        }
      }
    }
    boolean bySize = false;
    if (retentionBytes > 0) {
      long total = headBytes;
      for (int i = 0; i < newestFirst.size(); i++) {
        total += newestFirst.get(i).sizeBytes();
        if (total > retentionBytes) {
          for (BlockStat b : newestFirst.subList(i, newestFirst.size())) {
            ids.add(b.id());
          }
          bySize = true;
          break;
        }
      }
    }
    return new Result(ids, byTime, bySize);
  }
}
