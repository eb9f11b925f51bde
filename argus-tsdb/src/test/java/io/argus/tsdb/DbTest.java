package io.argus.tsdb;

import static io.argus.tsdb.DbTesting.H;
import static io.argus.tsdb.DbTesting.appendRange;
import static io.argus.tsdb.DbTesting.dumpAll;
import static io.argus.tsdb.DbTesting.open;
import static io.argus.tsdb.DbTesting.series;
import static io.argus.tsdb.DbTesting.testOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.ChunkMeta;
import io.argus.storage.ChunkQuerier;
import io.argus.storage.ChunkSeriesSet;
import io.argus.storage.SelectHints;
import io.argus.storage.StorageException;
import io.argus.tsdb.block.BlockMeta;
import io.argus.tsdb.block.PersistedBlock;
import io.argus.tsdb.block.Ulid;
import io.argus.tsdb.fs.FaultyFileOps;
import io.argus.tsdb.fs.FileOps;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbTest {
  /** A start time aligned to all block ranges up to 18 h (2023-11-14T12:00:00Z). */
  static final long T0 = 1_699_963_200_000L;

  private static final long STEP = 60_000L;

  @TempDir Path dir;

  private static List<long[]> ranges(Db db) {
    List<long[]> out = new ArrayList<>();
    for (PersistedBlock b : db.blocks()) {
      out.add(new long[] {b.minTime(), b.maxTime()});
    }
    return out;
  }

  @Test
  void open_secondOpenOfSameDir_failsWithLockError() {
    try (Db db = open(dir)) {
      assertThat(dir.resolve("lock")).exists();
      assertThat(dir.resolve("wal")).isDirectory();
      assertThatThrownBy(() -> open(dir))
          .isInstanceOf(StorageException.class)
          .hasMessage("lock DB directory: resource temporarily unavailable");
    }
    try (Db again = open(dir)) {
      assertThat(again.blocks()).isEmpty();
    }
  }

  @Test
  void open_leftoverTmpDirs_removed() throws IOException {
    String ulid = Ulid.generate(DbTesting.CLOCK).toString();
    Files.createDirectories(dir.resolve(ulid + ".tmp-for-creation/chunks"));
    Files.createDirectories(dir.resolve(ulid + ".tmp-for-deletion"));
    Files.createDirectories(dir.resolve(ulid + ".tmp"));
    Files.createDirectories(dir.resolve("wal/checkpoint.00000003.tmp"));
    Files.createDirectories(dir.resolve("chunks_head"));
    Files.writeString(dir.resolve("chunks_head/000001"), "foreign");
    try (Db db = open(dir)) {
      assertThat(dir.resolve(ulid + ".tmp-for-creation")).doesNotExist();
      assertThat(dir.resolve(ulid + ".tmp-for-deletion")).doesNotExist();
      assertThat(dir.resolve(ulid + ".tmp")).doesNotExist();
      assertThat(dir.resolve("wal/checkpoint.00000003.tmp")).doesNotExist();
      // As in Prometheus, a last head chunk file without the head chunk magic is deleted.
      assertThat(dir.resolve("chunks_head/000001")).doesNotExist();
      assertThat(db.blocks()).isEmpty();
    }
  }

  @Test
  void compact_headToBlock_querySameSamples() {
    try (Db db = open(dir)) {
      List<Labels> ss = series(3);
      List<String> want = appendRange(db, ss, T0, T0 + 4 * H, STEP, 10);
      db.compact();
      assertThat(ranges(db)).containsExactly(new long[] {T0, T0 + 2 * H});
      BlockMeta meta = db.blocks().get(0).meta();
      assertThat(meta.compaction().level()).isEqualTo(1);
      assertThat(meta.compaction().sources()).containsExactly(meta.ulid());
      assertThat(meta.stats().numSeries()).isEqualTo(3);
      assertThat(meta.stats().numSamples()).isEqualTo(3 * 120);
      assertThat(db.head().minTime()).isGreaterThanOrEqualTo(T0 + 2 * H);
      assertThat(dumpAll(db)).containsExactlyElementsOf(sorted(want));
    }
  }

  @Test
  void close_thenReopen_walReplayGivesIdenticalData() {
    List<String> want;
    List<String> before;
    try (Db db = open(dir)) {
      want = appendRange(db, series(4), T0, T0 + 5 * H, STEP, 7);
      db.compact();
      before = dumpAll(db);
    }
    assertThat(before).containsExactlyElementsOf(sorted(want));
    try (Db db = open(dir)) {
      assertThat(db.blocks()).isNotEmpty();
      assertThat(dumpAll(db)).containsExactlyElementsOf(before);
    }
  }

  @Test
  void compact_threeAdjacentTwoHourBlocks_mergedIntoSixHourLevelTwoBlock() {
    try (Db db = open(dir)) {
      List<String> want = appendRange(db, series(2), T0, T0 + 14 * H, STEP, 30);
      db.compact();
      assertThat(ranges(db))
          .containsExactly(
              new long[] {T0, T0 + 6 * H},
              new long[] {T0 + 6 * H, T0 + 8 * H},
              new long[] {T0 + 8 * H, T0 + 10 * H},
              new long[] {T0 + 10 * H, T0 + 12 * H});
      BlockMeta big = db.blocks().get(0).meta();
      assertThat(big.compaction().level()).isEqualTo(2);
      assertThat(big.compaction().sources()).hasSize(3).isSorted();
      assertThat(big.compaction().parents())
          .extracting(BlockMeta.BlockDesc::minTime)
          .containsExactly(T0, T0 + 2 * H, T0 + 4 * H);
      assertThat(big.compaction().sources())
          .containsExactlyInAnyOrderElementsOf(
              big.compaction().parents().stream().map(BlockMeta.BlockDesc::ulid).toList());
      assertThat(big.stats().numSamples()).isEqualTo(2 * 360);
      assertThat(dumpAll(db)).containsExactlyElementsOf(sorted(want));
    }
    try (Db db = open(dir)) {
      assertThat(db.blocks()).hasSize(4);
    }
  }

  @Test
  void delete_thenCompaction_removesSamplesForGood() {
    try (Db db = open(dir)) {
      List<Labels> ss = series(3);
      List<String> want = appendRange(db, ss, T0, T0 + 5 * H, STEP, 10);
      db.compact();
      assertThat(db.blocks()).hasSize(1);
      Matcher victim = Matcher.equal("instance", "host-1");
      db.delete(Long.MIN_VALUE, Long.MAX_VALUE, victim);
      List<String> expected = sorted(want).stream().filter(l -> !l.contains("host-1")).toList();
      assertThat(dumpAll(db)).containsExactlyElementsOf(expected);
      assertThat(db.blocks().get(0).meta().stats().numTombstones()).isEqualTo(1);

      db.cleanTombstones();
      assertThat(db.blocks()).hasSize(1);
      BlockMeta rewritten = db.blocks().get(0).meta();
      assertThat(rewritten.stats().numSeries()).isEqualTo(2);
      assertThat(rewritten.stats().numTombstones()).isZero();
      assertThat(rewritten.compaction().parents()).hasSize(1);
      assertThat(dumpAll(db)).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void snapshot_withHead_opensAsDbWithSameData(@TempDir Path snapParent) {
    Path snap = snapParent.resolve("snapshot");
    List<String> before;
    try (Db db = open(dir)) {
      appendRange(db, series(2), T0, T0 + 5 * H, STEP, 10);
      db.compact();
      before = dumpAll(db);
      db.snapshot(snap, true);
      assertThatThrownBy(() -> db.snapshot(dir, true))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("cannot snapshot into base directory");
    }
    try (Db copy = open(snap)) {
      assertThat(copy.blocks()).hasSize(2);
      assertThat(dumpAll(copy)).containsExactlyElementsOf(before);
    }
  }

  @Test
  void reload_timeRetention_deletesBlocksBeyondRetentionOfNewest() {
    try (Db db = open(dir)) {
      appendRange(db, series(1), T0, T0 + 11 * H, STEP, 30);
      db.compact();
      // [0,6) level 2 and [6,8): the 6h block ends 2h before the newest.
      assertThat(db.blocks()).hasSize(2);
    }
    try (Db db = open(dir, testOptions().retentionMs(2 * H).build())) {
      assertThat(ranges(db)).containsExactly(new long[] {T0 + 6 * H, T0 + 8 * H});
      assertThat(dumpAll(db))
          .isNotEmpty()
          .allSatisfy(l -> assertThat(sampleTime(l)).isGreaterThanOrEqualTo(T0 + 6 * H));
    }
  }

  @Test
  void reload_sizeRetention_deletesOldestBlocksBeyondLimit() throws IOException {
    long newestBytes;
    long oldestBytes;
    try (Db db = open(dir)) {
      appendRange(db, series(5), T0, T0 + 11 * H, STEP, 30);
      db.compact();
      assertThat(db.blocks()).hasSize(2);
      oldestBytes = db.blocks().get(0).sizeBytes();
      newestBytes = db.blocks().get(1).sizeBytes();
    }
    long headBytes = treeSize(dir.resolve("wal")) + treeSize(dir.resolve("chunks_head"));
    // Room for the WAL, the head chunks and the newest block, not for the older one as well.
    long limit = headBytes + newestBytes + oldestBytes / 2;
    try (Db db = open(dir, testOptions().retentionBytes(limit).build())) {
      assertThat(ranges(db)).containsExactly(new long[] {T0 + 6 * H, T0 + 8 * H});
    }
  }

  @Test
  void compact_overlappingBlocks_verticalCompactionDedups(@TempDir Path other) throws IOException {
    List<String> want;
    try (Db a = open(other)) {
      want = appendRange(a, series(2), T0, T0 + 4 * H, STEP, 10);
      a.compact();
      assertThat(a.blocks()).hasSize(1);
    }
    try (Db b = open(dir)) {
      appendRange(b, series(2), T0 + H, T0 + 5 * H, STEP, 10);
      b.compact();
      assertThat(b.blocks()).hasSize(1);
    }
    // Bring the other database's block over: it overlaps ours ([T0, T0+2h) vs [T0+1h, T0+2h)).
    Path block;
    try (var s = Files.list(other)) {
      block = s.filter(p -> p.getFileName().toString().length() == 26).findFirst().orElseThrow();
    }
    copyTree(block, dir.resolve(block.getFileName()));
    try (Db db = open(dir)) {
      assertThat(db.blocks()).hasSize(2);
      db.compact();
      assertThat(db.blocks()).hasSize(1);
      BlockMeta merged = db.blocks().get(0).meta();
      assertThat(merged.compaction().level()).isEqualTo(2);
      assertThat(merged.minTime()).isEqualTo(T0);
      assertThat(merged.maxTime()).isEqualTo(T0 + 2 * H);
      assertThat(merged.stats().numSamples()).isEqualTo(2 * 120);
      List<String> firstTwoHours =
          sorted(want).stream().filter(l -> sampleTime(l) < T0 + 2 * H).toList();
      assertThat(DbTesting.dump(db, T0, T0 + 2 * H - 1)).containsExactlyElementsOf(firstTwoHours);
    }
  }

  @Test
  void open_corruptBlock_failsNamingTheBlock() throws IOException {
    String ulid;
    try (Db db = open(dir)) {
      appendRange(db, series(2), T0, T0 + 4 * H, STEP, 10);
      db.compact();
      ulid = db.blocks().get(0).meta().ulid().toString();
    }
    Path index = dir.resolve(ulid).resolve("index");
    byte[] bytes = Files.readAllBytes(index);
    Files.write(index, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> open(dir))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("corrupted block " + ulid);
    // The failed open released the lock.
    Files.write(index, bytes);
    try (Db db = open(dir)) {
      assertThat(db.blocks()).hasSize(1);
    }
  }

  @Test
  void compact_inputsWithoutSamplesLeft_markedDeletableAndRemoved() {
    try (Db db = open(dir)) {
      List<String> want = new ArrayList<>(appendRange(db, series(2), T0, T0 + 9 * H, STEP, 30));
      db.compact();
      assertThat(db.blocks()).hasSize(3);
      db.delete(T0, T0 + 6 * H - 1, Matcher.equal("job", "argus"));
      want.addAll(appendRange(db, series(2), T0 + 9 * H, T0 + 11 * H, STEP, 30));
      db.compact();
      // [0,2) [2,4) [4,6) compact to nothing; their inputs are dropped, [6,8) stays.
      assertThat(ranges(db)).containsExactly(new long[] {T0 + 6 * H, T0 + 8 * H});
      assertThat(dumpAll(db))
          .containsExactlyElementsOf(
              sorted(want).stream().filter(l -> sampleTime(l) >= T0 + 6 * H).toList());
    }
    try (Db db = open(dir)) {
      assertThat(db.blocks()).hasSize(1);
    }
  }

  @Test
  void compact_updatesMetricsAndChunkQuerierSeesAllChunks() {
    PrometheusRegistry registry = new PrometheusRegistry();
    try (Db db =
        Db.open(dir, testOptions().build(), FileOps.defaults(), DbTesting.CLOCK, registry)) {
      appendRange(db, series(3), T0, T0 + 4 * H, STEP, 10);
      db.compact();
      assertThat(metric(registry, "prometheus_tsdb_compactions")).isEqualTo(1);
      assertThat(metric(registry, "prometheus_tsdb_compactions_failed")).isZero();
      assertThat(metric(registry, "prometheus_tsdb_reloads")).isEqualTo(2);
      assertThat(metric(registry, "prometheus_tsdb_blocks_loaded")).isEqualTo(1);
      assertThat(metric(registry, "prometheus_tsdb_lowest_timestamp")).isEqualTo(T0);
      assertThat(metric(registry, "prometheus_tsdb_storage_blocks_bytes"))
          .isEqualTo(db.blocks().get(0).sizeBytes());

      long samples = 0;
      int seriesCount = 0;
      try (ChunkQuerier q = db.chunkQuerier(T0, T0 + 4 * H)) {
        ChunkSeriesSet set = q.select(true, SelectHints.NONE, Matcher.equal("job", "argus"));
        while (set.next()) {
          seriesCount++;
          for (ChunkMeta c : set.at().chunks()) {
            samples += c.chunk().numSamples();
          }
        }
      }
      assertThat(seriesCount).isEqualTo(3);
      assertThat(samples).isEqualTo(3 * 240);
    }
  }

  @Test
  void metrics_reportWalAndFileSystem() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    FaultyFileOps ops = new FaultyFileOps().failWritesAfterBytes(64L << 20);
    try (Db db = Db.open(dir, testOptions().build(), ops, DbTesting.CLOCK, registry)) {
      appendRange(db, series(3), T0, T0 + H, STEP, 10);
      long walBytes;
      try (var files = Files.walk(dir.resolve("wal"))) {
        walBytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      }
      assertThat(walBytes).isPositive();
      assertThat(metric(registry, "prometheus_tsdb_wal_storage_size_bytes")).isEqualTo(walBytes);
      assertThat(metric(registry, "prometheus_tsdb_wal_segment_current")).isZero();
      assertThat(metric(registry, "argus_tsdb_filesystem_avail_bytes"))
          .isEqualTo((64L << 20) - ops.bytesWritten());
      assertThat(metric(registry, "argus_tsdb_filesystem_size_bytes"))
          .isEqualTo(Files.getFileStore(dir).getTotalSpace());
    }
  }

  private static double metric(PrometheusRegistry registry, String name) {
    for (MetricSnapshot s : registry.scrape()) {
      if (s.getMetadata().getName().equals(name)) {
        DataPointSnapshot p = s.getDataPoints().get(0);
        if (p instanceof CounterSnapshot.CounterDataPointSnapshot c) {
          return c.getValue();
        }
        if (p instanceof GaugeSnapshot.GaugeDataPointSnapshot g) {
          return g.getValue();
        }
      }
    }
    throw new AssertionError("metric not found: " + name);
  }

  static long sampleTime(String line) {
    return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
  }

  /** Sorts dump lines by series (label order as the lines print them), keeping time order. */
  static List<String> sorted(List<String> lines) {
    List<String> out = new ArrayList<>(lines);
    out.sort(
        (a, b) -> {
          String sa = a.substring(0, a.indexOf('}') + 1);
          String sb = b.substring(0, b.indexOf('}') + 1);
          int c = sa.compareTo(sb);
          return c != 0 ? c : Long.compare(sampleTime(a), sampleTime(b));
        });
    return out;
  }

  static long treeSize(Path p) throws IOException {
    try (var s = Files.walk(p)) {
      return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }

  static void copyTree(Path from, Path to) throws IOException {
    try (var s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
