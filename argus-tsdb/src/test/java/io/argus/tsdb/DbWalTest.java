package io.argus.tsdb;

import static io.argus.tsdb.DbTest.T0;
import static io.argus.tsdb.DbTest.sorted;
import static io.argus.tsdb.DbTesting.appendRange;
import static io.argus.tsdb.DbTesting.dumpAll;
import static io.argus.tsdb.DbTesting.open;
import static io.argus.tsdb.DbTesting.series;
import static io.argus.tsdb.DbTesting.testOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.storage.Appender;
import io.argus.storage.StorageException;
import io.argus.tsdb.fs.FaultyFileOps;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WAL durability of the database: torn tails, garbage, failed writes and fsyncs. */
class DbWalTest {
  private static final long STEP = 15_000L;

  @TempDir Path dir;

  /** Returns the segment with the highest index that holds data. */
  private Path lastNonEmptySegment() throws IOException {
    List<Path> segs = new ArrayList<>();
    try (var s = Files.list(dir.resolve("wal"))) {
      s.filter(p -> p.getFileName().toString().matches("\\d{8}"))
          .filter(p -> p.toFile().length() > 0)
          .sorted()
          .forEach(segs::add);
    }
    assertThat(segs).isNotEmpty();
    return segs.get(segs.size() - 1);
  }

  private static int dataEnd(Path seg) throws IOException {
    byte[] b = Files.readAllBytes(seg);
    int end = b.length;
    while (end > 0 && b[end - 1] == 0) {
      end--;
    }
    return end;
  }

  @Test
  void open_walTornMidRecord_repairsAndKeepsEveryCompleteCommit() throws IOException {
    List<Labels> ss = series(2);
    List<String> want;
    try (Db db = open(dir)) {
      want = appendRange(db, ss, T0, T0 + 10 * STEP, STEP, 1);
    }
    Path seg = lastNonEmptySegment();
    int end = dataEnd(seg);
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      f.setLength(end - 3);
    }
    long lastT = T0 + 9 * STEP;
    List<String> expected =
        sorted(want).stream().filter(l -> DbTest.sampleTime(l) != lastT).toList();
    try (Db db = open(dir)) {
      assertThat(dumpAll(db)).containsExactlyElementsOf(expected);
      // The repaired WAL takes new commits.
      appendRange(db, ss, lastT, lastT + STEP, STEP, 1);
    }
    try (Db db = open(dir)) {
      assertThat(dumpAll(db)).containsExactlyElementsOf(sorted(want));
    }
  }

  @Test
  void open_garbageAfterLastRecord_repairsAndKeepsEverything() throws IOException {
    List<String> want;
    try (Db db = open(dir)) {
      want = appendRange(db, series(3), T0, T0 + 20 * STEP, STEP, 2);
    }
    Path seg = lastNonEmptySegment();
    byte[] garbage = new byte[100];
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = (byte) (0xA5 ^ i * 31);
    }
    Files.write(seg, garbage, StandardOpenOption.APPEND);
    try (Db db = open(dir)) {
      assertThat(dumpAll(db)).containsExactlyElementsOf(sorted(want));
    }
    try (Db db = open(dir)) {
      assertThat(dumpAll(db)).containsExactlyElementsOf(sorted(want));
    }
  }

  @Test
  void commit_diskFull_failsClearlyAndReopenHasEveryCommittedSample() {
    FaultyFileOps faulty = new FaultyFileOps();
    List<Labels> ss = series(2);
    Db db = Db.open(dir, testOptions().build(), faulty, DbTesting.CLOCK, new PrometheusRegistry());
    List<String> committed = new ArrayList<>(appendRange(db, ss, T0, T0 + 20 * STEP, STEP, 1));
    faulty.failWritesAfterBytes(faulty.bytesWritten() + 10);
    Appender app = db.appender();
    for (int k = 20; k < 60; k++) {
      for (Labels l : ss) {
        app.append(0, l, T0 + k * STEP, k);
      }
    }
    assertThatThrownBy(app::commit)
        .isInstanceOf(StorageException.class)
        .hasStackTraceContaining("No space left on device");
    assertThat(dumpAll(db)).containsExactlyElementsOf(sorted(committed));
    faulty.clearFaults();
    closeAfterFault(db);
    try (Db re = open(dir)) {
      assertThat(dumpAll(re)).containsExactlyElementsOf(sorted(committed));
    }
  }

  @Test
  void commit_fsyncFails_failsClearlyAndReopenHasEveryCommittedSample() {
    FaultyFileOps faulty = new FaultyFileOps();
    List<Labels> ss = series(2);
    Db db =
        Db.open(
            dir,
            testOptions().walSyncOnLog(true).build(),
            faulty,
            DbTesting.CLOCK,
            new PrometheusRegistry());
    List<String> committed = new ArrayList<>(appendRange(db, ss, T0, T0 + 10 * STEP, STEP, 1));
    faulty.failNthSync(1);
    Appender app = db.appender();
    List<String> failed = new ArrayList<>();
    for (Labels l : ss) {
      app.append(0, l, T0 + 10 * STEP, 7);
      failed.add(DbTesting.line(l, T0 + 10 * STEP, 7));
    }
    assertThatThrownBy(app::commit)
        .isInstanceOf(StorageException.class)
        .hasStackTraceContaining("fsync failed");
    faulty.clearFaults();
    closeAfterFault(db);
    try (Db re = open(dir)) {
      List<String> got = dumpAll(re);
      assertThat(got).containsAll(committed);
      Set<String> allowed = new HashSet<>(committed);
      allowed.addAll(failed);
      assertThat(allowed).containsAll(got);
    }
  }

  /** Closes a database whose WAL saw a fault; a failure to close is acceptable there. */
  private static void closeAfterFault(Db db) {
    try {
      db.close();
    } catch (RuntimeException e) {
      assertThat(e).isInstanceOf(StorageException.class);
    }
  }
}
