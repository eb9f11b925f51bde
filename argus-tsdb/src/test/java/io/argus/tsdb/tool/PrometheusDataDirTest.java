package io.argus.tsdb.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import io.argus.storage.chunkenc.XorChunk;
import io.argus.tsdb.block.BlockDirs;
import io.argus.tsdb.chunks.HeadChunkFiles;
import io.argus.tsdb.fs.FileOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: a data directory written by a real Prometheus (blocks, WAL segments and a WAL
 * checkpoint) reads back through our dump exactly as {@code promtool tsdb dump} prints it.
 */
class PrometheusDataDirTest {
  @TempDir Path tmp;

  @Test
  void argusDump_ofRealPrometheusDir_equalsPromtoolDump() throws IOException {
    assumeTrue(ExternalProcess.prometheusAvailable(), "/usr/bin/prometheus is absent; skipping");
    assumeTrue(ExternalProcess.promtoolAvailable(), "/usr/bin/promtool is absent; skipping");
    Path data = tmp.resolve("data");
    boolean ready;
    String log;
    try (PrometheusServer server = PrometheusServer.start(tmp, data, "2s")) {
      ready = server.awaitCheckpointAndBlocks(2, 35);
      int exit = server.stop();
      log = server.log();
      assertThat(exit).as(log).isZero();
    }
    assertThat(ready).as("blocks and a checkpoint within 35 s; log:%n%s", log).isTrue();

    FileOps ops = FileOps.defaults();
    assertThat(BlockDirs.listBlockDirs(ops, data)).as("blocks").hasSizeGreaterThanOrEqualTo(2);
    List<String> wal = ops.list(data.resolve("wal"));
    assertThat(wal).as("wal").anyMatch(n -> n.startsWith("checkpoint."));
    assertThat(wal).as("wal").anyMatch(n -> n.chars().allMatch(Character::isDigit));

    assertPrometheusHeadChunksReadable(data.resolve("chunks_head"));

    Path forPromtool = tmp.resolve("copy-promtool");
    TestDirs.copyTree(data, forPromtool);
    Path forArgus = tmp.resolve("copy-argus");
    TestDirs.copyTree(data, forArgus);

    List<String> expected = DumpText.sorted(DumpText.promtoolDump(forPromtool));
    List<String> actual = DumpText.argusDump(forArgus);
    assertThat(expected).hasSizeGreaterThan(1000);
    assertThat(DumpText.sorted(actual)).isEqualTo(expected);
    assertThat(actual).as("ours is sorted by series").hasSameSizeAs(expected);
    assertThat(treeListing(forArgus))
        .as("dump leaves the directory alone")
        .isEqualTo(treeListing(data));
  }

  /**
   * Every chunk of the head chunk files Prometheus wrote passes our reader's header and CRC checks,
   * and decodes to its stored sample count and first and last timestamps.
   */
  private static void assertPrometheusHeadChunksReadable(Path chunksHead) throws IOException {
    long[] chunks = {0};
    try (HeadChunkFiles files = HeadChunkFiles.openReadOnly(FileOps.defaults(), chunksHead)) {
      assertThat(files.fileNumbers()).as("chunks_head files").isNotEmpty();
      files.forEachChunk(
          Integer.MAX_VALUE,
          (seriesRef, ref, mint, maxt, numSamples) -> {
            XorChunk c = XorChunk.fromBytes(files.chunkBytes(ref));
            SampleIterator it = c.iterator(null);
            long first = Long.MIN_VALUE;
            long last = Long.MIN_VALUE;
            int n = 0;
            while (it.next() == ValueType.FLOAT) {
              first = n++ == 0 ? it.atT() : first;
              last = it.atT();
            }
            assertThat(seriesRef).isPositive();
            assertThat(n).isEqualTo(numSamples).isEqualTo(c.numSamples());
            assertThat(first).isEqualTo(mint);
            assertThat(last).isEqualTo(maxt);
            chunks[0]++;
          });
    }
    assertThat(chunks[0]).as("m-mapped head chunks written by Prometheus").isPositive();
  }

  private static List<String> treeListing(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      return paths.map(p -> dir.relativize(p) + ":" + sizeOrDir(p)).sorted().toList();
    }
  }

  private static String sizeOrDir(Path p) {
    try {
      return Files.isDirectory(p) ? "dir" : Long.toString(Files.size(p));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
