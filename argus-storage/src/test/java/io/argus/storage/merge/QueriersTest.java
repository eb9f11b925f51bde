package io.argus.storage.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.Querier;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.Series;
import io.argus.storage.SeriesSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class QueriersTest {
  private static final Labels A = Labels.of("__name__", "m", "job", "a");
  private static final Labels B = Labels.of("__name__", "m", "job", "b");
  private static final Labels C = Labels.of("__name__", "n", "zone", "c");

  @Test
  void select_mergesSameLabelledSeriesAndSorts() {
    ListQuerier q1 =
        new ListQuerier(
            List.of(
                new ArraySeries(B, new long[] {1, 3}, new double[] {1, 3}),
                new ArraySeries(A, new long[] {1, 2}, new double[] {10, 20})));
    ListQuerier q2 =
        new ListQuerier(
            List.of(
                new ArraySeries(A, new long[] {2, 4}, new double[] {-1, 40}),
                new ArraySeries(C, new long[] {5}, new double[] {5})));
    Querier merged = Queriers.merge(List.of(q1, q2));

    Map<Labels, List<long[]>> got = drainAll(merged.select(false, SelectHints.NONE));

    assertThat(q1.lastSelectSorted).isTrue();
    assertThat(q2.lastSelectSorted).isTrue();
    assertThat(got.keySet()).containsExactly(A, B, C);
    assertThat(got.get(A)).extracting(s -> s[0]).containsExactly(1L, 2L, 4L);
    assertThat(got.get(A))
        .extracting(s -> Double.longBitsToDouble(s[1]))
        .containsExactly(10.0, 20.0, 40.0);
  }

  @Test
  void select_passesMatchersToChildren() {
    Querier merged =
        Queriers.merge(
            List.of(
                new ListQuerier(List.of(new ArraySeries(A, new long[] {1}, new double[] {1}))),
                new ListQuerier(List.of(new ArraySeries(B, new long[] {1}, new double[] {1})))));

    Map<Labels, List<long[]>> got =
        drainAll(merged.select(true, SelectHints.NONE, Matcher.equal("job", "b")));

    assertThat(got.keySet()).containsExactly(B);
  }

  @Test
  void labelNamesAndValues_areSortedUnion() {
    Querier merged =
        Queriers.merge(
            List.of(
                new ListQuerier(List.of(new ArraySeries(B, new long[0], new double[0]))),
                new ListQuerier(
                    List.of(
                        new ArraySeries(A, new long[0], new double[0]),
                        new ArraySeries(C, new long[0], new double[0])))));

    assertThat(merged.labelNames()).containsExactly("__name__", "job", "zone");
    assertThat(merged.labelValues("job")).containsExactly("a", "b");
    assertThat(merged.labelValues("__name__")).containsExactly("m", "n");
    assertThat(merged.labelValues("job", Matcher.equal("job", "a"))).containsExactly("a");
    assertThat(merged.labelValues("nope")).isEmpty();
  }

  @Test
  void close_closesAllChildrenEvenWhenOneFails() {
    ListQuerier ok = new ListQuerier(List.of());
    Querier failing =
        new ListQuerier(List.of()) {
          @Override
          public void close() {
            throw new IllegalStateException("boom");
          }
        };
    Querier merged = Queriers.merge(List.of(failing, ok));

    assertThatThrownBy(merged::close).hasMessage("boom");
    assertThat(ok.closed).isTrue();
  }

  @Test
  void merge_ofOneIsTheChildAndOfNoneIsEmpty() {
    ListQuerier only = new ListQuerier(List.of());

    assertThat(Queriers.merge(List.of(only))).isSameAs(only);
    assertThat(Queriers.merge(List.of()).select(true, SelectHints.NONE).next()).isFalse();
    assertThat(SeriesSets.empty().next()).isFalse();
  }

  @Test
  void iterator_reuseGivesSameSamples() {
    Querier merged =
        Queriers.merge(
            List.of(
                new ListQuerier(
                    List.of(new ArraySeries(A, new long[] {1, 5}, new double[] {1, 5}))),
                new ListQuerier(List.of(new ArraySeries(A, new long[] {3}, new double[] {3}))),
                new ListQuerier(List.of(new ArraySeries(B, new long[] {2}, new double[] {2})))));
    SeriesSet set = merged.select(true, SelectHints.NONE);
    SampleIterator reuse = null;
    List<Long> ts = new ArrayList<>();
    while (set.next()) {
      reuse = set.at().iterator(reuse);
      ts.addAll(MergeSampleIteratorTest.drain(reuse).stream().map(s -> s[0]).toList());
    }

    assertThat(ts).containsExactly(1L, 3L, 5L, 2L);
  }

  /** One child: series id (0..3) to samples. */
  @Provide
  Arbitrary<List<Map<Integer, TreeMap<Long, Double>>>> queriers() {
    Arbitrary<TreeMap<Long, Double>> samples =
        Arbitraries.maps(Arbitraries.longs().between(0, 30), Arbitraries.doubles())
            .ofMaxSize(15)
            .map(TreeMap::new);
    Arbitrary<Map<Integer, TreeMap<Long, Double>>> child =
        Arbitraries.maps(Arbitraries.integers().between(0, 3), samples).ofMaxSize(4);
    return child.list().ofMinSize(2).ofMaxSize(4);
  }

  @Property(tries = 200)
  void select_matchesOraclePerSeries(
      @ForAll("queriers") List<Map<Integer, TreeMap<Long, Double>>> children) {
    List<Querier> queriers = new ArrayList<>();
    Map<Labels, TreeMap<Long, Double>> oracle = new TreeMap<>();
    for (Map<Integer, TreeMap<Long, Double>> child : children) {
      List<Series> series = new ArrayList<>();
      child.forEach(
          (id, samples) -> {
            Labels ls = Labels.of("__name__", "s", "id", Integer.toString(id));
            series.add(ArraySeries.of(ls, samples));
            TreeMap<Long, Double> o = oracle.computeIfAbsent(ls, k -> new TreeMap<>());
            samples.forEach(o::putIfAbsent);
          });
      queriers.add(new ListQuerier(series));
    }

    Map<Labels, List<long[]>> got =
        drainAll(Queriers.merge(queriers).select(true, SelectHints.NONE));

    assertThat(got.keySet()).containsExactlyElementsOf(oracle.keySet());
    oracle.forEach(
        (ls, samples) -> {
          assertThat(got.get(ls)).extracting(s -> s[0]).containsExactlyElementsOf(samples.keySet());
          assertThat(got.get(ls))
              .extracting(s -> Double.longBitsToDouble(s[1]))
              .containsExactlyElementsOf(samples.values());
        });
  }

  private static Map<Labels, List<long[]>> drainAll(SeriesSet set) {
    Map<Labels, List<long[]>> out = new LinkedHashMap<>();
    while (set.next()) {
      Series s = set.at();
      assertThat(out).doesNotContainKey(s.labels());
      out.put(s.labels(), MergeSampleIteratorTest.drain(s.iterator(null)));
    }
    return out;
  }
}
