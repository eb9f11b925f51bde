package io.argus.tsdb.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.argus.model.labels.Labels;
import io.argus.storage.Appender;
import io.argus.tsdb.Db;
import io.argus.tsdb.DbOptions;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: data written through {@link Db} (several series, more than 2 h so that a block is
 * cut, with a staleness marker) is read back by promtool exactly, from the blocks and from the WAL;
 * and our own dump prints the same.
 */
class DbPromtoolCompatibilityTest {
  private static final long T0 = 1_700_000_000_000L - 1_700_000_000_000L % 7_200_000L;
  private static final long STEP = 30_000;
  private static final long SPAN = 4 * 3_600_000L + 20 * 60_000L;
  private static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

  @TempDir Path tmp;

  /** Expected dump lines per series, series in label order. */
  private final TreeMap<Labels, List<String>> expected = new TreeMap<>();

  /** Expected dump lines of samples below {@code before}. */
  private List<String> expectedBefore(long before) {
    List<String> out = new ArrayList<>();
    for (List<String> lines : expected.values()) {
      for (String l : lines) {
        long t = Long.parseLong(l.substring(l.lastIndexOf(' ') + 1));
        if (t < before) {
          out.add(l);
        }
      }
    }
    return out;
  }

  private List<String> expectedAll() {
    return expectedBefore(Long.MAX_VALUE);
  }

  private Path writeDb() {
    Path dir = tmp.resolve("db");
    Labels[] series = {
      Labels.of("__name__", "http_requests_total", "code", "200", "job", "api"),
      Labels.of("__name__", "http_requests_total", "code", "500", "job", "api"),
      Labels.of("__name__", "room_temperature_celsius", "room", "lab \"A\""),
      Labels.of("__name__", "up", "job", "api"),
    };
    try (Db db =
        Db.open(
            dir,
            DbOptions.builder().compactionIntervalMs(0).build(),
            FileOps.defaults(),
            Clock.SYSTEM,
            new PrometheusRegistry())) {
      long[] refs = new long[series.length];
      for (long t = T0 + 1234; t < T0 + SPAN; t += STEP) {
        Appender app = db.appender();
        long i = (t - T0) / STEP;
        for (int s = 0; s < series.length; s++) {
          double v =
              switch (s) {
                case 0 -> i * 7;
                case 1 -> i / 10;
                case 2 -> 21.5 + (i % 13) * 0.25 - 1e-3 * (i % 3);
                default -> i % 40 == 35 ? STALE_NAN : 1;
              };
          // The last series goes stale for a while and comes back.
          if (s == 3 && i % 40 > 35) {
            continue;
          }
          refs[s] = app.append(refs[s], series[s], t, v);
          expected
              .computeIfAbsent(series[s], k -> new ArrayList<>())
              .add(DumpText.line(series[s], v, t));
        }
        app.commit();
      }
      db.compact();
      assertThat(db.blocks()).as("blocks cut from the head").isNotEmpty();
    }
    return dir;
  }

  @Test
  void argusDump_ofDbWithBlocksAndWal_printsEverySampleWritten() throws IOException {
    Path dir = writeDb();
    assertThat(DumpText.argusDump(dir)).isEqualTo(expectedAll());
  }

  @Test
  void promtool_readsBlocksAndWalWrittenByDb() throws IOException {
    assumeTrue(ExternalProcess.promtoolAvailable(), "/usr/bin/promtool is absent; skipping");
    Path dir = writeDb();

    Path blocksOnly = tmp.resolve("blocks-only");
    copyWithoutWal(dir, blocksOnly);
    ExternalProcess.Result analyze =
        ExternalProcess.promtool("tsdb", "analyze", blocksOnly.toString());
    assertThat(analyze.exitCode()).as(analyze.stderr()).isZero();
    assertThat(analyze.stdout()).contains("Series: 4");
    ExternalProcess.Result list = ExternalProcess.promtool("tsdb", "list", blocksOnly.toString());
    assertThat(list.exitCode()).as(list.stderr()).isZero();

    long blocksEnd = maxBlockTime(blocksOnly);
    assertThat(DumpText.promtoolDump(blocksOnly)).isEqualTo(expectedBefore(blocksEnd));

    Path withWal = tmp.resolve("with-wal");
    TestDirs.copyTree(dir, withWal);
    Files.deleteIfExists(withWal.resolve("lock"));
    // promtool sorts only when it merges several sources; compare as sets of lines in order.
    assertThat(DumpText.sorted(DumpText.promtoolDump(withWal)))
        .isEqualTo(DumpText.sorted(expectedAll()));
  }

  private static void copyWithoutWal(Path from, Path to) throws IOException {
    TestDirs.copyTree(from, to);
    FileOps.defaults().deleteRecursively(to.resolve("wal"));
    Files.createDirectories(to.resolve("wal"));
    Files.deleteIfExists(to.resolve("lock"));
  }

  private static long maxBlockTime(Path dir) throws IOException {
    long max = Long.MIN_VALUE;
    for (LocalBlocks.LocalBlock b : LocalBlocks.list(FileOps.defaults(), dir)) {
      max = Math.max(max, b.meta().maxTime());
    }
    return max;
  }
}
