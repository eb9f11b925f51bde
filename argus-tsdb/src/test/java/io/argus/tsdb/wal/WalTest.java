package io.argus.tsdb.wal;

import static io.argus.tsdb.wal.Wal.PAGE_SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.tsdb.encoding.CorruptionException;
import io.argus.tsdb.encoding.EncBuf;
import io.argus.tsdb.fs.FaultyFileOps;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WalTest {
  private static final WalOptions RAW = WalOptions.defaults().withCompression(WalCompression.NONE);
  private static final int MAX_FRAGMENT = PAGE_SIZE - 7;

  @TempDir Path dir;
  private final FileOps ops = FileOps.defaults();

  private Wal open(WalOptions options) throws IOException {
    return Wal.open(ops, dir, options, Clock.SYSTEM);
  }

  private byte[] segmentBytes(int index) throws IOException {
    return Files.readAllBytes(dir.resolve(String.format("%08d", index)));
  }

  private static int crc(byte[] b) {
    CRC32C c = new CRC32C();
    c.update(b);
    return (int) c.getValue();
  }

  /** Returns (type byte, length) of the fragment header at {@code at}. */
  private static int[] header(byte[] file, int at) {
    return new int[] {file[at] & 0xFF, ((file[at + 1] & 0xFF) << 8) | (file[at + 2] & 0xFF)};
  }

  /* --- byte layout --- */

  @Test
  void log_writesPrometheusFragmentLayout() throws IOException {
    byte[] rec = {1, 2, 3};
    try (Wal wal = open(RAW)) {
      wal.log(rec);
    }

    byte[] file = segmentBytes(0);

    assertThat(file).hasSize(PAGE_SIZE);
    ByteBuffer expected = ByteBuffer.allocate(10).put((byte) 1).putShort((short) 3);
    expected.putInt(crc(rec)).put(rec);
    assertThat(Arrays.copyOf(file, 10)).isEqualTo(expected.array());
    assertThat(Arrays.copyOfRange(file, 10, PAGE_SIZE)).containsOnly(0);
  }

  @Test
  void log_returns_dataReachedTheOperatingSystem() throws IOException {
    try (Wal wal = open(RAW)) {
      wal.log(new byte[] {9, 9});

      assertThat(segmentBytes(0)).hasSize(9);
      assertThat(WalTesting.readAll(ops, dir)).containsExactly(new byte[] {9, 9});
    }
  }

  @Test
  void log_recordLargerThanTwoPages_splitsIntoFirstMiddleLast() throws IOException {
    byte[] rec = WalTesting.record(new Random(1), 2 * MAX_FRAGMENT + 100);
    try (Wal wal = open(RAW)) {
      wal.log(rec);
    }

    byte[] file = segmentBytes(0);

    assertThat(header(file, 0)).containsExactly(2, MAX_FRAGMENT);
    assertThat(header(file, PAGE_SIZE)).containsExactly(3, MAX_FRAGMENT);
    assertThat(header(file, 2 * PAGE_SIZE)).containsExactly(4, 100);
    assertThat(WalTesting.readAll(ops, dir)).containsExactly(rec);
  }

  @Test
  void log_lessThanHeaderLeftInPage_padsPage() throws IOException {
    byte[] a = new byte[PAGE_SIZE - 7 - 6];
    byte[] b = {5, 5, 5, 5, 5};
    try (Wal wal = open(RAW)) {
      wal.log(a);
      wal.log(b);
    }

    byte[] file = segmentBytes(0);

    assertThat(Arrays.copyOfRange(file, PAGE_SIZE - 6, PAGE_SIZE)).containsOnly(0);
    assertThat(header(file, PAGE_SIZE)).containsExactly(1, 5);
    assertThat(WalTesting.readAll(ops, dir)).containsExactly(a, b);
  }

  @Test
  void log_exactlyHeaderLeftInPage_writesEmptyFirstFragment() throws IOException {
    byte[] a = new byte[PAGE_SIZE - 7 - 7];
    byte[] b = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    try (Wal wal = open(RAW)) {
      wal.log(a, b);
    }

    byte[] file = segmentBytes(0);

    assertThat(header(file, PAGE_SIZE - 7)).containsExactly(2, 0);
    assertThat(header(file, PAGE_SIZE)).containsExactly(4, 10);
    assertThat(WalTesting.readAll(ops, dir)).containsExactly(a, b);
  }

  @Test
  void log_compressibleRecord_setsSnappyFlagOnlyWhenSmaller() throws IOException {
    byte[] zeros = new byte[1000];
    byte[] noise = new byte[1000];
    new Random(3).nextBytes(noise);
    try (Wal wal = open(WalOptions.defaults())) {
      wal.log(zeros);
      wal.log(noise);
    }

    byte[] file = segmentBytes(0);
    int[] first = header(file, 0);

    assertThat(first[0]).isEqualTo(0x08 | 1);
    assertThat(first[1]).isLessThan(100);
    assertThat(header(file, 7 + first[1])).containsExactly(1, 1000);
    assertThat(WalTesting.readAll(ops, dir)).containsExactly(zeros, noise);
  }

  @Test
  void log_encBuf_logsItsContents() throws IOException {
    try (Wal wal = open(RAW)) {
      wal.log(new EncBuf().putBe32(7), new EncBuf().putByte(1));
    }

    assertThat(WalTesting.readAll(ops, dir))
        .containsExactly(new byte[] {0, 0, 0, 7}, new byte[] {1});
  }

  /* --- segments --- */

  @Test
  void log_recordDoesNotFitSegment_cutsNewSegment() throws IOException {
    Random random = new Random(4);
    byte[] a = WalTesting.record(random, 40_000);
    byte[] b = WalTesting.record(random, 40_000);
    byte[] oversized = WalTesting.record(random, 100_000);
    byte[] d = WalTesting.record(random, 10);
    try (Wal wal = open(RAW.withSegmentBytes(2 * PAGE_SIZE))) {
      wal.log(a);
      wal.log(b, oversized, d);
    }

    List<WalTesting.Located> got = WalTesting.readLocated(ops, dir);

    assertThat(got).extracting(WalTesting.Located::segment).containsExactly(0, 1, 2, 3);
    assertThat(got).extracting(WalTesting.Located::offset).containsOnly(0L);
    assertThat(got).extracting(WalTesting.Located::data).containsExactly(a, b, oversized, d);
    assertThat(segmentBytes(0)).hasSize(2 * PAGE_SIZE);
    assertThat(segmentBytes(2)).hasSize(4 * PAGE_SIZE);
  }

  @Test
  void open_startsNewSegmentAfterExisting() throws IOException {
    try (Wal wal = open(RAW)) {
      wal.log(new byte[] {1});
    }
    try (Wal wal = open(RAW)) {
      assertThat(wal.currentSegment()).isEqualTo(1);
      wal.log(new byte[] {2});
      assertThat(wal.segments()).isEqualTo(new SegmentRange(0, 1));
    }

    assertThat(WalTesting.readLocated(ops, dir))
        .extracting(WalTesting.Located::segment)
        .containsExactly(0, 1);
  }

  @Test
  void open_padsTornLastPage() throws IOException {
    try (Wal wal = open(RAW)) {
      wal.log(new byte[] {1, 2});
    }
    byte[] torn = Arrays.copyOf(segmentBytes(0), 9);
    Files.write(dir.resolve("00000000"), torn);

    try (Wal wal = open(RAW)) {
      assertThat(segmentBytes(0)).hasSize(PAGE_SIZE);
      assertThat(wal.currentSegment()).isEqualTo(1);
    }
    assertThat(WalTesting.readAll(ops, dir)).containsExactly(new byte[] {1, 2});
  }

  @Test
  void open_deletesLeftoverTemporaryCheckpoints() throws IOException {
    Path tmp = Files.createDirectories(dir.resolve("checkpoint.00000003.tmp"));
    Files.write(tmp.resolve("00000000"), new byte[] {1});
    Path done = Files.createDirectories(dir.resolve("checkpoint.00000002"));

    open(RAW).close();

    assertThat(tmp).doesNotExist();
    assertThat(done).exists();
  }

  @Test
  void open_nonSequentialSegments_isHardError() throws IOException {
    Files.write(dir.resolve("00000000"), new byte[0]);
    Files.write(dir.resolve("00000002"), new byte[0]);

    assertThatThrownBy(() -> open(RAW))
        .isInstanceOf(CorruptionException.class)
        .isNotInstanceOf(WalCorruptionException.class)
        .hasMessageContaining("segments are not sequential");
    assertThatThrownBy(() -> WalReader.open(ops, dir))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("segments are not sequential");
  }

  @Test
  void nextSegment_padsCurrentAndStartsNext() throws IOException {
    try (Wal wal = open(RAW)) {
      wal.log(new byte[] {1});
      assertThat(wal.nextSegment()).isEqualTo(1);
      assertThat(segmentBytes(0)).hasSize(PAGE_SIZE);
      wal.log(new byte[] {2});
    }

    assertThat(WalTesting.readLocated(ops, dir))
        .extracting(WalTesting.Located::segment)
        .containsExactly(0, 1);
  }

  @Test
  void truncate_deletesSegmentsBelow() throws IOException {
    try (Wal wal = open(RAW)) {
      wal.nextSegment();
      wal.nextSegment();
      wal.nextSegment();

      wal.truncate(2);

      assertThat(wal.segments()).isEqualTo(new SegmentRange(2, 3));
      assertThatThrownBy(() -> wal.truncate(4)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void log_syncOnLog_syncsEveryCall() throws IOException {
    FaultyFileOps counting = new FaultyFileOps();
    try (Wal wal = Wal.open(counting, dir, RAW.withSyncOnLog(true), Clock.SYSTEM)) {
      wal.log(new byte[] {1});
      wal.log(new byte[] {2});
      assertThat(counting.syncCount()).isEqualTo(2);
    }
    FaultyFileOps lazy = new FaultyFileOps();
    try (Wal wal = Wal.open(lazy, dir, RAW, Clock.SYSTEM)) {
      wal.log(new byte[] {1});
      wal.log(new byte[] {2});
      assertThat(lazy.syncCount()).isZero();
    }
  }

  @Test
  void log_afterClose_throws() throws IOException {
    Wal wal = open(RAW);
    wal.close();

    assertThatThrownBy(() -> wal.log(new byte[] {1})).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void options_segmentSizeNotPageMultiple_rejected() {
    assertThatThrownBy(() -> WalOptions.defaults().withSegmentBytes(PAGE_SIZE + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple");
  }

  @Test
  void log_concurrentWriters_keepEachWritersOrder() throws Exception {
    int threads = 4;
    int perThread = 250;
    try (Wal wal = open(WalOptions.defaults().withSegmentBytes(2 * PAGE_SIZE));
        ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    wal.log(new EncBuf().putByte(id).putBe32(i).putBytes(new byte[100]));
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }

    int[] next = new int[threads];
    List<byte[]> got = WalTesting.readAll(ops, dir);
    for (byte[] rec : got) {
      int id = rec[0];
      assertThat(ByteBuffer.wrap(rec, 1, 4).getInt()).isEqualTo(next[id]++);
    }
    assertThat(got).hasSize(threads * perThread);
  }

  /* --- round trip --- */

  static Stream<Arguments> roundTripCases() {
    return Stream.of(
        Arguments.of("snappy, 4-page segments", WalCompression.SNAPPY, 4 * PAGE_SIZE, 11L),
        Arguments.of("none, 4-page segments", WalCompression.NONE, 4 * PAGE_SIZE, 12L),
        Arguments.of("snappy, default segments", WalCompression.SNAPPY, 128 << 20, 13L),
        Arguments.of("none, default segments", WalCompression.NONE, 128 << 20, 14L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("roundTripCases")
  void log_randomRecords_readBackInOrder(
      String name, WalCompression compression, int segmentBytes, long seed) throws IOException {
    Random random = new Random(seed);
    List<byte[]> records = WalTesting.records(random, 150, 150_000);
    WalOptions options = new WalOptions(segmentBytes, compression, false);
    Wal wal = open(options);
    int i = 0;
    while (i < records.size()) {
      int n = Math.min(records.size() - i, 1 + random.nextInt(5));
      wal.log(records.subList(i, i + n).toArray(byte[][]::new));
      i += n;
      if (random.nextInt(20) == 0) {
        wal.close();
        wal = open(options);
      }
    }
    wal.close();

    assertThat(WalTesting.readAll(ops, dir)).as("seed %d", seed).containsExactlyElementsOf(records);
    SegmentRange range = SegmentFiles.range(ops, dir);
    for (int s = range.first(); s <= range.last(); s++) {
      assertThat(segmentBytes(s).length % PAGE_SIZE).isZero();
    }
  }
}
