package io.argus.tsdb.compact;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.tsdb.compact.Planner.Candidate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private static final long H = 3_600_000L;
  private final Planner planner = new Planner(new long[] {2 * H, 6 * H, 18 * H});

  private static List<Candidate> blocks(long[]... spans) {
    List<Candidate> out = new ArrayList<>();
    for (int i = 0; i < spans.length; i++) {
      out.add(new Candidate(i, spans[i][0], spans[i][1], 10, 0, false));
    }
    return out;
  }

  private static long[] span(long fromHours, long toHours) {
    return new long[] {fromHours * H, toHours * H};
  }

  @Test
  void plan_noBlocks_nothing() {
    assertThat(planner.plan(List.of())).isEmpty();
  }

  @Test
  void plan_singleBlock_excludedAsNewest() {
    assertThat(planner.plan(blocks(span(0, 2)))).isEmpty();
  }

  @Test
  void plan_threeAdjacentTwoHourBlocksPlusNewest_compactsFirstWindow() {
    assertThat(planner.plan(blocks(span(0, 2), span(2, 4), span(4, 6), span(6, 8))))
        .containsExactly(0, 1, 2);
  }

  @Test
  void plan_threeAdjacentTwoHourBlocksOnly_newestExcluded() {
    // Without the newest block the window [0, 6h) is incomplete and nothing newer ends it.
    assertThat(planner.plan(blocks(span(0, 2), span(2, 4), span(4, 6)))).isEmpty();
  }

  @Test
  void plan_incompleteWindowBeforeNewest_compacted() {
    // [0,2) and [2,4) fill only part of [0,6h) but end before the newest block considered.
    assertThat(planner.plan(blocks(span(0, 2), span(2, 4), span(6, 8), span(8, 10))))
        .containsExactly(0, 1);
  }

  @Test
  void plan_incompleteWindowReachingNewest_waits() {
    assertThat(planner.plan(blocks(span(0, 2), span(2, 4), span(4, 6)))).isEmpty();
    assertThat(planner.plan(blocks(span(6, 8), span(8, 10), span(10, 12)))).isEmpty();
  }

  @Test
  void plan_unsortedInput_sortsByMinTime() {
    assertThat(planner.plan(blocks(span(6, 8), span(4, 6), span(0, 2), span(2, 4))))
        .containsExactly(2, 3, 1);
  }

  @Test
  void plan_overlappingBlocks_takePrecedence() {
    assertThat(planner.plan(blocks(span(0, 2), span(2, 4), span(4, 6), span(6, 8), span(7, 9))))
        .containsExactly(3, 4);
  }

  @Test
  void plan_overlapRunsThroughRunningMax_allOverlappingIncluded() {
    // [0,6) covers [2,4) and [4,5); the run ends at [6,8).
    assertThat(planner.plan(blocks(span(0, 6), span(2, 4), span(4, 5), span(6, 8))))
        .containsExactly(0, 1, 2);
  }

  @Test
  void plan_overlapInvolvingNewest_stillCompacted() {
    assertThat(planner.plan(blocks(span(0, 2), span(1, 3)))).containsExactly(0, 1);
  }

  @Test
  void plan_sixHourBlocksFillEighteenHours_compactedAtNextLevel() {
    assertThat(planner.plan(blocks(span(0, 6), span(6, 12), span(12, 18), span(18, 20))))
        .containsExactly(0, 1, 2);
  }

  @Test
  void plan_blockStraddlingWindow_skipped() {
    // [4,8) straddles the 6h boundary; [8,10)+[10,12) fill part of [6,12) and end before the
    // newest block considered ([12,14); [14,16) is excluded).
    assertThat(
            planner.plan(blocks(span(4, 8), span(8, 10), span(10, 12), span(12, 14), span(14, 16))))
        .containsExactly(1, 2);
    assertThat(planner.plan(blocks(span(4, 8), span(8, 10), span(10, 12), span(14, 16)))).isEmpty();
  }

  @Test
  void plan_failedBlockInGroup_skipsGroup() {
    List<Candidate> in = new ArrayList<>(blocks(span(0, 2), span(2, 4), span(4, 6), span(6, 8)));
    in.set(1, new Candidate(1, 2 * H, 4 * H, 10, 0, true));
    assertThat(planner.plan(in)).isEmpty();
  }

  @Test
  void plan_failedBlockInOtherGroup_laterGroupCompacted() {
    List<Candidate> in =
        new ArrayList<>(
            blocks(span(0, 2), span(2, 4), span(6, 8), span(8, 10), span(10, 12), span(12, 14)));
    in.set(0, new Candidate(0, 0, 2 * H, 10, 0, true));
    assertThat(planner.plan(in)).containsExactly(2, 3, 4);
  }

  @Test
  void plan_bigBlockWithManyTombstones_rewrittenAlone() {
    List<Candidate> in =
        List.of(
            new Candidate(0, 0, 18 * H, 100, 6, false),
            new Candidate(1, 18 * H, 20 * H, 100, 0, false));
    assertThat(planner.plan(in)).containsExactly(0);
  }

  @Test
  void plan_bigBlockWithFewTombstones_untouched() {
    List<Candidate> in =
        List.of(
            new Candidate(0, 0, 18 * H, 100, 5, false),
            new Candidate(1, 18 * H, 20 * H, 100, 0, false));
    assertThat(planner.plan(in)).isEmpty();
  }

  @Test
  void plan_smallBlockEntirelyDeleted_rewritten() {
    List<Candidate> in =
        List.of(
            new Candidate(0, 0, 2 * H, 3, 3, false), new Candidate(1, 6 * H, 8 * H, 100, 0, false));
    assertThat(planner.plan(in)).containsExactly(0);
  }

  @Test
  void plan_smallBlockPartlyDeleted_untouched() {
    List<Candidate> in =
        List.of(
            new Candidate(0, 0, 2 * H, 10, 3, false),
            new Candidate(1, 6 * H, 8 * H, 100, 0, false));
    assertThat(planner.plan(in)).isEmpty();
  }

  @Test
  void plan_newestBlockWithTombstones_neverRewritten() {
    List<Candidate> in =
        List.of(
            new Candidate(0, 0, 2 * H, 10, 0, false), new Candidate(1, 6 * H, 8 * H, 3, 3, false));
    assertThat(planner.plan(in)).isEmpty();
  }

  @Test
  void splitByRange_negativeTimes_alignedWindows() {
    List<List<Candidate>> groups =
        Planner.splitByRange(blocks(span(-6, -4), span(-4, -2), span(0, 2)), 6 * H);
    assertThat(groups).hasSize(2);
    assertThat(groups.get(0)).extracting(Candidate::key).containsExactly(0, 1);
  }
}
