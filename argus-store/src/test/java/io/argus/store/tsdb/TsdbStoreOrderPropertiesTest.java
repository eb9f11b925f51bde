package io.argus.store.tsdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.labels.Matcher;
import io.argus.storage.ChunkMeta;
import io.argus.storage.ChunkQuerier;
import io.argus.storage.ChunkQueryable;
import io.argus.storage.ChunkSeries;
import io.argus.storage.ChunkSeriesSet;
import io.argus.storage.SelectHints;
import io.argus.store.SeriesRequest;
import io.argus.store.StoreSeriesSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For random stored series, external labels and replica labels, the store's answer is exactly the
 * brute-force one: every series rewritten, then stably sorted by the rewritten labels. This checks
 * that buffering only prefix groups (when labels are only added) never misorders.
 */
class TsdbStoreOrderPropertiesTest {
  private static final List<String> NAMES =
      List.of("__name__", "a", "b", "cluster", "replica", "z");

  @Provide
  Arbitrary<Labels> labels() {
    return Arbitraries.subsetOf(NAMES)
        .flatMap(
            names ->
                Arbitraries.of("1", "2", "x")
                    .list()
                    .ofSize(names.size())
                    .map(
                        values -> {
                          LabelsBuilder b = new LabelsBuilder();
                          int i = 0;
                          for (String n : names) {
                            b.set(n, values.get(i++));
                          }
                          return b.build();
                        }));
  }

  @Provide
  Arbitrary<Labels> external() {
    return Arbitraries.subsetOf("b", "cluster", "replica", "y")
        .map(
            names -> {
              LabelsBuilder b = new LabelsBuilder();
              names.forEach(n -> b.set(n, "e"));
              return b.build();
            });
  }

  @Provide
  Arbitrary<List<String>> without() {
    return Arbitraries.subsetOf("replica", "b", "y").map(List::copyOf);
  }

  @Property(tries = 200)
  void series_areTheRewrittenSeriesStablySorted(
      @ForAll("stored") List<Labels> stored,
      @ForAll("external") Labels external,
      @ForAll("without") List<String> without) {
    List<Labels> db = new ArrayList<>(new TreeSet<>(stored));
    TsdbStore store = new TsdbStore("mem", over(db), () -> external, () -> 0, () -> 0);
    LabelRewrite rewrite = new LabelRewrite(external, without);
    List<Labels> expected = new ArrayList<>(db.stream().map(rewrite::apply).toList());
    expected.sort(Comparator.naturalOrder());

    List<Labels> got = new ArrayList<>();
    try (StoreSeriesSet set =
        store.series(
            new SeriesRequest(0, 0, List.of(), without, true, true, SelectHints.NONE, 0))) {
      while (set.next()) {
        got.add(set.at().labels());
      }
    }

    assertThat(got).isEqualTo(expected);
  }

  @Provide
  Arbitrary<List<Labels>> stored() {
    return labels().list().ofMaxSize(25);
  }

  /** Series held in memory, selected by matchers in label order: a TSDB without samples. */
  private static ChunkQueryable over(List<Labels> sortedSeries) {
    return (mint, maxt) ->
        new ChunkQuerier() {
          @Override
          public ChunkSeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
            List<Labels> hits = new ArrayList<>();
            for (Labels l : sortedSeries) {
              boolean all = true;
              for (Matcher m : matchers) {
                all &= m.matches(l);
              }
              if (all) {
                hits.add(l);
              }
            }
            return new ChunkSeriesSet() {
              private int i = -1;

              @Override
              public boolean next() {
                return ++i < hits.size();
              }

              @Override
              public ChunkSeries at() {
                Labels l = hits.get(i);
                return new ChunkSeries() {
                  @Override
                  public Labels labels() {
                    return l;
                  }

                  @Override
                  public List<ChunkMeta> chunks() {
                    return List.of();
                  }
                };
              }
            };
          }

          @Override
          public List<String> labelValues(String name, Matcher... matchers) {
            throw new UnsupportedOperationException();
          }

          @Override
          public List<String> labelNames(Matcher... matchers) {
            throw new UnsupportedOperationException();
          }

          @Override
          public void close() {}
        };
  }
}
