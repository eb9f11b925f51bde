package io.argus.storage.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class MergeSampleIteratorTest {
  private static final Labels LS = Labels.of("__name__", "x");

  @Provide
  Arbitrary<List<TreeMap<Long, Double>>> children() {
    Arbitrary<TreeMap<Long, Double>> child =
        Arbitraries.maps(Arbitraries.longs().between(-20, 60), Arbitraries.doubles())
            .ofMaxSize(40)
            .map(TreeMap::new);
    return child.list().ofMaxSize(5);
  }

  @Property(tries = 300)
  void next_matchesTreeMapOracle(@ForAll("children") List<TreeMap<Long, Double>> children) {
    TreeMap<Long, Double> oracle = oracle(children);

    List<long[]> got = drain(iteratorOver(children));

    assertThat(got).hasSize(oracle.size());
    int i = 0;
    for (Map.Entry<Long, Double> e : oracle.entrySet()) {
      assertThat(got.get(i)[0]).isEqualTo(e.getKey());
      assertThat(Double.longBitsToDouble(got.get(i)[1])).isEqualTo(e.getValue());
      i++;
    }
  }

  @Property(tries = 300)
  void seek_matchesTreeMapCeiling(
      @ForAll("children") List<TreeMap<Long, Double>> children, @ForAll("seeks") List<Long> seeks) {
    TreeMap<Long, Double> oracle = oracle(children);
    SampleIterator it = iteratorOver(children);
    long position = Long.MIN_VALUE;
    for (long target : seeks) {
      long effective = Math.max(target, position);
      Map.Entry<Long, Double> expected = oracle.ceilingEntry(effective);
      ValueType vt = it.seek(target);
      if (expected == null) {
        assertThat(vt).isEqualTo(ValueType.NONE);
        return;
      }
      assertThat(vt).isEqualTo(ValueType.FLOAT);
      assertThat(it.atT()).isEqualTo(expected.getKey());
      assertThat(it.atFloat()).isEqualTo(expected.getValue());
      position = expected.getKey();
      // A following next() continues after the sought sample.
      Map.Entry<Long, Double> after = oracle.higherEntry(position);
      if (after == null) {
        assertThat(it.next()).isEqualTo(ValueType.NONE);
        return;
      }
      assertThat(it.next()).isEqualTo(ValueType.FLOAT);
      assertThat(it.atT()).isEqualTo(after.getKey());
      position = after.getKey();
    }
  }

  @Provide
  Arbitrary<List<Long>> seeks() {
    return Arbitraries.longs().between(-30, 70).list().ofMaxSize(6);
  }

  @Test
  void next_onEqualTimestampsKeepsFirstChild() {
    SampleIterator it =
        new MergeSampleIterator(
            new ArraySeries(LS, new long[] {1, 2, 3}, new double[] {10, 20, 30}).iterator(null),
            new ArraySeries(LS, new long[] {2, 3, 4}, new double[] {-2, -3, -4}).iterator(null));

    List<long[]> got = drain(it);

    assertThat(got).extracting(s -> s[0]).containsExactly(1L, 2L, 3L, 4L);
    assertThat(got)
        .extracting(s -> Double.longBitsToDouble(s[1]))
        .containsExactly(10.0, 20.0, 30.0, -4.0);
  }

  @Test
  void reset_reusesIteratorForNewChildren() {
    MergeSampleIterator it =
        new MergeSampleIterator(
            new ArraySeries(LS, new long[] {5}, new double[] {1}).iterator(null));
    drain(it);

    it.reset(
        new SampleIterator[] {
          new ArraySeries(LS, new long[] {7, 9}, new double[] {1, 2}).iterator(null),
          new ArraySeries(LS, new long[] {8}, new double[] {3}).iterator(null)
        },
        2);

    assertThat(drain(it)).extracting(s -> s[0]).containsExactly(7L, 8L, 9L);
    assertThat(it.childCount()).isEqualTo(2);
  }

  @Test
  void atT_beforeNextFails() {
    MergeSampleIterator it = new MergeSampleIterator();

    assertThat(it.next()).isEqualTo(ValueType.NONE);
    assertThatThrownBy(it::atT).isInstanceOf(IllegalStateException.class);
  }

  private static SampleIterator iteratorOver(List<TreeMap<Long, Double>> children) {
    SampleIterator[] its = new SampleIterator[children.size()];
    for (int i = 0; i < its.length; i++) {
      its[i] = ArraySeries.of(LS, children.get(i)).iterator(null);
    }
    return new MergeSampleIterator(its);
  }

  static TreeMap<Long, Double> oracle(List<TreeMap<Long, Double>> children) {
    TreeMap<Long, Double> oracle = new TreeMap<>();
    for (TreeMap<Long, Double> c : children) {
      c.forEach(oracle::putIfAbsent);
    }
    return oracle;
  }

  /** Returns (t, raw value bits) pairs. */
  static List<long[]> drain(SampleIterator it) {
    List<long[]> out = new ArrayList<>();
    while (it.next() != ValueType.NONE) {
      out.add(new long[] {it.atT(), Double.doubleToRawLongBits(it.atFloat())});
    }
    return out;
  }
}
