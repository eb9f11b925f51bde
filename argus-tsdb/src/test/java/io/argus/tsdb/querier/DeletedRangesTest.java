package io.argus.tsdb.querier;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.tsdb.tombstones.Interval;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeletedRangesTest {
  @Test
  void of_mergesTombstonesWithOutOfRangeParts() {
    DeletedRanges d =
        DeletedRanges.of(
            List.of(new Interval(0, 15), new Interval(30, 40), new Interval(95, 200)), 10, 100);

    assertThat(d.count).isEqualTo(3);
    assertThat(d.mins[0]).isEqualTo(Long.MIN_VALUE);
    assertThat(d.maxs[0]).isEqualTo(15);
    assertThat(d.mins[1]).isEqualTo(30);
    assertThat(d.maxs[1]).isEqualTo(40);
    assertThat(d.mins[2]).isEqualTo(95);
    assertThat(d.maxs[2]).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void coversAndOverlaps_answerForClosedRanges() {
    DeletedRanges d = DeletedRanges.of(List.of(new Interval(30, 40)), 10, 100);

    assertThat(d.covers(30, 40)).isTrue();
    assertThat(d.covers(29, 40)).isFalse();
    assertThat(d.covers(0, 9)).isTrue();
    assertThat(d.covers(101, 500)).isTrue();
    assertThat(d.overlaps(41, 100)).isFalse();
    assertThat(d.overlaps(20, 30)).isTrue();
    assertThat(d.overlaps(100, 101)).isTrue();
  }

  @Test
  void of_fullRangeWithoutTombstonesIsNone() {
    assertThat(DeletedRanges.of(List.of(), Long.MIN_VALUE, Long.MAX_VALUE))
        .isSameAs(DeletedRanges.NONE);
  }
}
