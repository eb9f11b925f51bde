package io.argus.tsdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.labels.MatchType;
import io.argus.model.labels.Matcher;
import io.argus.model.labels.Utf8Order;
import io.argus.tsdb.fs.FileOps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.io.TempDir;

class PostingsForMatchersTest {
  private static final String[] NAMES = {"a", "b", "c", "missing"};
  private static final String[] VALUES = {"1", "2", "3", "x", "\uD83D\uDE00"};
  private static final String[] MATCH_VALUES = {"", "1", "2", "x", "nope", "\uD83D\uDE00"};
  private static final String[] REGEXES = {
    "1|2", "x|", "|x", ".*", ".+", "1.*", "", "[12]", "(1|3)", "2|x|", "\\d", "(?:x|y)", "nope|3"
  };

  /** An {@link IndexReader} over {@link MemPostings} and a label map, as the head would be. */
  static final class MemIndex implements IndexReader {
    final MemPostings postings = new MemPostings();
    final Map<Long, Labels> series = new HashMap<>();

    void add(long ref, Labels ls) {
      series.put(ref, ls);
      postings.add(ref, ls);
    }

    @Override
    public Iterator<String> symbols() {
      TreeSet<String> s = new TreeSet<>(Utf8Order.COMPARATOR);
      series
          .values()
          .forEach(
              ls ->
                  ls.forEach(
                      (n, v) -> {
                        s.add(n);
                        s.add(v);
                      }));
      return s.iterator();
    }

    @Override
    public List<String> labelNames() {
      return postings.labelNames();
    }

    @Override
    public List<String> labelValues(String name) {
      return postings.labelValues(name);
    }

    @Override
    public Postings postings(String name, String... values) {
      List<Postings> lists = new ArrayList<>();
      for (String v : values) {
        lists.add(postings.get(name, v));
      }
      return PostingsAlgebra.merge(lists);
    }

    @Override
    public boolean series(long ref, LabelsBuilder labels, List<ChunkRef> chunks) {
      Labels ls = series.get(ref);
      if (ls == null) {
        return false;
      }
      labels.reset();
      ls.forEach(labels::set);
      chunks.clear();
      return true;
    }

    @Override
    public void close() {}
  }

  static List<Labels> randomSeries(Random rnd, int count) {
    TreeSet<Labels> out = new TreeSet<>();
    while (out.size() < count) {
      LabelsBuilder b = new LabelsBuilder();
      for (String n : NAMES) {
        if (!n.equals("missing") && rnd.nextInt(3) > 0) {
          b.set(n, VALUES[rnd.nextInt(VALUES.length)]);
        }
      }
      b.set("id", Integer.toString(out.size()));
      out.add(b.build());
    }
    return new ArrayList<>(out);
  }

  static Matcher randomMatcher(Random rnd) {
    MatchType type = MatchType.values()[rnd.nextInt(4)];
    String name = NAMES[rnd.nextInt(NAMES.length)];
    String value =
        switch (type) {
          case EQUAL, NOT_EQUAL -> MATCH_VALUES[rnd.nextInt(MATCH_VALUES.length)];
          case REGEX, NOT_REGEX -> REGEXES[rnd.nextInt(REGEXES.length)];
        };
    return Matcher.of(type, name, value);
  }

  private static long[] oracle(Map<Long, Labels> series, Matcher[] ms) {
    return series.entrySet().stream()
        .filter(e -> Arrays.stream(ms).allMatch(m -> m.matches(e.getValue())))
        .mapToLong(Map.Entry::getKey)
        .sorted()
        .toArray();
  }

