package io.argus.tsdb.tombstones;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class IntervalsTest {
  private static List<Interval> of(long... bounds) {
    List<Interval> l = new ArrayList<>();
    for (int i = 0; i < bounds.length; i += 2) {
      l.add(new Interval(bounds[i], bounds[i + 1]));
    }
    return l;
  }

  @Test
  void add_adjacentIntervalsMerge() {
    assertThat(Intervals.add(of(1, 2), new Interval(3, 4))).isEqualTo(of(1, 4));
    assertThat(Intervals.add(of(3, 4), new Interval(1, 2))).isEqualTo(of(1, 4));
  }

  @Test
  void add_gapKeepsSeparateSorted() {
    assertThat(Intervals.add(of(1, 2), new Interval(4, 5))).isEqualTo(of(1, 2, 4, 5));
    assertThat(Intervals.add(of(4, 5), new Interval(1, 2))).isEqualTo(of(1, 2, 4, 5));
    assertThat(Intervals.add(of(1, 2, 10, 12), new Interval(5, 6)))
        .isEqualTo(of(1, 2, 5, 6, 10, 12));
  }

  @Test
  void add_spanningSeveralCollapsesThem() {
    assertThat(Intervals.add(of(1, 2, 5, 6, 10, 12, 20, 30), new Interval(3, 11)))
        .isEqualTo(of(1, 12, 20, 30));
    assertThat(Intervals.add(of(5, 6), new Interval(Long.MIN_VALUE, Long.MAX_VALUE)))
        .isEqualTo(of(Long.MIN_VALUE, Long.MAX_VALUE));
  }

  @Test
  void isDeleted_binarySearch() {
    List<Interval> l = of(1, 2, 5, 6, 10, 12);
    assertThat(Intervals.isDeleted(0, l)).isFalse();
    assertThat(Intervals.isDeleted(2, l)).isTrue();
    assertThat(Intervals.isDeleted(3, l)).isFalse();
    assertThat(Intervals.isDeleted(11, l)).isTrue();
    assertThat(Intervals.isDeleted(13, l)).isFalse();
    assertThat(Intervals.isDeleted(1, List.of())).isFalse();
  }

  @Test
  void truncate_clipsAndDrops() {
    assertThat(Intervals.truncate(of(1, 2, 5, 8, 10, 12), 6, 11)).isEqualTo(of(6, 8, 10, 11));
    assertThat(Intervals.covers(of(1, 10), 2, 9)).isTrue();
    assertThat(Intervals.covers(of(1, 10), 2, 11)).isFalse();
  }

  @Provide
  Arbitrary<List<Interval>> intervals() {
    Arbitrary<Interval> one =
        Combinators.combine(Arbitraries.longs().between(0, 200), Arbitraries.longs().between(0, 8))
            .as((a, len) -> new Interval(a, a + len));
    return one.list().ofMaxSize(12);
  }

  @Property
  void add_equalsPointSetUnion(@ForAll("intervals") List<Interval> in) {
    List<Interval> merged = List.of();
    TreeSet<Long> points = new TreeSet<>();
    for (Interval i : in) {
      merged = Intervals.add(merged, i);
      for (long t = i.minTime(); t <= i.maxTime(); t++) {
        points.add(t);
      }
    }
    for (int k = 1; k < merged.size(); k++) {
      assertThat(merged.get(k).minTime()).isGreaterThan(merged.get(k - 1).maxTime() + 1);
    }
    for (long t = -1; t <= 210; t++) {
      assertThat(Intervals.isDeleted(t, merged)).isEqualTo(points.contains(t));
    }
  }
}
