package io.argus.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.tsdb.Retention.BlockStat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionTest {
  private static final long H = 3_600_000L;

  private static final List<BlockStat> BLOCKS =
      List.of(
          new BlockStat("a", 2 * H, 100, false),
          new BlockStat("b", 4 * H, 100, false),
          new BlockStat("c", 6 * H, 100, false),
          new BlockStat("d", 8 * H, 100, false));

  @Test
  void select_nothingConfigured_keepsAll() {
    Retention.Result r = Retention.select(BLOCKS, 0, 0, 0);
    assertThat(r.ids()).isEmpty();
    assertThat(r.byTime()).isFalse();
    assertThat(r.bySize()).isFalse();
  }

  @Test
  void select_timeRetention_relativeToNewestBlockInclusive() {
    // d ends at 8h; c is 2h older (kept), b is exactly 4h older (deleted), a too.
    Retention.Result r = Retention.select(BLOCKS, 4 * H, 0, 0);
    assertThat(r.ids()).containsExactlyInAnyOrder("a", "b");
    assertThat(r.byTime()).isTrue();
  }

  @Test
  void select_timeRetentionLongerThanData_keepsAll() {
    assertThat(Retention.select(BLOCKS, 100 * H, 0, 0).ids()).isEmpty();
  }

  @Test
  void select_sizeRetention_countsHeadThenNewestFirst() {
    // head 150 + d 100 = 250, + c = 350 > 300: c and older go.
    Retention.Result r = Retention.select(BLOCKS, 0, 300, 150);
    assertThat(r.ids()).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(r.bySize()).isTrue();
    assertThat(r.byTime()).isFalse();
  }

  @Test
  void select_sizeExactlyAtLimit_kept() {
    assertThat(Retention.select(BLOCKS, 0, 400, 0).ids()).isEmpty();
  }

  @Test
  void select_deletableMarked_deletedWithoutRetention() {
    List<BlockStat> in =
        List.of(new BlockStat("x", 2 * H, 1, true), new BlockStat("y", 4 * H, 1, false));
    Retention.Result r = Retention.select(in, 0, 0, 0);
    assertThat(r.ids()).containsExactly("x");
    assertThat(r.byTime()).isFalse();
  }
}
