package io.argus.tsdb.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.labels.Utf8Order;
import io.argus.tsdb.encoding.CorruptionException;
import io.argus.tsdb.fs.FileOps;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IndexRoundTripTest {
  /** Strings whose UTF-16 order differs from their UTF-8 byte order, plus ordinary ones. */
  private static final String[] NAMES = {
    "__name__", "a", "job", "instance", "é", "\uFFFD", "\uD83D\uDE00", "\uE000x", "z_z", "Ω"
  };

  private static final String[] VALUES = {
    "0", "1", "up", "ü", "\uFFFF", "\uD800\uDC00", "\uD83D\uDE00a", "\uE000", "a b", "😀😀"
  };

  static final class Fixture {
    final TreeMap<Labels, List<ChunkRef>> series = new TreeMap<>();
    final TreeSet<String> symbols = new TreeSet<>(Utf8Order.COMPARATOR);

    Fixture(long seed, int count, boolean wideName) {
      Random rnd = new Random(seed);
      long chunkRef = 8;
      while (series.size() < count) {
        LabelsBuilder b = new LabelsBuilder();
        int labels = 1 + rnd.nextInt(4);
        for (int i = 0; i < labels; i++) {
          b.set(NAMES[rnd.nextInt(NAMES.length)], randomValue(rnd));
        }
        if (wideName) {
          b.set("id", "v" + series.size());
        }
        series.put(b.build(), List.of());
      }
      for (Map.Entry<Labels, List<ChunkRef>> e : series.entrySet()) {
        List<ChunkRef> chunks = new ArrayList<>();
        long t = rnd.nextLong(-1_000_000, 1_000_000);
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
          long mint = t + 1 + rnd.nextInt(1000);
          long maxt = mint + rnd.nextInt(100_000);
          chunkRef += rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(1, 70_000);
          chunks.add(new ChunkRef(chunkRef, mint, maxt));
          t = maxt;
        }
        e.setValue(chunks);
        e.getKey()
            .forEach(
                (name, value) -> {
                  symbols.add(name);
                  symbols.add(value);
                });
      }
      symbols.add("");
    }

    private static String randomValue(Random rnd) {
      if (rnd.nextBoolean()) {
        return VALUES[rnd.nextInt(VALUES.length)];
      }
      StringBuilder sb = new StringBuilder();
      int len = 1 + rnd.nextInt(3);
      for (int i = 0; i < len; i++) {
        sb.appendCodePoint(
            switch (rnd.nextInt(4)) {
              case 0 -> 'a' + rnd.nextInt(3);
              case 1 -> 0xFFF0 + rnd.nextInt(14);
              case 2 -> 0x1F600 + rnd.nextInt(3);
              default -> 0xE000 + rnd.nextInt(3);
            });
      }
      return sb.toString();
    }

    Path write(Path file, boolean legacy) throws IOException {
      try (IndexWriter w = IndexWriter.create(FileOps.defaults(), file, legacy)) {
        w.addSymbols(symbols);
        for (Map.Entry<Labels, List<ChunkRef>> e : series.entrySet()) {
          w.addSeries(e.getKey(), e.getValue());
        }
      }
      return file;
    }

    /** Checks everything the reader exposes against the fixture. */
    void verify(BlockIndexReader r) {
      List<String> readSymbols = new ArrayList<>();
      r.symbols().forEachRemaining(readSymbols::add);
      assertThat(readSymbols).containsExactlyElementsOf(symbols);
      for (int i = 0; i < readSymbols.size(); i++) {
        assertThat(r.symbol(i)).isEqualTo(readSymbols.get(i));
      }

      TreeMap<String, TreeMap<String, List<Labels>>> pairs = new TreeMap<>(Utf8Order.COMPARATOR);
      for (Labels ls : series.keySet()) {
        ls.forEach(
            (n, v) ->
                pairs
                    .computeIfAbsent(n, k -> new TreeMap<>(Utf8Order.COMPARATOR))
                    .computeIfAbsent(v, k -> new ArrayList<>())
                    .add(ls));
      }
      assertThat(r.labelNames()).containsExactlyElementsOf(pairs.keySet());

      long[] all = PostingsAlgebra.toArray(r.allPostings());
      assertThat(all).hasSize(series.size());
      List<Labels> order = new ArrayList<>(series.keySet());
      Map<Labels, Long> refs = new java.util.HashMap<>();
      LabelsBuilder lb = new LabelsBuilder();
      List<ChunkRef> chunks = new ArrayList<>();
      for (int i = 0; i < all.length; i++) {
        assertThat(r.series(all[i], lb, chunks)).isTrue();
        Labels ls = lb.build();
        assertThat(ls).isEqualTo(order.get(i));
        assertThat(chunks).isEqualTo(series.get(ls));
        refs.put(ls, all[i]);
      }
      Map<String, Integer> counts = new java.util.HashMap<>();
      r.forEachPostingsCount((n, v, c) -> counts.put(n + "\0" + v, c));
      pairs.forEach(
          (name, values) -> {
            assertThat(r.labelValues(name)).containsExactlyElementsOf(values.keySet());
            values.forEach(
                (value, withPair) -> {
                  long[] want = withPair.stream().mapToLong(refs::get).sorted().toArray();
                  assertThat(PostingsAlgebra.toArray(r.postings(name, value)))
                      .as("postings %s=%s", name, value)
                      .containsExactly(want);
                  assertThat(counts.get(name + "\0" + value)).isEqualTo(want.length);
                  String absent = value + "\u0001";
                  if (!values.containsKey(absent)) {
                    assertThat(r.postings(name, absent))
                        .as("postings of absent %s=%s", name, absent)
                        .isSameAs(Postings.EMPTY);
                  }
                });
          });
      assertThat(counts).hasSize(pairs.values().stream().mapToInt(Map::size).sum());
      assertThat(r.postings("no such name", "x")).isSameAs(Postings.EMPTY);
      assertThat(r.verifyChecksums()).isGreaterThan(series.size());
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void roundTrip_randomUnicodeLabels_readsBackEverything(long seed, @TempDir Path dir)
      throws IOException {
    Fixture f = new Fixture(seed, 1 + (int) (seed * 37 % 200), false);
    Path file = f.write(dir.resolve("index"), true);
    try (BlockIndexReader r = BlockIndexReader.open(FileOps.defaults(), file)) {
      assertThat(r.hasLabelIndices()).isTrue();
      f.verify(r);
    }
  }

  @Test
  void roundTrip_manyValuesPerName_usesSampledLookups(@TempDir Path dir) throws IOException {
    Fixture f = new Fixture(42, 1000, true);
    Path file = f.write(dir.resolve("index"), true);
    try (BlockIndexReader r = BlockIndexReader.open(FileOps.defaults(), file)) {
      f.verify(r);
      assertThat(r.labelValues("id")).hasSize(1000);
      assertThat(PostingsAlgebra.toArray(r.postings("id", "v0", "v999", "v500", "nope")))
          .hasSize(3);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {11, 12, 13})
  void roundTrip_withoutLabelIndices_readsBackTheSame(long seed, @TempDir Path dir)
      throws IOException {
    Fixture f = new Fixture(seed, 150, false);
    Path legacy = f.write(dir.resolve("legacy"), true);
    Path modern = f.write(dir.resolve("modern"), false);
    assertThat(Files.size(modern)).isLessThan(Files.size(legacy));
    ByteBuffer toc = ByteBuffer.wrap(Files.readAllBytes(modern));
    int tocAt = toc.capacity() - 52;
    assertThat(toc.getLong(tocAt + 16))
        .as("labelIndices == postings")
        .isEqualTo(toc.getLong(tocAt + 32));
    assertThat(toc.getLong(tocAt + 24))
        .as("labelIndicesTable == postingsTable")
        .isEqualTo(toc.getLong(tocAt + 40));
    try (BlockIndexReader r = BlockIndexReader.open(FileOps.defaults(), modern)) {
      assertThat(r.hasLabelIndices()).isFalse();
      f.verify(r);
    }
  }

  @Test
  void roundTrip_noSeries_readsEmptyIndex(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("index");
    try (IndexWriter w = IndexWriter.create(FileOps.defaults(), file)) {
      w.addSymbols(List.of());
    }
    try (BlockIndexReader r = BlockIndexReader.open(FileOps.defaults(), file)) {
      assertThat(r.symbolCount()).isEqualTo(1);
      assertThat(r.labelNames()).isEmpty();
      assertThat(r.allPostings().next()).isFalse();
      assertThat(r.verifyChecksums()).isEqualTo(5);
    }
  }

  // ---- writer input validation ----

  @Test
  void addSymbols_notAscendingByUtf8_rejected(@TempDir Path dir) throws IOException {
    try (IndexWriter w = IndexWriter.create(FileOps.defaults(), dir.resolve("i"))) {
      // String.compareTo puts U+FFFD after the surrogate pair; UTF-8 order is the reverse.
      assertThatCode(() -> w.addSymbols(List.of("", "\uFFFD", "\uD83D\uDE00")))
          .doesNotThrowAnyException();
    }
    try (IndexWriter w = IndexWriter.create(FileOps.defaults(), dir.resolve("j"))) {
      assertThatThrownBy(() -> w.addSymbols(List.of("", "\uD83D\uDE00", "\uFFFD")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not sorted");
    }
    try (IndexWriter w = IndexWriter.create(FileOps.defaults(), dir.resolve("k"))) {
      assertThatThrownBy(() -> w.addSymbols(List.of("a", "a")))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void addSeries_outOfOrderOrUnknownSymbol_rejected(@TempDir Path dir) throws IOException {
    try (IndexWriter w = IndexWriter.create(FileOps.defaults(), dir.resolve("i"))) {
      w.addSymbols(List.of("", "a", "b", "x"));
      w.addSeries(Labels.of("a", "b"), List.of());
      assertThatThrownBy(() -> w.addSeries(Labels.of("a", "b"), List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("out-of-order series");
      assertThatThrownBy(() -> w.addSeries(Labels.of("a", "a"), List.of()))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> w.addSeries(Labels.of("x", "y"), List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("\"y\" not in the symbol table");
      assertThatThrownBy(() -> w.addSeries(Labels.EMPTY, List.of()))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void addSeries_beforeSymbols_rejected(@TempDir Path dir) throws IOException {
    try (IndexWriter w = IndexWriter.create(FileOps.defaults(), dir.resolve("i"))) {
      assertThatThrownBy(() -> w.addSeries(Labels.of("a", "b"), List.of()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("addSymbols must be called before addSeries");
      w.addSymbols(List.of("a", "b"));
      assertThat(w.addSeries(Labels.of("a", "b"), List.of())).isPositive();
    }
  }

  @Test
  void addSeries_chunkInvariantViolated_rejected(@TempDir Path dir) throws IOException {
    try (IndexWriter w = IndexWriter.create(FileOps.defaults(), dir.resolve("i"))) {
      w.addSymbols(List.of("", "a", "b", "c", "d"));
      assertThatThrownBy(() -> w.addSeries(Labels.of("a", "a"), List.of(new ChunkRef(8, 10, 9))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("after maxt");
      assertThatThrownBy(
              () ->
                  w.addSeries(
                      Labels.of("a", "b"),
                      List.of(new ChunkRef(8, 0, 10), new ChunkRef(9, 10, 20))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("overlapping");
      assertThatThrownBy(
              () ->
                  w.addSeries(
                      Labels.of("a", "c"),
                      List.of(new ChunkRef(9, 0, 10), new ChunkRef(8, 11, 20))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unsorted chunk reference");
      w.addSeries(Labels.of("a", "c"), List.of(new ChunkRef(100, 0, 10)));
      assertThatThrownBy(() -> w.addSeries(Labels.of("a", "d"), List.of(new ChunkRef(99, 0, 1))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unsorted chunk reference: 99, previous: 100");
    }
  }

  // ---- corruption and versions ----

  private static Path writeSample(Path dir) throws IOException {
    Fixture f = new Fixture(7, 3, false);
    return f.write(dir.resolve("index"), true);
  }

  private static void flipByte(Path file, long at) throws IOException {
    byte[] b = Files.readAllBytes(file);
    b[(int) at] ^= 0x01;
    Files.write(file, b);
  }

  @Test
  void open_corruptToc_reportsOffset(@TempDir Path dir) throws IOException {
    Path file = writeSample(dir);
    long size = Files.size(file);
    flipByte(file, size - 20);
    assertThatThrownBy(() -> BlockIndexReader.open(FileOps.defaults(), file))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("TOC at offset " + (size - 52))
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void open_corruptSymbolTable_reported(@TempDir Path dir) throws IOException {
    Path file = writeSample(dir);
    flipByte(file, 14);
    assertThatThrownBy(() -> BlockIndexReader.open(FileOps.defaults(), file))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("symbol table at offset 5");
  }

  @Test
  void series_corruptEntry_reportsSeriesAndOffset(@TempDir Path dir) throws IOException {
    Path file = writeSample(dir);
    long first;
    try (BlockIndexReader r = BlockIndexReader.open(FileOps.defaults(), file)) {
      Postings all = r.allPostings();
      assertThat(all.next()).isTrue();
      first = all.at();
    }
    flipByte(file, first * 16 + 2);
    try (BlockIndexReader r = BlockIndexReader.open(FileOps.defaults(), file)) {
      assertThatThrownBy(() -> r.series(first, new LabelsBuilder(), new ArrayList<>()))
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining("series " + first + " at offset " + first * 16)
          .hasMessageContaining("checksum mismatch");
      assertThatThrownBy(r::verifyChecksums).isInstanceOf(CorruptionException.class);
    }
  }

  @Test
  void postings_corruptList_reportsOffset(@TempDir Path dir) throws IOException {
    Path file = writeSample(dir);
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
    long postingsAt = (b.getLong(b.capacity() - 52 + 32) + 3) & ~3L;
    flipByte(file, postingsAt + 11); // the first series ID of the all-series list
    try (BlockIndexReader r = BlockIndexReader.open(FileOps.defaults(), file)) {
      assertThatThrownBy(r::allPostings)
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining("postings list at offset " + postingsAt);
    }
  }

  @Test
  void open_versions_acceptsTwoAndThreeOnly(@TempDir Path dir) throws IOException {
    Path file = writeSample(dir);
    byte[] b = Files.readAllBytes(file);
    b[4] = 3;
    Files.write(file, b);
    try (BlockIndexReader r = BlockIndexReader.open(FileOps.defaults(), file)) {
      assertThat(r.version()).isEqualTo(3);
      assertThat(r.labelNames()).isNotEmpty();
    }
    b[4] = 1;
    Files.write(file, b);
    assertThatThrownBy(() -> BlockIndexReader.open(FileOps.defaults(), file))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("version 1");
    b[4] = 4;
    Files.write(file, b);
    assertThatThrownBy(() -> BlockIndexReader.open(FileOps.defaults(), file))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("unknown index file version 4");
    b[0] = 0;
    Files.write(file, b);
    assertThatThrownBy(() -> BlockIndexReader.open(FileOps.defaults(), file))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("invalid magic number");
  }

  @Test
  void open_truncatedFile_reported(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("index");
    Files.write(file, new byte[] {(byte) 0xBA, (byte) 0xAA, (byte) 0xD7, 0, 2});
    assertThatThrownBy(() -> BlockIndexReader.open(FileOps.defaults(), file))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("too small");
  }
}
