package io.argus.tsdb.compact;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.tsdb.block.BlockMeta;
import io.argus.tsdb.block.Ulid;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LeveledCompactorTest {
  private static final long H = 3_600_000L;
  private static final Clock CLOCK =
      new Clock() {
        @Override
        public long millis() {
          return 1_700_000_000_000L;
        }

        @Override
        public long nanoTime() {
          return 0;
        }
      };
  private final SplittableRandom rnd = new SplittableRandom(7);

  private BlockMeta meta(long fromH, long toH, int level, List<String> hints) {
    Ulid u = Ulid.generate(CLOCK, rnd);
    return new BlockMeta(
        u,
        fromH * H,
        toH * H,
        new BlockMeta.Stats(100, 100, 0, 10, 10, 0),
        new BlockMeta.Compaction(level, List.of(u), List.of(), false, false, hints));
  }

  @Test
  void exponentialBlockRanges_defaults_twoSixEighteenHours() {
    assertThat(LeveledCompactor.exponentialBlockRanges(2 * H, 4, 3))
        .containsExactly(2 * H, 6 * H, 18 * H, 54 * H);
  }

  @Test
  void blockRanges_maxOf36Hours_truncatedToThreeRanges() {
    assertThat(LeveledCompactor.blockRanges(2 * H, 36 * H)).containsExactly(2 * H, 6 * H, 18 * H);
    assertThat(LeveledCompactor.blockRanges(2 * H, 2 * H)).containsExactly(2 * H);
  }

  @Test
  void compactedMeta_threeInputs_levelSourcesParentsAndRange() {
    BlockMeta a = meta(0, 2, 1, List.of());
    BlockMeta b = meta(2, 4, 2, List.of());
    BlockMeta c = meta(4, 6, 1, List.of());
    Ulid u = Ulid.generate(CLOCK, rnd);
    BlockMeta m = LeveledCompactor.compactedMeta(u, List.of(c, a, b));
    assertThat(m.ulid()).isEqualTo(u);
    assertThat(m.minTime()).isZero();
    assertThat(m.maxTime()).isEqualTo(6 * H);
    assertThat(m.compaction().level()).isEqualTo(3);
    assertThat(m.compaction().sources())
        .isSorted()
        .containsExactlyInAnyOrder(a.ulid(), b.ulid(), c.ulid());
    assertThat(m.compaction().parents())
        .extracting(BlockMeta.BlockDesc::ulid)
        .containsExactly(c.ulid(), a.ulid(), b.ulid());
    assertThat(m.compaction().hints()).isEmpty();
  }

  @Test
  void compactedMeta_outOfOrderHint_keptOnlyWhenAllInputsHaveIt() {
    List<String> ooo = List.of(LeveledCompactor.HINT_FROM_OUT_OF_ORDER);
    Ulid u = Ulid.generate(CLOCK, rnd);
    assertThat(
            LeveledCompactor.compactedMeta(u, List.of(meta(0, 2, 1, ooo), meta(0, 2, 1, ooo)))
                .compaction()
                .hints())
        .containsExactly(LeveledCompactor.HINT_FROM_OUT_OF_ORDER);
    assertThat(
            LeveledCompactor.compactedMeta(u, List.of(meta(0, 2, 1, ooo), meta(0, 2, 1, List.of())))
                .compaction()
                .hints())
        .isEmpty();
  }

  @Test
  void plan_metas_threeTwoHourBlocksAndNewest() {
    LeveledCompactor c =
        new LeveledCompactor(
            FileOps.defaults(), CLOCK, LeveledCompactor.blockRanges(2 * H, 36 * H));
    BlockMeta a = meta(0, 2, 1, List.of());
    BlockMeta b = meta(2, 4, 1, List.of());
    BlockMeta d = meta(4, 6, 1, List.of());
    BlockMeta e = meta(6, 8, 1, List.of());
    assertThat(c.plan(List.of(e, d, b, a))).containsExactly(a, b, d);
    assertThat(c.plan(List.of(a, b, d))).isEmpty();
  }
}
