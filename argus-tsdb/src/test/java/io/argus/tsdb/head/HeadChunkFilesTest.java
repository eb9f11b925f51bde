package io.argus.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.storage.Appender;
import io.argus.tsdb.chunks.HeadChunkFiles;
import io.argus.tsdb.fs.FaultyFileOps;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.head.HeadReads.Sample;
import io.argus.tsdb.wal.Wal;
import io.argus.tsdb.wal.WalOptions;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A head writing its full chunks to {@code chunks_head/}: restart, truncation, damage, faults. */
class HeadChunkFilesTest {
  private static final long HOUR = 3_600_000L;
  private static final long STEP = 15_000L;
  private static final int SERIES = 12;
  private static final double STALE = Double.longBitsToDouble(0x7ff0000000000002L);

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(0);

  /** Expected samples per series, as appended. */
  private final Map<Labels, List<Sample>> expected = new TreeMap<>();

  private Head openHead(FileOps chunkOps, int writeBuffer, boolean withChunkFiles)
      throws IOException {
    return openHead(chunkOps, writeBuffer, withChunkFiles, Long.MIN_VALUE);
  }

  private Head openHead(
      FileOps chunkOps, int writeBuffer, boolean withChunkFiles, long minValidTime)
      throws IOException {
    Wal wal = Wal.open(FileOps.defaults(), dir.resolve("wal"), WalOptions.defaults(), clock);
    HeadChunkFiles files =
        withChunkFiles
            ? HeadChunkFiles.open(chunkOps, dir.resolve("chunks_head"), writeBuffer)
            : null;
    Head head =
        new Head(
            HeadOptions.DEFAULTS, clock, wal, files, FileOps.defaults(), new PrometheusRegistry());
    head.init(minValidTime);
    return head;
  }

  private Head openHead() throws IOException {
    return openHead(FileOps.defaults(), HeadChunkFiles.DEFAULT_WRITE_BUFFER_SIZE, true);
  }

  private static Labels series(int i) {
    return Labels.of("__name__", "metric", "i", Integer.toString(i));
  }

  private void ingest(Head head, long from, long to) {
    for (long t = from; t < to; t += STEP) {
      Appender app = head.appender();
      for (int i = 0; i < SERIES; i++) {
        double v = (t / STEP) % 97 == i ? STALE : t * 0.001 + i;
        app.append(0, series(i), t, v);
        expected.computeIfAbsent(series(i), k -> new ArrayList<>()).add(Sample.of(t, v));
      }
      app.commit();
    }
  }

  private Map<Labels, List<Sample>> expectedFrom(long mint) {
    Map<Labels, List<Sample>> out = new LinkedHashMap<>();
    expected.forEach(
        (ls, samples) -> out.put(ls, samples.stream().filter(s -> s.t() >= mint).toList()));
    return out;
  }

