package io.argus.remote.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.wal.Wal;
import io.argus.tsdb.wal.WalCompression;
import io.argus.tsdb.wal.WalOptions;
import io.argus.util.Clock;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveSegmentReaderTest {
  @TempDir Path dir;

  /** Records of 1 byte to 3 pages, some compressible, written by the real WAL writer. */
  private static List<byte[]> records(long seed) {
    Random r = new Random(seed);
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      int len = r.nextInt(10) == 0 ? 1 + r.nextInt(3 * Wal.PAGE_SIZE) : 1 + r.nextInt(500);
      byte[] b = new byte[len];
      if (r.nextBoolean()) {
        r.nextBytes(b);
      } else {
        Arrays.fill(b, (byte) (i + 1));
      }
      out.add(b);
    }
    return out;
  }

  private static Path writeSegment(Path walDir, List<byte[]> records, WalCompression c)
      throws IOException {
    try (Wal wal =
        Wal.open(
            FileOps.defaults(), walDir, WalOptions.defaults().withCompression(c), Clock.SYSTEM)) {
      for (byte[] rec : records) {
        wal.log(rec);
      }
    }
    return walDir.resolve("00000000");
  }

  @Property(tries = 8)
  void next_returnsEveryRecordOnceWhileTheFileGrowsInChunks(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 40_000) int chunk) throws Exception {
    Path base = Files.createTempDirectory("live");
    try {
      List<byte[]> want = records(seed);
      Path full =
          writeSegment(
              base.resolve("wal"),
              want,
              seed % 2 == 0 ? WalCompression.SNAPPY : WalCompression.NONE);
      byte[] bytes = Files.readAllBytes(full);
      Path growing = base.resolve("growing");
      Files.createFile(growing);
      List<byte[]> got = new ArrayList<>();
      try (LiveSegmentReader r =
              new LiveSegmentReader(
                  FileOps.defaults().openForReading(growing), growing.toString());
          OutputStream out = Files.newOutputStream(growing, StandardOpenOption.APPEND)) {
        for (int off = 0; off < bytes.length; off += chunk) {
          out.write(bytes, off, Math.min(chunk, bytes.length - off));
          out.flush();
          while (r.next()) {
            got.add(Arrays.copyOf(r.record(), r.recordLength()));
          }
        }
        assertThat(r.next()).isFalse();
        assertThat(r.unreadBytes()).isZero();
      }
      assertThat(got).hasSameSizeAs(want);
      for (int i = 0; i < want.size(); i++) {
        assertThat(got.get(i)).as("record %d", i).isEqualTo(want.get(i));
      }
    } finally {
      FileOps.defaults().deleteRecursively(base);
    }
  }

  @Test
  void next_reportsDamagedFragmentWithSegmentAndOffset() throws Exception {
    Path seg =
        writeSegment(
            dir.resolve("wal"), List.of(new byte[100], new byte[100]), WalCompression.NONE);
    byte[] bytes = Files.readAllBytes(seg);
    bytes[107 + 20] ^= 0x55;
    Files.write(seg, bytes);
    try (LiveSegmentReader r =
        new LiveSegmentReader(FileOps.defaults().openForReading(seg), seg.toString())) {
      assertThat(r.next()).isTrue();
      assertThatThrownBy(r::next)
          .isInstanceOf(IOException.class)
          .hasMessageContaining(seg.toString())
          .hasMessageContaining("at offset 107");
    }
  }

  @Test
  void next_waitsAtATornRecordAndReportsItsBytes() throws Exception {
    Path seg =
        writeSegment(
            dir.resolve("wal"), List.of(new byte[100], new byte[200]), WalCompression.NONE);
    byte[] bytes = Files.readAllBytes(seg);
    Path torn = dir.resolve("torn");
    Files.write(torn, Arrays.copyOf(bytes, 7 + 100 + 50));
    try (LiveSegmentReader r =
        new LiveSegmentReader(FileOps.defaults().openForReading(torn), torn.toString())) {
      assertThat(r.next()).isTrue();
      assertThat(r.recordLength()).isEqualTo(100);
      assertThat(r.next()).isFalse();
      assertThat(r.offset()).isEqualTo(107);
      assertThat(r.unreadBytes()).isEqualTo(50);
    }
  }
}
