package io.argus.tsdb.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.argus.testkit.SharedTestData;
import io.argus.tsdb.block.BlockMeta;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlocksFromOpenMetricsTest {
  private static final String[] BLOCK_FILES = {"index", "chunks/000001", "tombstones"};

  @TempDir Path tmp;

  @Test
  void run_sharedInput_reproducesPromtoolsBlockByteForByte() throws IOException {
    Path sample = SharedTestData.sampleDir();
    Path out = tmp.resolve("out");
    StringWriter text = new StringWriter();
    List<BlockMeta> metas =
        BlocksFromOpenMetrics.run(
            sample.resolve("input.om"),
            out,
            BlocksFromOpenMetrics.DEFAULT_BLOCK_DURATION_MS,
            false,
            false,
            new PrintWriter(text),
            Clock.SYSTEM);

    assertThat(metas).hasSize(1);
    BlockMeta meta = metas.getFirst();
    assertThat(meta.minTime()).isEqualTo(1_700_000_000_000L);
    assertThat(meta.maxTime()).isEqualTo(1_700_000_136_001L);
    assertThat(meta.compaction().level()).isEqualTo(1);
    Path block = out.resolve(meta.ulid().toString());
    for (String file : BLOCK_FILES) {
      assertThat(Files.readAllBytes(block.resolve(file)))
          .as(file)
          .isEqualTo(Files.readAllBytes(SharedTestData.sampleBlock().resolve(file)));
    }
    // promtool 2.42 reports 1033 bytes: its meta.json lacks numFloatSamples (added in v3.6).
    assertThat(text.toString())
        .isEqualTo(
            """
            BLOCK ULID                  MIN TIME       MAX TIME       DURATION     NUM SAMPLES  \
            NUM CHUNKS   NUM SERIES   SIZE
            %s  1700000000000  1700000136001  2m16.001s    13           \
            3            3            %d
            """
                .formatted(meta.ulid(), 1033 + Files.size(block.resolve("meta.json")) - 267));
    assertThat(DumpText.argusDump(out))
        .isEqualTo(Files.readAllLines(sample.resolve("promtool-dump.txt")));
  }

  @Test
  void run_sharedInput_promtoolDumpsTheSamples() throws IOException {
    assumeTrue(ExternalProcess.promtoolAvailable(), "/usr/bin/promtool is absent; skipping");
    Path sample = SharedTestData.sampleDir();
    Path out = tmp.resolve("out");
    BlocksFromOpenMetrics.run(
        sample.resolve("input.om"), out, 0, false, new PrintWriter(new StringWriter()));
    Files.createDirectories(out.resolve("wal"));
    assertThat(DumpText.promtoolDump(out))
        .isEqualTo(Files.readAllLines(sample.resolve("promtool-dump.txt")));
  }

  @Test
  void run_multiWindowInput_matchesPromtoolsBlocksAndOutput() throws IOException {
    assumeTrue(ExternalProcess.promtoolAvailable(), "/usr/bin/promtool is absent; skipping");
    Path input = tmp.resolve("input.om");
    Files.writeString(input, generated(12, 700, 1_700_003_000L, 17));
    Path ours = tmp.resolve("ours");
    Path theirs = tmp.resolve("theirs");
    StringWriter text = new StringWriter();
    List<BlockMeta> metas =
        BlocksFromOpenMetrics.run(input, ours, 0, true, false, new PrintWriter(text), Clock.SYSTEM);
    ExternalProcess.Result r =
        ExternalProcess.promtool(
            "tsdb", "create-blocks-from", "openmetrics", "-r", input.toString(), theirs.toString());
    assertThat(r.exitCode()).as(r.stderr()).isZero();

    List<LocalBlocks.LocalBlock> promBlocks = LocalBlocks.list(FileOps.defaults(), theirs);
    assertThat(metas).hasSize(promBlocks.size()).hasSizeGreaterThan(1);
    for (int i = 0; i < metas.size(); i++) {
      BlockMeta a = metas.get(i);
      BlockMeta b = promBlocks.get(i).meta();
      assertThat(a.minTime()).isEqualTo(b.minTime());
      assertThat(a.maxTime()).isEqualTo(b.maxTime());
      assertThat(a.stats().numSamples()).isEqualTo(b.stats().numSamples());
      assertThat(a.stats().numSeries()).isEqualTo(b.stats().numSeries());
      assertThat(a.stats().numChunks()).isEqualTo(b.stats().numChunks());
      Path ourBlock = ours.resolve(a.ulid().toString());
      Path theirBlock = promBlocks.get(i).dir();
      for (String file : List.of("index", "chunks/000001", "tombstones")) {
        assertThat(Files.readAllBytes(ourBlock.resolve(file)))
            .as("%s of block %d", file, i)
            .isEqualTo(Files.readAllBytes(theirBlock.resolve(file)));
      }
    }
    Files.createDirectories(ours.resolve("wal"));
    Files.createDirectories(theirs.resolve("wal"));
    assertThat(DumpText.promtoolDump(ours)).isEqualTo(DumpText.promtoolDump(theirs));
    // Same table apart from the ULIDs and sizes (our meta.json also has numFloatSamples).
    assertThat(withoutUlidsAndSizes(text.toString())).isEqualTo(withoutUlidsAndSizes(r.stdout()));
  }

  @Test
  void run_randomValues_writesChunksAndIndexByteIdenticalToPromtool() throws IOException {
    assumeTrue(ExternalProcess.promtoolAvailable(), "/usr/bin/promtool is absent; skipping");
    java.util.Random rnd = new java.util.Random(20261127);
    StringBuilder om = new StringBuilder("# TYPE rnd gauge\n");
    // Every fifth series has one sample: such a chunk always ends in the empty byte Prometheus'
    // bit stream leaves after whole-byte writes; random values end that way now and then too.
    for (int s = 0; s < 200; s++) {
      int samples = s % 5 == 0 ? 1 : 1 + rnd.nextInt(40);
      long t = 1_700_000_000_000L + rnd.nextInt(60_000);
      for (int i = 0; i < samples; i++) {
        double v =
            switch (rnd.nextInt(4)) {
              case 0 -> rnd.nextDouble() * 1e6;
              case 1 -> rnd.nextInt(100);
              case 2 -> Double.longBitsToDouble(rnd.nextLong() & 0x7fefffffffffffffL);
              default -> i;
            };
        om.append(
            String.format(
                Locale.ROOT,
                "rnd{s=\"%d\"} %s %d.%03d%n",
                s,
                Double.toString(v),
                t / 1000,
                t % 1000));
        t += 1 + rnd.nextInt(120_000);
      }
    }
    om.append("# EOF\n");
    Path input = tmp.resolve("input.om");
    Files.writeString(input, om);
    Path ours = tmp.resolve("ours");
    Path theirs = tmp.resolve("theirs");
    List<BlockMeta> metas =
        BlocksFromOpenMetrics.run(
            input, ours, 0, false, true, new PrintWriter(new StringWriter()), Clock.SYSTEM);
    ExternalProcess.Result r =
        ExternalProcess.promtool(
            "tsdb", "create-blocks-from", "openmetrics", input.toString(), theirs.toString());
    assertThat(r.exitCode()).as(r.stderr()).isZero();

    List<LocalBlocks.LocalBlock> promBlocks = LocalBlocks.list(FileOps.defaults(), theirs);
    assertThat(metas).hasSameSizeAs(promBlocks).isNotEmpty();
    for (int i = 0; i < metas.size(); i++) {
      Path ourBlock = ours.resolve(metas.get(i).ulid().toString());
      for (String file : List.of("index", "chunks/000001")) {
        assertThat(Files.readAllBytes(ourBlock.resolve(file)))
            .as("%s of block %d", file, i)
            .isEqualTo(Files.readAllBytes(promBlocks.get(i).dir().resolve(file)));
      }
    }
  }

  @Test
  void run_sampleWithoutTimestamp_failsLikePromtool() throws IOException {
    Path input = tmp.resolve("input.om");
    Files.writeString(input, "a_metric 1\n# EOF\n");
    assertThatThrownBy(
            () ->
                BlocksFromOpenMetrics.run(
                    input, tmp.resolve("out"), 0, false, new PrintWriter(new StringWriter())))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("expected timestamp for series got none");
  }

  @Test
  void compatibleBlockDuration_roundsDownToTheExponentialRanges() {
    assertThat(BlocksFromOpenMetrics.compatibleBlockDuration(0)).isEqualTo(7_200_000L);
    assertThat(BlocksFromOpenMetrics.compatibleBlockDuration(7_200_000L)).isEqualTo(7_200_000L);
    assertThat(BlocksFromOpenMetrics.compatibleBlockDuration(6 * 3_600_000L - 1))
        .isEqualTo(7_200_000L);
    assertThat(BlocksFromOpenMetrics.compatibleBlockDuration(24 * 3_600_000L))
        .isEqualTo(18 * 3_600_000L);
  }

  private static String withoutUlidsAndSizes(String table) {
    return table.replaceAll("01[0-9A-Z]{24}", "ULID").replaceAll("[0-9KMGiB]+\n", "SIZE\n");
  }

  /**
   * Series with samples {@code stepSeconds} apart: counters and gauges with few distinct values, so
   * that chunks stay below the 1005-byte cap newer heads cut at (promtool 2.42 has no cap).
   */
  static String generated(int seriesCount, int samples, long startSeconds, long stepSeconds) {
    StringBuilder sb = new StringBuilder();
    sb.append("# TYPE gen_metric gauge\n");
    for (int s = 0; s < seriesCount; s++) {
      for (int i = 0; i < samples; i++) {
        double v = (s % 3 == 0) ? i * 10 : (i % 7) * 0.5 + s;
        sb.append(
            String.format(
                Locale.ROOT,
                "gen_metric{series=\"%d\",kind=\"%s\"} %s %d%n",
                s,
                s % 2 == 0 ? "even" : "odd",
                Double.toString(v),
                startSeconds + (long) i * stepSeconds + (s % 4)));
      }
    }
    sb.append("# EOF\n");
    return sb.toString();
  }
}
