package io.argus.tsdb.wal;

import static io.argus.tsdb.wal.Wal.PAGE_SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.argus.tsdb.encoding.CorruptionException;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WalRepairTest {
  private static final WalOptions RAW = new WalOptions(4 * PAGE_SIZE, WalCompression.NONE, false);
  private static final int LAST_RECORD_BYTES = 50_000;

  @TempDir Path dir;
  private final FileOps ops = FileOps.defaults();

  /** Damages an intact WAL and returns the index of the first record that must be lost. */
  interface Damage {
    int apply(Path dir, List<WalTesting.Located> intact) throws IOException;
  }

  record Case(String name, WalOptions options, Damage damage) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("torn tail mid-fragment", RAW, WalRepairTest::truncateInLastRecord),
        new Case(
            "torn tail mid-fragment, snappy",
            RAW.withCompression(WalCompression.SNAPPY),
            WalRepairTest::truncateInLastRecord),
        new Case("torn tail between fragments", RAW, WalRepairTest::truncateAfterFirstFragment),
        new Case("zero-filled garbage tail", RAW, WalRepairTest::zeroTail),
        new Case("bad crc in the middle of a segment", RAW, WalRepairTest::flipByteInSegment0),
        new Case("truncated middle segment", RAW, WalRepairTest::truncateSegment1),
        new Case("extra bytes after the last page", RAW, WalRepairTest::appendGarbage));
  }

  private static int lastIndex(List<WalTesting.Located> intact) {
    return intact.size() - 1;
  }

  private static Path file(Path dir, int segment) {
    return dir.resolve(String.format("%08d", segment));
  }

  private static void truncate(Path file, long size) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(size);
    }
  }

  private static int truncateInLastRecord(Path dir, List<WalTesting.Located> intact)
      throws IOException {
    WalTesting.Located last = intact.get(lastIndex(intact));
    truncate(file(dir, last.segment()), last.offset() + 7 + 3);
    return lastIndex(intact);
  }

  private static int truncateAfterFirstFragment(Path dir, List<WalTesting.Located> intact)
      throws IOException {
    WalTesting.Located last = intact.get(lastIndex(intact));
    long pageEnd = (last.offset() / PAGE_SIZE + 1) * PAGE_SIZE;
    truncate(file(dir, last.segment()), pageEnd);
    return lastIndex(intact);
  }

  private static int zeroTail(Path dir, List<WalTesting.Located> intact) throws IOException {
    WalTesting.Located last = intact.get(lastIndex(intact));
    Path f = file(dir, last.segment());
    long from = last.offset() + 7 + 10;
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.seek(from);
      raf.write(new byte[(int) (raf.length() - from)]);
    }
    return lastIndex(intact);
  }

  private static int flipByteInSegment0(Path dir, List<WalTesting.Located> intact)
      throws IOException {
    WalTesting.Located victim = intact.get(1);
    assertThat(victim.segment()).isZero();
    assertThat(intact.get(2).segment()).as("a later record in the same segment").isZero();
    try (RandomAccessFile raf = new RandomAccessFile(file(dir, 0).toFile(), "rw")) {
      raf.seek(victim.offset() + 7);
      int b = raf.read();
      raf.seek(victim.offset() + 7);
      raf.write(b ^ 0x40);
    }
    return 1;
  }

  private static int truncateSegment1(Path dir, List<WalTesting.Located> intact)
      throws IOException {
    for (int i = 0; i < intact.size(); i++) {
      if (intact.get(i).segment() == 1 && intact.get(i - 1).segment() == 1) {
        truncate(file(dir, 1), intact.get(i).offset() + 20);
        return i;
      }
    }
    throw new AssertionError("segment 1 has fewer than two records");
  }

  private static int appendGarbage(Path dir, List<WalTesting.Located> intact) throws IOException {
    Path f = file(dir, intact.get(lastIndex(intact)).segment());
    Files.write(f, new byte[] {1, 0, 16, 0x12, 0x34}, StandardOpenOption.APPEND);
    return intact.size();
  }

  private List<byte[]> writeRecords(WalOptions options) throws IOException {
    Random random = new Random(42);
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      records.add(WalTesting.record(random, 1 + random.nextInt(30_000)));
    }
    byte[] last = new byte[LAST_RECORD_BYTES];
    random.nextBytes(last);
    records.add(last);
    try (Wal wal = Wal.open(ops, dir, options, Clock.SYSTEM)) {
      for (byte[] r : records) {
        wal.log(r);
      }
    }
    return records;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void repair_keepsRecordsBeforeDamage_andAcceptsNewRecords(Case c) throws IOException {
    List<byte[]> records = writeRecords(c.options());
    List<WalTesting.Located> intact = WalTesting.readLocated(ops, dir);
    assertThat(intact).extracting(WalTesting.Located::segment).contains(0, 1, 2);
    int lostFrom = c.damage().apply(dir, intact);
    List<byte[]> kept = records.subList(0, lostFrom);
    byte[] extra1 = {7, 7, 7};
    byte[] extra2 = new byte[40_000];

    try (Wal wal = Wal.open(ops, dir, c.options(), Clock.SYSTEM)) {
      WalCorruptionException e =
          catchThrowableOfType(WalCorruptionException.class, () -> WalTesting.readAll(ops, dir));
      assertThat(e).as("corruption detected").isNotNull();
      assertThat(e).hasMessageStartingWith("corruption in segment ");
      if (lostFrom < intact.size()) {
        assertThat(e.segment()).isEqualTo(intact.get(lostFrom).segment());
        assertThat(e.offset()).isEqualTo(intact.get(lostFrom).offset());
      } else {
        assertThat(e.segment()).isEqualTo(intact.get(lostFrom - 1).segment());
      }

      wal.repair(e);

      assertThat(WalTesting.readAll(ops, dir)).containsExactlyElementsOf(kept);
      assertThat(wal.currentSegment()).isEqualTo(e.segment() + 1);
      wal.log(extra1, extra2);
    }
    Wal.open(ops, dir, c.options(), Clock.SYSTEM).close();

    List<byte[]> expected = new ArrayList<>(kept);
    expected.add(extra1);
    expected.add(extra2);
    assertThat(WalTesting.readAll(ops, dir)).containsExactlyElementsOf(expected);
    assertThat(ops.list(dir)).noneMatch(n -> n.endsWith(".repair"));
  }

  @Test
  void open_missingMiddleSegment_isHardError() throws IOException {
    writeRecords(RAW);
    Files.delete(file(dir, 1));

    assertThatThrownBy(() -> Wal.open(ops, dir, RAW, Clock.SYSTEM))
        .isInstanceOf(CorruptionException.class)
        .isNotInstanceOf(WalCorruptionException.class)
        .hasMessageContaining("segments are not sequential");
  }

  @Test
  void repair_corruptionInOtherDirectory_rejected() throws IOException {
    try (Wal wal = Wal.open(ops, dir, RAW, Clock.SYSTEM)) {
      WalCorruptionException elsewhere =
          new WalCorruptionException(dir.resolve("checkpoint.00000001"), 0, 0, "bad");

      assertThatThrownBy(() -> wal.repair(elsewhere))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("outside the wal directory");
    }
  }
}