  private List<String> chunkFileNames() throws IOException {
    try (var s = Files.list(dir.resolve("chunks_head"))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void restart_loadsChunkFilesAndReplaysOnlyTheRest() throws IOException {
    long heapEstimate;
    try (Head head = openHead()) {
      ingest(head, 0, 5 * HOUR + 7 * STEP);
      assertThat(HeadReads.samples(head)).isEqualTo(expectedFrom(0));
      heapEstimate = head.estimateMemoryBytes();
    }
    assertThat(chunkFileNames()).containsExactly("000001");
    try (Head head = openHead()) {
      assertThat(HeadReads.samples(head)).isEqualTo(expectedFrom(0));
      assertThat(head.minTime()).isZero();
      assertThat(head.maxTime()).isEqualTo(5 * HOUR + 6 * STEP);
      assertThat(head.estimateMemoryBytes())
          .as("full chunks stay in the files after a restart")
          .isLessThanOrEqualTo(heapEstimate + 64L * SERIES);
      ingest(head, 5 * HOUR + 7 * STEP, 7 * HOUR);
      assertThat(HeadReads.samples(head)).isEqualTo(expectedFrom(0));
    }
    assertThat(chunkFileNames()).containsExactly("000001", "000002");
    try (Head head = openHead()) {
      assertThat(HeadReads.samples(head)).isEqualTo(expectedFrom(0));
    }
    try (Head withoutFiles =
        openHead(FileOps.defaults(), HeadChunkFiles.DEFAULT_WRITE_BUFFER_SIZE, false)) {
      assertThat(HeadReads.samples(withoutFiles)).isEqualTo(expectedFrom(0));
      try (Head head = openHead()) {
        assertThat(head.estimateMemoryBytes())
            .as("a head with chunk files holds far less on the heap")
            .isLessThan(withoutFiles.estimateMemoryBytes());
      }
    }
  }

  @Test
  void restart_corruptChunkFile_deletesItAndRecoversFromWal() throws IOException {
    try (Head head = openHead()) {
      ingest(head, 0, 3 * HOUR);
    }
    try (Head head = openHead()) {
      ingest(head, 3 * HOUR, 6 * HOUR);
    }
    assertThat(chunkFileNames()).containsExactly("000001", "000002");
    Path first = dir.resolve("chunks_head").resolve("000001");
    try (RandomAccessFile raf = new RandomAccessFile(first.toFile(), "rw")) {
      raf.seek(raf.length() / 2);
      int b = raf.read();
      raf.seek(raf.length() / 2);
      raf.write(b ^ 0xFF);
    }
    try (Head head = openHead()) {
      // Both files were deleted; the replay wrote the chunks it rebuilt to a new file 000001.
      assertThat(chunkFileNames()).containsExactly("000001");
      assertThat(HeadReads.samples(head)).isEqualTo(expectedFrom(0));
      ingest(head, 6 * HOUR, 7 * HOUR);
    }
    try (Head head = openHead()) {
      assertThat(HeadReads.samples(head)).isEqualTo(expectedFrom(0));
    }
  }

  @Test
  void restart_tornLastChunkFile_recoversFromWal() throws IOException {
    try (Head head = openHead()) {
      ingest(head, 0, 3 * HOUR);
    }
    try (Head head = openHead()) {
      ingest(head, 3 * HOUR, 6 * HOUR);
    }
    Path second = dir.resolve("chunks_head").resolve("000002");
    try (RandomAccessFile raf = new RandomAccessFile(second.toFile(), "rw")) {
      raf.setLength(raf.length() - 100);
    }
    long secondSize = Files.size(second);
    try (Head head = openHead()) {
      // 000002 was deleted; the replay wrote the chunks it rebuilt to a new 000002.
      assertThat(chunkFileNames()).containsExactly("000001", "000002");
      assertThat(Files.size(second)).isNotEqualTo(secondSize);
      assertThat(HeadReads.samples(head)).isEqualTo(expectedFrom(0));
    }
    try (Head head = openHead()) {
      assertThat(HeadReads.samples(head)).isEqualTo(expectedFrom(0));
    }
  }

  @Test
  void truncate_deletesChunkFilesBelowTheNewMinTime() throws IOException, InterruptedException {
    try (Head head = openHead()) {
      ingest(head, 0, 3 * HOUR);
      head.truncate(HOUR);
      assertThat(chunkFileNames()).as("cut, not deleted: it holds newer chunks").hasSize(1);
      ingest(head, 3 * HOUR, 7 * HOUR);
      head.truncate(4 * HOUR);
      assertThat(chunkFileNames())
          .as("file 1 ends before 4h")
          .doesNotContain("000001")
          .contains("000002");
      assertThat(HeadReads.samples(head, 4 * HOUR, Long.MAX_VALUE))
          .isEqualTo(expectedFrom(4 * HOUR));
    }
    try (Head head =
        openHead(FileOps.defaults(), HeadChunkFiles.DEFAULT_WRITE_BUFFER_SIZE, true, 4 * HOUR)) {
      assertThat(HeadReads.samples(head, 4 * HOUR, Long.MAX_VALUE))
          .isEqualTo(expectedFrom(4 * HOUR));
    }
  }

  @Test
  void append_chunkWritesFailing_keepsChunksInMemoryAndLosesNothing() throws IOException {
    FaultyFileOps faulty = new FaultyFileOps();
    faulty.failWritesAfterBytes(10_000);
    try (Head head = openHead(faulty, 4096, true)) {
      ingest(head, 0, 4 * HOUR);
      assertThat(faulty.bytesWritten()).isEqualTo(10_000);
      assertThat(HeadReads.samples(head)).isEqualTo(expectedFrom(0));
      faulty.clearFaults();
      ingest(head, 4 * HOUR, 6 * HOUR);
      assertThat(HeadReads.samples(head)).isEqualTo(expectedFrom(0));
    }
    try (Head head = openHead()) {
      assertThat(HeadReads.samples(head)).isEqualTo(expectedFrom(0));
    }
  }
}
