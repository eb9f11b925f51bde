package io.argus.storage.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.ChunkMeta;
import io.argus.storage.ChunkQuerier;
import io.argus.storage.ChunkSeries;
import io.argus.storage.ChunkSeriesSet;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
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
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ChunkQueriersTest {
  private static final Labels A = Labels.of("__name__", "m", "job", "a");
  private static final Labels B = Labels.of("__name__", "m", "job", "b");

  @Provide
  Arbitrary<List<TreeMap<Long, Double>>> children() {
    Arbitrary<TreeMap<Long, Double>> child =
        Arbitraries.maps(Arbitraries.longs().between(0, 400), Arbitraries.doubles())
            .ofMaxSize(300)
            .map(TreeMap::new);
    return child.list().ofMinSize(2).ofMaxSize(4);
  }

  @Property(tries = 100)
  void compactingMerge_matchesOracleWithoutOverlaps(
      @ForAll("children") List<TreeMap<Long, Double>> children,
      @ForAll @IntRange(min = 1, max = 130) int samplesPerChunk) {
    List<ChunkSeries> series = new ArrayList<>();
    TreeMap<Long, Double> oracle = new TreeMap<>();
    for (TreeMap<Long, Double> c : children) {
      series.add(new ListChunkSeries(A, encode(c, samplesPerChunk)));
      c.forEach(oracle::putIfAbsent);
    }

    List<ChunkMeta> merged = ChunkQueriers.compactingMerge(series).chunks();

    TreeMap<Long, Double> got = new TreeMap<>();
    long prevMax = Long.MIN_VALUE;
    for (ChunkMeta c : merged) {
      assertThat(c.minTime()).isGreaterThan(prevMax).isLessThanOrEqualTo(c.maxTime());
      assertThat(c.chunk().numSamples()).isBetween(1, Math.max(120, samplesPerChunk));
      prevMax = c.maxTime();
      decode(c, got);
    }
    assertThat(got).isEqualTo(oracle);
  }

  @Test
  void compactingMerge_keepsNonOverlappingAndDuplicateChunksAsTheyAre() {
    List<ChunkMeta> early = encode(samples(0, 10), 120);
    List<ChunkMeta> late = encode(samples(100, 110), 120);
    ChunkSeries s1 = new ListChunkSeries(A, List.of(early.get(0), late.get(0)));
    ChunkSeries s2 = new ListChunkSeries(A, List.of(late.get(0)));

    List<ChunkMeta> merged = ChunkQueriers.compactingMerge(List.of(s1, s2)).chunks();

    assertThat(merged).containsExactly(early.get(0), late.get(0));
  }

  @Test
  void compactingMerge_overlapOnEqualTimestampKeepsFirstSeries() {
    TreeMap<Long, Double> first = samples(0, 5);
    TreeMap<Long, Double> second = new TreeMap<>();
    first.forEach((t, v) -> second.put(t, -v));
    second.put(6L, 6.0);

    List<ChunkMeta> merged =
        ChunkQueriers.compactingMerge(
                List.of(
                    new ListChunkSeries(A, encode(first, 120)),
                    new ListChunkSeries(A, encode(second, 120))))
            .chunks();

    TreeMap<Long, Double> got = new TreeMap<>();
    merged.forEach(c -> decode(c, got));
    TreeMap<Long, Double> expected = new TreeMap<>(first);
    expected.put(6L, 6.0);
    assertThat(got).isEqualTo(expected);
    assertThat(merged).hasSize(1);
  }

  @Test
  void encode_cutsChunksAt120Samples() {
    List<ChunkMeta> chunks = encode(samples(0, 300), ChunkQueriers.MAX_SAMPLES_PER_CHUNK);

    assertThat(chunks).extracting(c -> c.chunk().numSamples()).containsExactly(120, 120, 61);
    assertThat(chunks).extracting(ChunkMeta::minTime).containsExactly(0L, 120L, 240L);
    assertThat(chunks).extracting(ChunkMeta::maxTime).containsExactly(119L, 239L, 300L);
  }

  @Test
  void merge_selectsSortedUnionAndLabels() {
    ChunkQuerier q1 =
        new ListChunkQuerier(List.of(new ListChunkSeries(B, encode(samples(0, 3), 120))));
    ChunkQuerier q2 =
        new ListChunkQuerier(
            List.of(
                new ListChunkSeries(A, encode(samples(0, 3), 120)),
                new ListChunkSeries(B, encode(samples(2, 6), 120))));
    ChunkQuerier merged = ChunkQueriers.merge(List.of(q1, q2));

    ChunkSeriesSet set = merged.select(false, SelectHints.NONE);
    List<Labels> labels = new ArrayList<>();
    TreeMap<Long, Double> bSamples = new TreeMap<>();
    while (set.next()) {
      labels.add(set.at().labels());
      if (set.at().labels().equals(B)) {
        set.at().chunks().forEach(c -> decode(c, bSamples));
      }
    }

    assertThat(labels).containsExactly(A, B);
    assertThat(bSamples.keySet()).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(merged.labelValues("job")).containsExactly("a", "b");
    assertThat(merged.labelNames(Matcher.equal("job", "a"))).containsExactly("__name__", "job");
  }

  private static TreeMap<Long, Double> samples(long from, long to) {
    TreeMap<Long, Double> m = new TreeMap<>();
    for (long t = from; t <= to; t++) {
      m.put(t, (double) t);
    }
    return m;
  }

  private static List<ChunkMeta> encode(TreeMap<Long, Double> samples, int perChunk) {
    return ChunkQueriers.encode(ArraySeries.of(Labels.EMPTY, samples).iterator(null), perChunk);
  }

  private static void decode(ChunkMeta c, Map<Long, Double> into) {
    SampleIterator it = c.chunk().iterator(null);
    while (it.next() != ValueType.NONE) {
      assertThat(it.atT()).isBetween(c.minTime(), c.maxTime());
      assertThat(into.put(it.atT(), it.atFloat())).isNull();
    }
  }

  record ListChunkSeries(Labels labels, List<ChunkMeta> chunks) implements ChunkSeries {}

  static final class ListChunkQuerier implements ChunkQuerier {
    private final List<ChunkSeries> series;

    ListChunkQuerier(List<ChunkSeries> series) {
      this.series = series;
    }

    @Override
    public ChunkSeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
      List<ChunkSeries> out = new ArrayList<>(series);
      out.sort((a, b) -> a.labels().compareTo(b.labels()));
      return SeriesSets.fromChunkSeries(out);
    }

    @Override
    public List<String> labelValues(String name, Matcher... matchers) {
      return new ListQuerier(asSeries(matchers)).labelValues(name, matchers);
    }

    @Override
    public List<String> labelNames(Matcher... matchers) {
      return new ListQuerier(asSeries(matchers)).labelNames(matchers);
    }

    private List<ArraySeries> asSeries(Matcher... matchers) {
      return series.stream()
          .map(s -> new ArraySeries(s.labels(), new long[0], new double[0]))
          .toList();
    }

    @Override
    public void close() {}
  }
}
