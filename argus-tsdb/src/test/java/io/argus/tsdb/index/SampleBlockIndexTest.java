package io.argus.tsdb.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.labels.Utf8Order;
import io.argus.testkit.SharedTestData;
import io.argus.tsdb.fs.FileOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Golden tests against the index of the promtool-made sample block (storage-formats.md A.4). */
class SampleBlockIndexTest {
  private static final long T0 = 1_700_000_000_000L;

  static final Labels S200 =
      Labels.of("__name__", "http_requests_total", "code", "200", "method", "get");
  static final Labels S500 =
      Labels.of("__name__", "http_requests_total", "code", "500", "method", "get");
  static final Labels ROOM = Labels.of("__name__", "room_temperature_celsius", "room", "lab");

  static final Map<Labels, List<ChunkRef>> SERIES =
      Map.of(
          S200, List.of(new ChunkRef(8, T0, T0 + 136_000)),
          S500, List.of(new ChunkRef(47, T0, T0 + 30_000)),
          ROOM, List.of(new ChunkRef(75, T0, T0 + 30_000)));

  static Path sampleIndex() {
    return SharedTestData.sampleBlock().resolve("index");
  }

  @Test
  void writer_sampleSeries_producesByteIdenticalIndex(@TempDir Path dir) throws IOException {
    Path golden = sampleIndex();
    Path out = dir.resolve("index");
    List<Labels> sorted = new ArrayList<>(SERIES.keySet());
    sorted.sort(null);
    TreeSet<String> symbols = new TreeSet<>(Utf8Order.COMPARATOR);
    symbols.add("");
    for (Labels ls : sorted) {
      ls.forEach(
          (n, v) -> {
            symbols.add(n);
            symbols.add(v);
          });
    }
    List<Long> ids = new ArrayList<>();
    try (IndexWriter w = IndexWriter.create(FileOps.defaults(), out)) {
      w.addSymbols(symbols);
      for (Labels ls : sorted) {
        ids.add(w.addSeries(ls, SERIES.get(ls)));
      }
    }
    assertThat(ids).containsExactly(7L, 9L, 11L);
    assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(golden));
  }

  @Test
  void reader_sampleIndex_returnsSeriesAndVerifiesAllChecksums() throws IOException {
    Path golden = sampleIndex();
    try (BlockIndexReader r = BlockIndexReader.open(FileOps.defaults(), golden)) {
      assertThat(r.version()).isEqualTo(2);
      assertThat(r.size()).isEqualTo(654);
      assertThat(r.hasLabelIndices()).isTrue();
      assertThat(r.symbolCount()).isEqualTo(11);
      assertThat(r.symbol(0)).isEmpty();
      assertThat(r.symbol(6)).isEqualTo("http_requests_total");
      assertThat(r.symbol(10)).isEqualTo("room_temperature_celsius");
      List<String> symbols = new ArrayList<>();
      r.symbols().forEachRemaining(symbols::add);
      assertThat(symbols).hasSize(11).startsWith("", "200", "500", "__name__");
      assertThat(r.labelNames()).containsExactly("__name__", "code", "method", "room");
      assertThat(r.labelValues("__name__"))
          .containsExactly("http_requests_total", "room_temperature_celsius");
      assertThat(r.labelValues("code")).containsExactly("200", "500");
      assertThat(r.labelValues("nope")).isEmpty();

      long[] all = PostingsAlgebra.toArray(r.allPostings());
      assertThat(all).containsExactly(7, 9, 11);
      assertThat(PostingsAlgebra.toArray(r.postings("method", "get"))).containsExactly(7, 9);
      assertThat(PostingsAlgebra.toArray(r.postings("code", "500", "200", "404")))
          .containsExactly(7, 9);
      assertThat(PostingsAlgebra.toArray(r.postings("code", "404"))).isEmpty();

      Map<Labels, List<ChunkRef>> read = new HashMap<>();
      LabelsBuilder lb = new LabelsBuilder();
      for (long ref : all) {
        List<ChunkRef> chunks = new ArrayList<>();
        assertThat(r.series(ref, lb, chunks)).isTrue();
        read.put(lb.build(), chunks);
      }
      assertThat(read).isEqualTo(SERIES);
      assertThat(r.series(1000, lb, new ArrayList<>())).isFalse();

      Map<String, Integer> counts = new HashMap<>();
      r.forEachPostingsCount((n, v, c) -> counts.put(n + "=" + v, c));
      assertThat(counts)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  "__name__=http_requests_total", 2,
                  "__name__=room_temperature_celsius", 1,
                  "code=200", 1,
                  "code=500", 1,
                  "method=get", 2,
                  "room=lab", 1));

      // TOC, symbols, 3 series, 4 label indices, 7 postings lists and the two offset tables.
      assertThat(r.verifyChecksums()).isEqualTo(18);
    }
  }
}
