package io.argus.tsdb.querier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.model.labels.Utf8Order;
import io.argus.storage.ChunkMeta;
import io.argus.storage.ChunkQuerier;
import io.argus.storage.ChunkSeries;
import io.argus.storage.ChunkSeriesSet;
import io.argus.storage.FloatSamples;
import io.argus.storage.Querier;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import io.argus.tsdb.block.PersistedBlock;
import io.argus.tsdb.fs.FileOps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockQuerierTest {
  private static final Matcher ALL = Matcher.regex("__name__", ".+");

  @TempDir Path tmp;
  private final List<PersistedBlock> opened = new ArrayList<>();

  @AfterEach
  void closeBlocks() {
    opened.forEach(PersistedBlock::close);
  }

  private PersistedBlock open(Path dir) throws IOException {
    PersistedBlock b = PersistedBlock.open(FileOps.defaults(), dir);
    opened.add(b);
    return b;
  }

  @Test
  void select_matchesBruteForceForRandomMatchers() throws IOException {
    Random rnd = new Random(1);
    TreeMap<Labels, TreeMap<Long, Double>> data = TestBlocks.randomData(rnd, 60, 0, 5_000);
    PersistedBlock block = open(TestBlocks.write(tmp, data, 50, 1));

    for (int round = 0; round < 100; round++) {
      Matcher[] ms = randomMatchers(rnd);
      try (Querier q = new BlockQuerier(block, Long.MIN_VALUE, Long.MAX_VALUE)) {
        LinkedHashMap<Labels, TreeMap<Long, Double>> got =
            TestBlocks.drain(q.select(true, SelectHints.NONE, ms));

        TreeMap<Labels, TreeMap<Long, Double>> expected = new TreeMap<>();
        data.forEach(
            (ls, samples) -> {
              if (matchesAll(ls, ms)) {
                expected.put(ls, samples);
              }
            });
        assertThat(got).as(List.of(ms).toString()).containsExactlyEntriesOf(expected);
      }
    }
  }

  @Test
  void select_trimsSamplesToClosedRange() throws IOException {
    Random rnd = new Random(2);
    TreeMap<Labels, TreeMap<Long, Double>> data = TestBlocks.randomData(rnd, 30, 1_000, 4_000);
    PersistedBlock block = open(TestBlocks.write(tmp, data, 40, 2));

    for (int round = 0; round < 40; round++) {
      long mint = 900 + rnd.nextInt(4_300);
      long maxt = mint + rnd.nextInt(2_000);
      try (Querier q = new BlockQuerier(block, mint, maxt)) {
        Map<Labels, TreeMap<Long, Double>> got =
            nonEmpty(TestBlocks.drain(q.select(false, SelectHints.NONE, ALL)));

        Map<Labels, TreeMap<Long, Double>> expected = new TreeMap<>();
        data.forEach(
            (ls, samples) -> {
              TreeMap<Long, Double> in = new TreeMap<>(samples.subMap(mint, true, maxt, true));
              if (!in.isEmpty()) {
                expected.put(ls, in);
              }
            });
        assertThat(got).as("[%d, %d]", mint, maxt).isEqualTo(expected);
      }
    }
  }

  @Test
  void select_hintRangeNarrowsQuerierRange() throws IOException {
    Random rnd = new Random(11);
    TreeMap<Labels, TreeMap<Long, Double>> data = TestBlocks.randomData(rnd, 20, 0, 3_000);
    PersistedBlock block = open(TestBlocks.write(tmp, data, 40, 11));

    try (Querier wide = new BlockQuerier(block, 0, 2_000)) {
      Map<Labels, TreeMap<Long, Double>> hinted =
          nonEmpty(TestBlocks.drain(wide.select(true, SelectHints.range(500, 5_000), ALL)));
      assertThat(hinted).isEqualTo(queryAll(block, 500, 2_000));
      assertThat(wide.select(true, SelectHints.range(2_500, 3_000), ALL).next()).isFalse();
    }
  }

  @Test
  void seek_agreesWithOracleCeiling() throws IOException {
    Random rnd = new Random(3);
    TreeMap<Labels, TreeMap<Long, Double>> data = TestBlocks.randomData(rnd, 20, 0, 3_000);
    PersistedBlock block = open(TestBlocks.write(tmp, data, 30, 3));
    block.delete(500, 900, Matcher.equal("job", "api"));
    TreeMap<Labels, TreeMap<Long, Double>> expectedData = deleteIn(data, 500, 900, "api");

    try (Querier q = new BlockQuerier(block, 100, 2_500)) {
      SeriesSet set = q.select(true, SelectHints.NONE, ALL);
      SampleIterator it = null;
      while (set.next()) {
        TreeMap<Long, Double> oracle =
            new TreeMap<>(expectedData.get(set.at().labels()).subMap(100L, true, 2_500L, true));
        it = set.at().iterator(it);
        long target = -50;
        while (true) {
          target += rnd.nextInt(200);
          Map.Entry<Long, Double> e = oracle.ceilingEntry(target);
          ValueType vt = it.seek(target);
          if (e == null) {
            assertThat(vt).isEqualTo(ValueType.NONE);
            break;
          }
          assertThat(vt).isEqualTo(ValueType.FLOAT);
          assertThat(it.atT()).isEqualTo(e.getKey());
          assertThat(it.atFloat()).isEqualTo(e.getValue());
          target = e.getKey();
        }
      }
    }
  }

  @Test
  void delete_hidesSamplesAndSurvivesReopen() throws IOException {
    Random rnd = new Random(4);
    TreeMap<Labels, TreeMap<Long, Double>> data = TestBlocks.randomData(rnd, 40, 0, 6_000);
    Path dir = TestBlocks.write(tmp, data, 25, 4);
    PersistedBlock block = open(dir);

    block.delete(1_000, 2_500, Matcher.equal("job", "api"));
    block.delete(2_000, 4_000, Matcher.equal("job", "api"));
    block.delete(5_000, 5_100, Matcher.regex("job", "db|web"));
    TreeMap<Labels, TreeMap<Long, Double>> expected = deleteIn(data, 1_000, 4_000, "api");
    expected = deleteIn(expected, 5_000, 5_100, "db");
    expected = deleteIn(expected, 5_000, 5_100, "web");

    assertThat(queryAll(block, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(nonEmpty(expected));
    assertThat(block.meta().stats().numTombstones()).isEqualTo(block.tombstones().total());
    assertThat(block.tombstones().total()).isPositive();
    block.close();
    PersistedBlock reopened = open(dir);
    assertThat(queryAll(reopened, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(nonEmpty(expected));
    assertThat(reopened.meta().stats().numTombstones()).isEqualTo(block.tombstones().total());
  }

  @Test
  void readFloats_agreesWithNextAcrossChunksTombstonesAndRangeEnds() throws IOException {
    Random rnd = new Random(9);
    TreeMap<Labels, TreeMap<Long, Double>> data = TestBlocks.randomData(rnd, 30, 0, 6_000);
    PersistedBlock block = open(TestBlocks.write(tmp, data, 25, 4));
    block.delete(1_000, 2_500, Matcher.equal("job", "api"));
    block.delete(3_000, 3_010, Matcher.regex("job", "db|web"));
    for (long[] range : new long[][] {{0, 6_000}, {700, 4_200}, {2_400, 2_600}}) {
      for (long maxT : new long[] {range[1], (range[0] + range[1]) / 2}) {
        Map<Labels, TreeMap<Long, Double>> bulk = new TreeMap<>();
        try (Querier q = new BlockQuerier(block, range[0], range[1])) {
          SeriesSet set = q.select(true, SelectHints.NONE, ALL);
          SampleIterator it = null;
          while (set.next()) {
            it = set.at().iterator(it);
            FloatSamples out = new FloatSamples(1);
            ValueType type = it.next();
            while (type == ValueType.FLOAT && it.atT() <= maxT) {
              type = it.readFloats(maxT, out);
            }
            if (type != ValueType.NONE) {
              assertThat(it.atT()).isGreaterThan(maxT);
            }
            TreeMap<Long, Double> samples = new TreeMap<>();
            for (int i = 0; i < out.size; i++) {
              samples.put(out.times[i], out.values[i]);
            }
            assertThat(samples).hasSize(out.size);
            bulk.put(set.at().labels(), samples);
          }
        }
        Map<Labels, TreeMap<Long, Double>> expected = new TreeMap<>();
        queryAll(block, range[0], range[1])
            .forEach((ls, m) -> expected.put(ls, new TreeMap<>(m.headMap(maxT, true))));
        assertThat(nonEmpty(bulk)).isEqualTo(nonEmpty(expected));
      }
    }
    block.close();
  }

  @Test
  void blockQueriers_overOverlappingBlocksDedupsEqualTimestamps() throws IOException {
    Random rnd = new Random(5);
    TreeMap<Labels, TreeMap<Long, Double>> first = TestBlocks.randomData(rnd, 30, 0, 4_000);
    TreeMap<Labels, TreeMap<Long, Double>> second = TestBlocks.randomData(rnd, 30, 2_000, 4_000);
    // Same series in both blocks, with some identical timestamps carrying other values.
    for (Map.Entry<Labels, TreeMap<Long, Double>> e : first.entrySet()) {
      if (rnd.nextBoolean()) {
        TreeMap<Long, Double> copy = new TreeMap<>();
        e.getValue().forEach((t, v) -> copy.put(t, rnd.nextBoolean() ? v : v + 1));
        second.put(e.getKey(), copy);
      }
    }
    PersistedBlock b1 = open(TestBlocks.write(tmp, first, 40, 51));
    PersistedBlock b2 = open(TestBlocks.write(tmp, second, 40, 52));
    PersistedBlock outside =
        open(TestBlocks.write(tmp, TestBlocks.randomData(rnd, 3, 90_000, 100), 40, 53));
    TreeMap<Labels, TreeMap<Long, Double>> expected = new TreeMap<>();
    for (TreeMap<Labels, TreeMap<Long, Double>> d : List.of(first, second)) {
      d.forEach(
          (ls, samples) -> {
            TreeMap<Long, Double> in = new TreeMap<>(samples.subMap(0L, true, 10_000L, true));
            if (!in.isEmpty()) {
              in.forEach(expected.computeIfAbsent(ls, k -> new TreeMap<>())::putIfAbsent);
            }
          });
    }

    try (Querier q = BlockQueriers.over(List.of(b1, b2, outside), 0, 10_000)) {
      LinkedHashMap<Labels, TreeMap<Long, Double>> got =
          TestBlocks.drain(q.select(false, SelectHints.NONE, ALL));
      assertThat(got).containsExactlyEntriesOf(expected);
      assertThat(b1.pendingReaders()).isEqualTo(2);
      assertThat(outside.pendingReaders()).isZero();
    }
    assertThat(b1.pendingReaders()).isZero();
    assertThat(b2.pendingReaders()).isZero();
  }

  @Test
  void labelNamesAndValues_withMatchersMatchBruteForce() throws IOException {
    Random rnd = new Random(6);
    TreeMap<Labels, TreeMap<Long, Double>> data = TestBlocks.randomData(rnd, 50, 0, 1_000);
    PersistedBlock block = open(TestBlocks.write(tmp, data, 100, 6));

    try (Querier q = new BlockQuerier(block, 0, 1_000)) {
      for (int round = 0; round < 50; round++) {
        Matcher[] ms = randomMatchers(rnd);
        TreeSet<String> names = new TreeSet<>(Utf8Order.COMPARATOR);
        TreeSet<String> jobs = new TreeSet<>(Utf8Order.COMPARATOR);
        for (Labels ls : data.keySet()) {
          if (matchesAll(ls, ms)) {
            ls.forEach((n, v) -> names.add(n));
            jobs.add(ls.get("job"));
          }
        }
        assertThat(q.labelNames(ms)).containsExactlyElementsOf(names);
        assertThat(q.labelValues("job", ms)).containsExactlyElementsOf(jobs);
      }
      assertThat(q.labelValues("zone")).containsExactly("a", "b", "c");
    }
  }

  @Test
  void chunkQuerier_trimsAndHidesDeletedSamplesLikeSampleQuerier() throws IOException {
    Random rnd = new Random(7);
    TreeMap<Labels, TreeMap<Long, Double>> data = TestBlocks.randomData(rnd, 30, 0, 5_000);
    PersistedBlock block = open(TestBlocks.write(tmp, data, 60, 7));
    block.delete(1_500, 1_700, Matcher.equal("job", "db"));

    Map<Labels, TreeMap<Long, Double>> fromSamples = queryAll(block, 300, 4_200);
    Map<Labels, TreeMap<Long, Double>> fromChunks = new TreeMap<>();
    int intactChunks = 0;
    try (ChunkQuerier q = new BlockChunkQuerier(block, 300, 4_200)) {
      ChunkSeriesSet set = q.select(true, SelectHints.NONE, ALL);
      while (set.next()) {
        ChunkSeries s = set.at();
        TreeMap<Long, Double> samples = new TreeMap<>();
        for (ChunkMeta c : s.chunks()) {
          assertThat(c.minTime()).isGreaterThanOrEqualTo(300);
          assertThat(c.maxTime()).isLessThanOrEqualTo(4_200);
          intactChunks += c.ref() != 0 ? 1 : 0;
          readChunk(c, samples);
        }
        if (!samples.isEmpty()) {
          fromChunks.put(s.labels(), samples);
        }
      }
    }

    assertThat(fromChunks).isEqualTo(fromSamples);
    assertThat(intactChunks).isPositive();
  }

  @Test
  void chunksOver_overlappingBlocksYieldsNonOverlappingChunksOfAtMost120() throws IOException {
    Random rnd = new Random(8);
    TreeMap<Labels, TreeMap<Long, Double>> first = TestBlocks.randomData(rnd, 10, 0, 8_000);
    TreeMap<Labels, TreeMap<Long, Double>> second = new TreeMap<>();
    first.forEach(
        (ls, samples) -> {
          TreeMap<Long, Double> other = new TreeMap<>();
          samples.forEach((t, v) -> other.put(t + rnd.nextInt(3), v + 0.5));
          second.put(ls, other);
        });
    PersistedBlock b1 = open(TestBlocks.write(tmp, first, 120, 81));
    PersistedBlock b2 = open(TestBlocks.write(tmp, second, 120, 82));
    TreeMap<Labels, TreeMap<Long, Double>> expected = new TreeMap<>();
    for (TreeMap<Labels, TreeMap<Long, Double>> d : List.of(first, second)) {
      d.forEach(
          (ls, s) -> s.forEach(expected.computeIfAbsent(ls, k -> new TreeMap<>())::putIfAbsent));
    }

    Map<Labels, TreeMap<Long, Double>> got = new TreeMap<>();
    try (ChunkQuerier q = BlockQueriers.chunksOver(List.of(b1, b2), 0, 20_000)) {
      ChunkSeriesSet set = q.select(true, SelectHints.NONE, ALL);
      while (set.next()) {
        TreeMap<Long, Double> samples = new TreeMap<>();
        long prevMax = Long.MIN_VALUE;
        for (ChunkMeta c : set.at().chunks()) {
          assertThat(c.minTime()).isGreaterThan(prevMax);
          assertThat(c.chunk().numSamples()).isBetween(1, 120);
          prevMax = c.maxTime();
          readChunk(c, samples);
        }
        got.put(set.at().labels(), samples);
      }
    }

    assertThat(got).isEqualTo(expected);
  }

  @Test
  void querier_failsCleanlyAfterBlockClosed() throws IOException {
    TreeMap<Labels, TreeMap<Long, Double>> data = TestBlocks.randomData(new Random(9), 5, 0, 1_000);
    PersistedBlock block =
        PersistedBlock.open(FileOps.defaults(), TestBlocks.write(tmp, data, 10, 9));
    Querier q = new BlockQuerier(block, 0, 1_000);
    SeriesSet set = q.select(true, SelectHints.NONE, ALL);
    assertThat(set.next()).isTrue();

    assertThat(block.close(java.time.Duration.ZERO)).isFalse();

    assertThatThrownBy(() -> TestBlocks.drain(set)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new BlockQuerier(block, 0, 1_000))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closing");
    q.close();
    assertThat(block.pendingReaders()).isZero();
  }

  @Test
  void select_onClosedQuerierFails() throws IOException {
    TreeMap<Labels, TreeMap<Long, Double>> data = TestBlocks.randomData(new Random(10), 3, 0, 100);
    PersistedBlock block = open(TestBlocks.write(tmp, data, 10, 10));
    Querier q = new BlockQuerier(block, 0, 100);
    q.close();
    q.close();

    assertThatThrownBy(() -> q.select(true, SelectHints.NONE, ALL))
        .isInstanceOf(IllegalStateException.class);
    assertThat(block.pendingReaders()).isZero();
  }

  private static void readChunk(ChunkMeta c, TreeMap<Long, Double> into) {
    SampleIterator it = c.chunk().iterator(null);
    long prev = Long.MIN_VALUE;
    while (it.next() != ValueType.NONE) {
      assertThat(it.atT()).isGreaterThan(prev).isBetween(c.minTime(), c.maxTime());
      prev = it.atT();
      assertThat(into.put(it.atT(), it.atFloat())).isNull();
    }
  }

  private static Map<Labels, TreeMap<Long, Double>> queryAll(
      PersistedBlock b, long mint, long maxt) {
    try (Querier q = new BlockQuerier(b, mint, maxt)) {
      return nonEmpty(TestBlocks.drain(q.select(true, SelectHints.NONE, ALL)));
    }
  }

  private static Map<Labels, TreeMap<Long, Double>> nonEmpty(Map<Labels, TreeMap<Long, Double>> m) {
    Map<Labels, TreeMap<Long, Double>> out = new TreeMap<>();
    m.forEach(
        (ls, s) -> {
          if (!s.isEmpty()) {
            out.put(ls, s);
          }
        });
    return out;
  }

  private static TreeMap<Labels, TreeMap<Long, Double>> deleteIn(
      TreeMap<Labels, TreeMap<Long, Double>> data, long mint, long maxt, String job) {
    TreeMap<Labels, TreeMap<Long, Double>> out = new TreeMap<>();
    data.forEach(
        (ls, samples) -> {
          TreeMap<Long, Double> copy = new TreeMap<>(samples);
          if (job.equals(ls.get("job"))) {
            copy.subMap(mint, true, maxt, true).clear();
          }
          out.put(ls, copy);
        });
    return out;
  }

  private static Matcher[] randomMatchers(Random rnd) {
    List<Matcher> ms = new ArrayList<>();
    int n = 1 + rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      ms.add(
          switch (rnd.nextInt(7)) {
            case 0 -> Matcher.equal("__name__", "m" + rnd.nextInt(4));
            case 1 -> Matcher.notEqual("job", "api");
            case 2 -> Matcher.regex("job", "a.*|d.*");
            case 3 -> Matcher.notRegex("zone", "a|b");
            case 4 -> Matcher.equal("zone", "");
            case 5 -> Matcher.regex("i", "1.*");
            default -> Matcher.notEqual("zone", "");
          });
    }
    return ms.toArray(Matcher[]::new);
  }

  private static boolean matchesAll(Labels ls, Matcher... ms) {
    for (Matcher m : ms) {
      if (!m.matches(ls)) {
        return false;
      }
    }
    return true;
  }
}
