package io.argus.tsdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class PostingsAlgebraTest {
  private static final ValueLayout.OfInt BE32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  @Provide
  Arbitrary<List<Set<Long>>> lists() {
    Arbitrary<Set<Long>> small = Arbitraries.longs().between(0, 60).set().ofMaxSize(40);
    Arbitrary<Set<Long>> sparse = Arbitraries.longs().between(0, 5_000).set().ofMaxSize(200);
    Arbitrary<Set<Long>> one = Arbitraries.oneOf(small, sparse);
    return one.list()
        .ofMinSize(0)
        .ofMaxSize(8)
        .flatMap(
            sets ->
                // Sometimes repeat a list, to cover identical inputs.
                Arbitraries.integers()
                    .between(0, 2)
                    .map(
                        dup -> {
                          List<Set<Long>> out = new ArrayList<>(sets);
                          if (dup == 0 && !sets.isEmpty()) {
                            out.add(sets.getFirst());
                          }
                          return out;
                        }));
  }

  /** Builds postings of a random flavour: long list, int list or big-endian segment. */
  private static Postings postings(Set<Long> refs, int flavour) {
    long[] sorted = new TreeSet<>(refs).stream().mapToLong(Long::longValue).toArray();
    return switch (flavour % 3) {
      case 0 -> ListPostings.of(sorted);
      case 1 -> {
        int[] ints = new int[sorted.length + 3];
        for (int i = 0; i < sorted.length; i++) {
          ints[i] = (int) sorted[i];
        }
        yield ListPostings.ofInts(ints, sorted.length);
      }
      default -> {
        MemorySegment seg = MemorySegment.ofArray(new byte[4 * sorted.length + 4]);
        for (int i = 0; i < sorted.length; i++) {
          seg.set(BE32, 4 + 4L * i, (int) sorted[i]);
        }
        yield new SegmentPostings(seg, 4, sorted.length);
      }
    };
  }

  private static List<Postings> postingsOf(List<Set<Long>> sets, int flavour) {
    List<Postings> out = new ArrayList<>();
    for (int i = 0; i < sets.size(); i++) {
      out.add(postings(sets.get(i), flavour + i));
    }
    return out;
  }

  private static long[] array(TreeSet<Long> s) {
    return s.stream().mapToLong(Long::longValue).toArray();
  }

  @Property(tries = 200)
  void intersect_randomLists_matchesOracle(
      @ForAll("lists") List<Set<Long>> sets, @ForAll @IntRange(max = 2) int flavour) {
    TreeSet<Long> expected = new TreeSet<>();
    if (!sets.isEmpty()) {
      expected.addAll(sets.getFirst());
      sets.forEach(expected::retainAll);
    }
    assertThat(PostingsAlgebra.toArray(PostingsAlgebra.intersect(postingsOf(sets, flavour))))
        .containsExactly(array(expected));
  }

  @Property(tries = 200)
  void merge_randomLists_matchesOracle(
      @ForAll("lists") List<Set<Long>> sets, @ForAll @IntRange(max = 2) int flavour) {
    TreeSet<Long> expected = new TreeSet<>();
    sets.forEach(expected::addAll);
    assertThat(PostingsAlgebra.toArray(PostingsAlgebra.merge(postingsOf(sets, flavour))))
        .containsExactly(array(expected));
  }

  @Property(tries = 200)
  void without_randomLists_matchesOracle(
      @ForAll("lists") List<Set<Long>> sets, @ForAll @IntRange(max = 2) int flavour) {
    Set<Long> full = sets.isEmpty() ? Set.of() : sets.getFirst();
    Set<Long> drop = sets.size() < 2 ? full : sets.get(1);
    TreeSet<Long> expected = new TreeSet<>(full);
    expected.removeAll(drop);
    Postings result = PostingsAlgebra.without(postings(full, flavour), postings(drop, flavour + 1));
    assertThat(PostingsAlgebra.toArray(result)).containsExactly(array(expected));
  }

  /** Seeks to random targets on a composed expression and compares with the oracle's ceiling. */
  @Property(tries = 200)
  void seek_composedPostings_landsOnCeiling(
      @ForAll("lists") List<Set<Long>> sets,
      @ForAll @IntRange(max = 2) int flavour,
      @ForAll("targets") List<Long> targets) {
    TreeSet<Long> union = new TreeSet<>();
    sets.forEach(union::addAll);
    TreeSet<Long> expected = new TreeSet<>(union);
    if (sets.size() >= 2) {
      expected.removeAll(sets.get(1));
    }
    Postings p = PostingsAlgebra.merge(postingsOf(sets, flavour));
    if (sets.size() >= 2) {
      p = PostingsAlgebra.without(p, postings(sets.get(1), flavour));
    }
    // Also wrap in an intersection with the union itself, which must not change anything.
    p = PostingsAlgebra.intersect(List.of(p, ListPostings.of(array(union))));
    long position = Long.MIN_VALUE;
    boolean exhausted = false;
    for (long t : targets.stream().sorted().toList()) {
      Long want = expected.ceiling(Math.max(t, position));
      boolean found = !exhausted && p.seek(t);
      if (exhausted) {
        assertThat(want).isNull();
        continue;
      }
      if (want == null) {
        assertThat(found).isFalse();
        exhausted = true;
      } else {
        assertThat(found).isTrue();
        assertThat(p.at()).isEqualTo(want);
        position = want;
      }
    }
  }

  @Provide
  Arbitrary<List<Long>> targets() {
    return Arbitraries.longs().between(0, 5_100).list().ofMaxSize(20);
  }

  @Example
  void merge_manyIdenticalLists_deduplicates() {
    List<Postings> lists = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      lists.add(ListPostings.of(1, 5, 9));
    }
    assertThat(PostingsAlgebra.toArray(PostingsAlgebra.merge(lists))).containsExactly(1, 5, 9);
  }

  @Example
  void listPostings_unsignedInts_orderAboveIntMax() {
    int[] refs = {1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF};
    Postings p = ListPostings.ofInts(refs, refs.length);
    assertThat(p.seek(0x8000_0000L)).isTrue();
    assertThat(p.at()).isEqualTo(0x8000_0000L);
    assertThat(p.next()).isTrue();
    assertThat(p.at()).isEqualTo(0xFFFF_FFFFL);
    assertThat(p.next()).isFalse();
    assertThat(p.seek(1)).isFalse();
  }
}
