package io.argus.tsdb.compact;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Prometheus' leveled compaction planner (storage-formats.md §5.2) over plain block descriptions,
 * free of I/O. Stateless and thread-safe.
 */
final class Planner {
  /**
   * The facts about one block the planner looks at. Times are the block's half-open range in Unix
   * ms.
   *
   * @param key an identifier handed back in the plan (e.g. the index in the caller's list)
   */
  record Candidate(
      int key, long minTime, long maxTime, long numSeries, long numTombstones, boolean failed) {}

  private final long[] ranges;

  /** Creates a planner for the block ranges, smallest first (e.g. 2 h, 6 h, 18 h). */
  Planner(long[] ranges) {
    if (ranges.length == 0) {
      throw new IllegalArgumentException("at least one block range is required");
    }
    this.ranges = ranges.clone();
  }

  /** Returns the keys of the blocks to compact together next, or an empty list. */
  List<Integer> plan(List<Candidate> blocks) {
    List<Candidate> sorted = new ArrayList<>(blocks);
    sorted.sort(Comparator.comparingLong(Candidate::minTime));

    List<Candidate> overlapping = overlapping(sorted);
    if (!overlapping.isEmpty()) {
      return keys(overlapping);
    }
    if (sorted.isEmpty()) {
      return List.of();
    }
    // The newest block stays out of planning for one more round so it can be backed up or
    // uploaded before it disappears into a bigger block.
    List<Candidate> eligible = sorted.subList(0, sorted.size() - 1);
    List<Candidate> group = selectWindow(eligible);
    if (!group.isEmpty()) {
      return keys(group);
    }
    for (int i = eligible.size() - 1; i >= 0; i--) {
      Candidate b = eligible.get(i);
      if (b.maxTime() - b.minTime() < ranges[ranges.length / 2]) {
        if (b.numTombstones() > 0 && b.numTombstones() >= b.numSeries()) {
          return List.of(b.key());
        }
        break;
      }
      if ((double) b.numTombstones() / (b.numSeries() + 1) > 0.05) {
        return List.of(b.key());
      }
    }
    return List.of();
  }

  /** Returns the first run of blocks (sorted by min time) whose ranges overlap. */
  static List<Candidate> overlapping(List<Candidate> sorted) {
    List<Candidate> run = new ArrayList<>();
    if (sorted.size() < 2) {
      return run;
    }
    long maxSoFar = sorted.get(0).maxTime();
    for (int i = 1; i < sorted.size(); i++) {
      Candidate b = sorted.get(i);
      if (b.minTime() < maxSoFar) {
        if (run.isEmpty()) {
          run.add(sorted.get(i - 1));
        }
        run.add(b);
      } else if (!run.isEmpty()) {
        break;
      }
      maxSoFar = Math.max(maxSoFar, b.maxTime());
    }
    return run;
  }

  private List<Candidate> selectWindow(List<Candidate> sorted) {
    if (ranges.length < 2 || sorted.isEmpty()) {
      return List.of();
    }
    long newestMinTime = sorted.get(sorted.size() - 1).minTime();
    for (int r = 1; r < ranges.length; r++) {
      long range = ranges[r];
      for (List<Candidate> group : splitByRange(sorted, range)) {
        if (group.size() < 2 || group.stream().anyMatch(Candidate::failed)) {
          continue;
        }
        long mint = group.get(0).minTime();
        long maxt = group.get(group.size() - 1).maxTime();
        if (maxt - mint == range || maxt <= newestMinTime) {
          return group;
        }
      }
    }
    return List.of();
  }

  /**
   * Groups consecutive blocks that fall into the same {@code range}-aligned window; a block that
   * straddles its window's end is in no group.
   */
  static List<List<Candidate>> splitByRange(List<Candidate> sorted, long range) {
    List<List<Candidate>> groups = new ArrayList<>();
    int i = 0;
    while (i < sorted.size()) {
      long windowStart = Math.floorDiv(sorted.get(i).minTime(), range) * range;
      long windowEnd = windowStart + range;
      if (sorted.get(i).maxTime() > windowEnd) {
        i++;
        continue;
      }
      List<Candidate> group = new ArrayList<>();
      while (i < sorted.size() && sorted.get(i).maxTime() <= windowEnd) {
        group.add(sorted.get(i));
        i++;
      }
      groups.add(group);
    }
    return groups;
  }

  private static List<Integer> keys(List<Candidate> blocks) {
    List<Integer> keys = new ArrayList<>(blocks.size());
    for (Candidate b : blocks) {
      keys.add(b.key());
    }
    return keys;
  }
}
