package io.argus.tsdb.compact;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.Querier;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import io.argus.testkit.SharedTestData;
import io.argus.tsdb.BlockReader;
import io.argus.tsdb.block.BlockMeta;
import io.argus.tsdb.block.BlockMetas;
import io.argus.tsdb.block.PersistedBlock;
import io.argus.tsdb.block.Ulid;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.querier.BlockQuerier;
import io.argus.util.Clock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockWriterTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final Clock CLOCK =
      new Clock() {
        @Override
        public long millis() {
          return T0;
        }

        @Override
        public long nanoTime() {
          return 0;
        }
      };

  @TempDir Path out;
  private Path sample;

  @BeforeEach
  void findSample() {
    sample = SharedTestData.sampleBlock();
  }

  private static BlockMeta level1(long mint, long maxt) {
    Ulid u = Ulid.generate(CLOCK);
    return new BlockMeta(u, mint, maxt, BlockMeta.Stats.EMPTY, BlockMeta.Compaction.level1(u));
  }

  private static List<String> samples(BlockReader b, long mint, long maxt) {
    List<String> lines = new ArrayList<>();
    try (Querier q = new BlockQuerier(b, mint, maxt)) {
      SeriesSet ss = q.select(true, SelectHints.NONE, Matcher.regex("__name__", ".+"));
      SampleIterator it = null;
      while (ss.next()) {
        Labels ls = ss.at().labels();
        it = ss.at().iterator(it);
        while (it.next() == ValueType.FLOAT) {
          lines.add(ls + " " + it.atFloat() + " " + it.atT());
        }
      }
    }
    return lines;
  }

  @Test
  void write_wholeSampleBlock_reproducesIndexChunksAndTombstonesByteForByte() throws IOException {
    try (PersistedBlock in = PersistedBlock.open(FileOps.defaults(), sample)) {
      BlockMeta meta = level1(in.minTime(), in.maxTime());
      BlockMeta written = new BlockWriter(FileOps.defaults()).write(out, meta, List.of(in));
      Path dir = out.resolve(meta.ulid().toString());
      assertThat(written.stats().numSamples()).isEqualTo(13);
      assertThat(written.stats().numSeries()).isEqualTo(3);
      assertThat(written.stats().numChunks()).isEqualTo(3);
      for (String f : List.of("index", "chunks/000001", "tombstones")) {
        assertThat(Files.readAllBytes(dir.resolve(f)))
            .as(f)
            .isEqualTo(Files.readAllBytes(sample.resolve(f)));
      }
      assertThat(BlockMetas.read(FileOps.defaults(), dir)).isEqualTo(written);
      assertThat(out.resolve(meta.ulid() + ".tmp-for-creation")).doesNotExist();
    }
  }

  @Test
  void write_rangeCuttingChunks_keepsOnlySamplesInside() throws IOException {
    try (PersistedBlock in = PersistedBlock.open(FileOps.defaults(), sample)) {
      long mint = T0 + 15_000;
      long maxt = T0 + 46_000;
      BlockMeta meta = level1(mint, maxt);
      BlockMeta written = new BlockWriter(FileOps.defaults()).write(out, meta, List.of(in));
      // Timestamps 15 s and 30 s of all three series.
      assertThat(written.stats().numSamples()).isEqualTo(6);
      try (PersistedBlock result =
          PersistedBlock.open(FileOps.defaults(), out.resolve(meta.ulid().toString()))) {
        assertThat(samples(result, Long.MIN_VALUE, Long.MAX_VALUE))
            .containsExactlyElementsOf(samples(in, mint, maxt - 1));
      }
    }
  }

  @Test
  void write_rangeWithoutSamples_writesNothing() throws IOException {
    try (PersistedBlock in = PersistedBlock.open(FileOps.defaults(), sample)) {
      BlockMeta meta = level1(T0 + 200_000, T0 + 300_000);
      BlockMeta written = new BlockWriter(FileOps.defaults()).write(out, meta, List.of(in));
      assertThat(written.stats().numSamples()).isZero();
      try (var s = Files.list(out)) {
        assertThat(s.toList()).isEmpty();
      }
    }
  }

  @Test
  void write_sameBlockTwice_verticalMergeDedups() throws IOException {
    try (PersistedBlock a = PersistedBlock.open(FileOps.defaults(), sample);
        PersistedBlock b = PersistedBlock.open(FileOps.defaults(), sample)) {
      BlockMeta meta =
          LeveledCompactor.compactedMeta(Ulid.generate(CLOCK), List.of(a.meta(), b.meta()));
      BlockMeta written = new BlockWriter(FileOps.defaults()).write(out, meta, List.of(a, b));
      assertThat(written.stats().numSamples()).isEqualTo(13);
      assertThat(written.stats().numSeries()).isEqualTo(3);
      try (PersistedBlock result =
          PersistedBlock.open(FileOps.defaults(), out.resolve(meta.ulid().toString()))) {
        assertThat(samples(result, Long.MIN_VALUE, Long.MAX_VALUE))
            .containsExactlyElementsOf(samples(a, Long.MIN_VALUE, Long.MAX_VALUE));
      }
    }
  }
}
