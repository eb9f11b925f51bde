package io.argus.tsdb.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.tsdb.fs.FaultyFileOps;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalFaultTest {
  private static final WalOptions OPTIONS =
      WalOptions.defaults().withSegmentBytes(4 * Wal.PAGE_SIZE);

  @TempDir Path dir;
  private final FaultyFileOps faulty = new FaultyFileOps();
  private final Random random = new Random(7);

  private List<byte[]> readAfterReopen() throws IOException {
    Wal.open(FileOps.defaults(), dir, OPTIONS, Clock.SYSTEM).close();
    return WalTesting.readAll(FileOps.defaults(), dir);
  }

  @Test
  void log_fsyncFails_throwsAndEarlierRecordsSurvive() throws IOException {
    List<byte[]> logged = new ArrayList<>();
    try (Wal wal = Wal.open(faulty, dir, OPTIONS.withSyncOnLog(true), Clock.SYSTEM)) {
      for (int i = 0; i < 5; i++) {
        byte[] r = WalTesting.record(random, 20_000);
        wal.log(r);
        logged.add(r);
      }
      faulty.failNthSync(1);

      assertThatThrownBy(() -> wal.log(WalTesting.record(random, 50_000)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("fsync wal segment 00000000")
          .hasMessageContaining("fsync failed");

      byte[] after = WalTesting.record(random, 100);
      wal.log(after);
      logged.add(after);
    }

    assertThat(readAfterReopen()).containsExactlyElementsOf(logged);
  }

  @Test
  void log_diskFull_throwsClearErrorAndEarlierRecordsSurvive() throws IOException {
    List<byte[]> logged = new ArrayList<>();
    faulty.failWritesAfterBytes(300_000);
    Wal wal = Wal.open(faulty, dir, OPTIONS, Clock.SYSTEM);
    IOException failure = null;
    while (failure == null) {
      byte[] r = WalTesting.record(random, random.nextInt(40_000));
      try {
        wal.log(r);
        logged.add(r);
      } catch (IOException e) {
        failure = e;
      }
    }
    assertThat(failure).hasMessageContaining("No space left on device");
    assertThatThrownBy(() -> wal.log(new byte[100_000]))
        .hasMessageContaining("No space left on device");
    try {
      wal.close();
    } catch (IOException expected) {
      // Padding the last page needs space too.
    }

    assertThat(logged).hasSizeGreaterThan(3);
    assertThat(readAfterReopen()).containsExactlyElementsOf(logged);
  }

  @Test
  void log_diskFullThenSpaceFreed_continuesInSameSegment() throws IOException {
    List<byte[]> logged = new ArrayList<>();
    try (Wal wal = Wal.open(faulty, dir, OPTIONS, Clock.SYSTEM)) {
      byte[] first = WalTesting.record(random, 10_000);
      wal.log(first);
      logged.add(first);
      faulty.failWritesAfterBytes(faulty.bytesWritten() + 5_000);

      byte[] tooBig = new byte[30_000];
      random.nextBytes(tooBig);
      assertThatThrownBy(() -> wal.log(tooBig)).isInstanceOf(IOException.class);

      faulty.clearFaults();
      byte[] second = WalTesting.record(random, 30_000);
      wal.log(second);
      logged.add(second);
      assertThat(wal.currentSegment()).isZero();
    }

    assertThat(WalTesting.readAll(FileOps.defaults(), dir)).containsExactlyElementsOf(logged);
  }

  @Test
  void log_tornWrite_rolledBack() throws IOException {
    List<byte[]> logged = new ArrayList<>();
    try (Wal wal = Wal.open(faulty, dir, OPTIONS, Clock.SYSTEM)) {
      for (int i = 0; i < 3; i++) {
        byte[] r = WalTesting.record(random, 15_000);
        wal.log(r);
        logged.add(r);
      }
      faulty.tearNextWrite(11);

      assertThatThrownBy(() -> wal.log(WalTesting.record(random, 70_000)))
          .hasMessageContaining("torn write");

      byte[] after = WalTesting.record(random, 500);
      wal.log(after);
      logged.add(after);
    }

    assertThat(readAfterReopen()).containsExactlyElementsOf(logged);
  }

  @Test
  void log_syncFailsWhileCuttingSegment_rolledBack() throws IOException {
    List<byte[]> logged = new ArrayList<>();
    WalOptions raw = OPTIONS.withCompression(WalCompression.NONE);
    try (Wal wal = Wal.open(faulty, dir, raw, Clock.SYSTEM)) {
      byte[] big = WalTesting.record(random, 100_000);
      wal.log(big);
      logged.add(big);
      faulty.failNthSync(1);

      assertThatThrownBy(() -> wal.log(new byte[50_000]))
          .hasMessageContaining("fsync wal segment 00000000");

      assertThat(wal.currentSegment()).isZero();
      byte[] small = WalTesting.record(random, 1_000);
      wal.log(small);
      logged.add(small);
    }

    assertThat(readAfterReopen()).containsExactlyElementsOf(logged);
  }
}