  @Provide
  Arbitrary<long[]> seeds() {
    return Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(1, 4))
        .as((seed, matchers) -> new long[] {seed, matchers});
  }

  @Property(tries = 300)
  void select_memIndex_matchesBruteForce(@ForAll("seeds") long[] seedAndCount) {
    Random rnd = new Random(seedAndCount[0]);
    MemIndex ix = new MemIndex();
    List<Labels> series = randomSeries(rnd, 1 + rnd.nextInt(40));
    // Refs in shuffled order so MemPostings also sees out-of-order inserts.
    List<Integer> refs = new ArrayList<>();
    for (int i = 0; i < series.size(); i++) {
      refs.add(i * 3 + 1);
    }
    java.util.Collections.shuffle(refs, rnd);
    for (int i = 0; i < series.size(); i++) {
      ix.add(refs.get(i), series.get(i));
    }
    Matcher[] ms = new Matcher[(int) seedAndCount[1]];
    for (int i = 0; i < ms.length; i++) {
      ms[i] = randomMatcher(rnd);
    }
    assertThat(PostingsAlgebra.toArray(PostingsForMatchers.select(ix, ms)))
        .as("matchers %s", Arrays.toString(ms))
        .containsExactly(oracle(ix.series, ms));
  }

  @org.junit.jupiter.api.Test
  void select_blockIndex_matchesBruteForce(@TempDir Path dir) throws IOException {
    Random rnd = new Random(2024);
    for (int round = 0; round < 5; round++) {
      List<Labels> series = randomSeries(rnd, 60);
      TreeSet<String> symbols = new TreeSet<>(Utf8Order.COMPARATOR);
      series.forEach(
          ls ->
              ls.forEach(
                  (n, v) -> {
                    symbols.add(n);
                    symbols.add(v);
                  }));
      Path file = dir.resolve("index" + round);
      Map<Long, Labels> byRef = new HashMap<>();
      try (IndexWriter w = IndexWriter.create(FileOps.defaults(), file, round % 2 == 0)) {
        w.addSymbols(symbols);
        for (Labels ls : series) {
          byRef.put(w.addSeries(ls, List.of()), ls);
        }
      }
      try (BlockIndexReader r = BlockIndexReader.open(FileOps.defaults(), file)) {
        for (int q = 0; q < 200; q++) {
          Matcher[] ms = new Matcher[1 + rnd.nextInt(4)];
          for (int i = 0; i < ms.length; i++) {
            ms[i] = randomMatcher(rnd);
          }
          assertThat(PostingsAlgebra.toArray(PostingsForMatchers.select(r, ms)))
              .as("matchers %s", Arrays.toString(ms))
              .containsExactly(oracle(byRef, ms));
        }
      }
    }
  }

  private static MemIndex fixedIndex() {
    MemIndex ix = new MemIndex();
    ix.add(1, Labels.of("n", "up", "foo", "bar"));
    ix.add(2, Labels.of("n", "up", "foo", "baz"));
    ix.add(3, Labels.of("n", "up"));
    ix.add(4, Labels.of("n", "down", "foo", "x"));
    return ix;
  }

  private static long[] select(IndexReader ix, Matcher... ms) {
    return PostingsAlgebra.toArray(PostingsForMatchers.select(ix, ms));
  }

  @Example
  void select_emptyMatchingMatchers_includeSeriesWithoutLabel() {
    MemIndex ix = fixedIndex();
    assertThat(select(ix, Matcher.equal("foo", ""))).containsExactly(3);
    assertThat(select(ix, Matcher.notEqual("foo", "bar"))).containsExactly(2, 3, 4);
    assertThat(select(ix, Matcher.regex("foo", "x|"))).containsExactly(3, 4);
    assertThat(select(ix, Matcher.notEqual("foo", ""))).containsExactly(1, 2, 4);
    assertThat(select(ix, Matcher.regex("foo", ".+"), Matcher.notEqual("foo", "bar")))
        .containsExactly(2, 4);
  }

  @Example
  void select_onlyNegativeMatchers_startFromAllSeries() {
    MemIndex ix = fixedIndex();
    assertThat(select(ix, Matcher.notRegex("n", "down"))).containsExactly(1, 2, 3);
    assertThat(select(ix, Matcher.notEqual("n", "up"), Matcher.notRegex("foo", "b.*")))
        .containsExactly(4);
    assertThat(select(ix)).isEmpty();
  }

  @Example
  void select_unknownValue_isEmpty() {
    MemIndex ix = fixedIndex();
    assertThat(PostingsForMatchers.select(ix, Matcher.equal("n", "nope"), Matcher.equal("foo", "")))
        .isSameAs(Postings.EMPTY);
  }

  @Example
  void literalAlternatives_recognisesOnlyPlainLiterals() {
    assertThat(PostingsForMatchers.literalAlternatives("a|b|c")).containsExactly("a", "b", "c");
    assertThat(PostingsForMatchers.literalAlternatives("x|")).containsExactly("x", "");
    assertThat(PostingsForMatchers.literalAlternatives("(?:a\\.b|c)")).containsExactly("a.b", "c");
    assertThat(PostingsForMatchers.literalAlternatives("foo")).containsExactly("foo");
    assertThat(PostingsForMatchers.literalAlternatives("a.*")).isNull();
    assertThat(PostingsForMatchers.literalAlternatives("\\d")).isNull();
    assertThat(PostingsForMatchers.literalAlternatives("(a)|(b)")).isNull();
  }
}
