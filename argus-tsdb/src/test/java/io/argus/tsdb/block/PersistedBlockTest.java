package io.argus.tsdb.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Matcher;
import io.argus.storage.Querier;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import io.argus.testkit.SharedTestData;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.querier.BlockQuerier;
import io.argus.util.GoFloat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistedBlockTest {
  private static final String SAMPLE_ULID = "01M8CZ7T5ZJ407XXGJFF1RGFF5";

  @TempDir Path tmp;

  /** Acceptance: reading the promtool-made block gives exactly {@code promtool tsdb dump}. */
  @Test
  void select_sampleBlockMatchesPromtoolDump() throws IOException {
    Path sample = sampleDir();
    List<String> expected =
        Files.readAllLines(sample.resolve("promtool-dump.txt"), StandardCharsets.UTF_8);

    List<String> lines = new ArrayList<>();
    try (PersistedBlock block =
            PersistedBlock.open(FileOps.defaults(), sample.resolve(SAMPLE_ULID));
        Querier q = new BlockQuerier(block, Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(true, SelectHints.NONE, Matcher.regex("__name__", ".+"));
      SampleIterator it = null;
      while (set.next()) {
        it = set.at().iterator(it);
        String labels = set.at().labels().toString();
        while (it.next() == ValueType.FLOAT) {
          lines.add(labels + " " + GoFloat.format(it.atFloat()) + " " + it.atT());
        }
      }
    }

    assertThat(expected).hasSize(13);
    assertThat(lines).containsExactlyElementsOf(expected);
  }

  @Test
  void open_readsMetaAndSumsFileSizes() throws IOException {
    Path dir = sampleDir().resolve(SAMPLE_ULID);
    long expectedSize;
    try (Stream<Path> files = Files.walk(dir)) {
      expectedSize = files.filter(Files::isRegularFile).mapToLong(PersistedBlockTest::size).sum();
    }

    try (PersistedBlock block = PersistedBlock.open(FileOps.defaults(), dir)) {
      assertThat(block.meta().ulid().toString()).isEqualTo(SAMPLE_ULID);
      assertThat(block.dir()).isEqualTo(dir);
      assertThat(block.sizeBytes()).isEqualTo(expectedSize);
      assertThat(block.minTime()).isEqualTo(block.meta().minTime());
      assertThat(block.maxTime()).isEqualTo(block.meta().maxTime());
      assertThat(block.tombstones().total()).isZero();
      assertThat(block.meta().stats().numSeries()).isEqualTo(3);
    }
  }

  @Test
  void open_missingTombstonesFileMeansNone() throws IOException {
    Path dir = copySample(false);

    try (PersistedBlock block = PersistedBlock.open(FileOps.defaults(), dir);
        Querier q = new BlockQuerier(block, Long.MIN_VALUE, Long.MAX_VALUE)) {
      assertThat(block.tombstones().total()).isZero();
      assertThat(q.labelValues("__name__"))
          .containsExactly("http_requests_total", "room_temperature_celsius");
    }
  }

  @Test
  void delete_rewritesTombstonesFileAndMeta() throws IOException {
    Path dir = copySample(true);

    try (PersistedBlock block = PersistedBlock.open(FileOps.defaults(), dir)) {
      block.delete(1_700_000_015_000L, 1_700_000_030_000L, Matcher.equal("code", "500"));
      block.delete(0, 10, Matcher.equal("code", "200"));

      assertThat(block.tombstones().total()).isEqualTo(1);
      assertThat(block.meta().stats().numTombstones()).isEqualTo(1);
      assertThat(block.sizeBytes()).isEqualTo(dirSize(dir));
    }
    try (PersistedBlock reopened = PersistedBlock.open(FileOps.defaults(), dir);
        Querier q = new BlockQuerier(reopened, Long.MIN_VALUE, Long.MAX_VALUE)) {
      assertThat(reopened.tombstones().total()).isEqualTo(1);
      assertThat(BlockMetas.read(FileOps.defaults(), dir).stats().numTombstones()).isEqualTo(1);
      SeriesSet set = q.select(true, SelectHints.NONE, Matcher.equal("code", "500"));
      assertThat(set.next()).isTrue();
      SampleIterator it = set.at().iterator(null);
      assertThat(it.next()).isEqualTo(ValueType.FLOAT);
      assertThat(it.atT()).isEqualTo(1_700_000_000_000L);
      assertThat(it.next()).isEqualTo(ValueType.NONE);
    }
  }

  @Test
  void close_waitsForNoReaderWhenAllReleased() throws IOException {
    PersistedBlock block =
        PersistedBlock.open(FileOps.defaults(), sampleDir().resolve(SAMPLE_ULID));
    try (Querier q = new BlockQuerier(block, 0, Long.MAX_VALUE)) {
      assertThat(block.pendingReaders()).isEqualTo(2);
      assertThat(q.labelNames()).contains("__name__");
    }

    assertThat(block.close(Duration.ZERO)).isTrue();
    assertThatThrownBy(block::index).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(block::chunks).isInstanceOf(IllegalStateException.class);
    assertThat(block.close(Duration.ZERO)).isTrue();
  }

  @Test
  void close_afterTimeoutMakesHeldReadersFailCleanly() throws IOException {
    PersistedBlock block =
        PersistedBlock.open(FileOps.defaults(), sampleDir().resolve(SAMPLE_ULID));
    var index = block.index();
    var chunks = block.chunks();

    assertThat(block.close(Duration.ofMillis(1))).isFalse();

    assertThatThrownBy(() -> index.postings("__name__", "http_requests_total"))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> chunks.chunk(8)).isInstanceOf(IllegalStateException.class);
    index.close();
    chunks.close();
    assertThat(block.pendingReaders()).isZero();
  }

  private Path copySample(boolean withTombstones) throws IOException {
    Path src = sampleDir().resolve(SAMPLE_ULID);
    Path dst = tmp.resolve(SAMPLE_ULID);
    Files.createDirectories(dst.resolve("chunks"));
    for (String f : List.of("meta.json", "index", "chunks/000001")) {
      Files.write(dst.resolve(f), Files.readAllBytes(src.resolve(f)));
    }
    if (withTombstones) {
      Files.write(dst.resolve("tombstones"), Files.readAllBytes(src.resolve("tombstones")));
    }
    return dst;
  }

  private static long dirSize(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(PersistedBlockTest::size).sum();
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path sampleDir() {
    return SharedTestData.sampleDir();
  }
}
