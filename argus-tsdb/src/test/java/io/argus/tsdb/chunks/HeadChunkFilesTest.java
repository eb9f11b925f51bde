package io.argus.tsdb.chunks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import io.argus.storage.chunkenc.ChunkAppender;
import io.argus.storage.chunkenc.XorChunk;
import io.argus.tsdb.fs.FaultyFileOps;
import io.argus.tsdb.fs.FileOps;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadChunkFilesTest {
  @TempDir Path dir;

  /** A chunk as written and as read back. */
  record Written(long seriesRef, long ref, long mint, long maxt, int samples, byte[] data) {}

  private static XorChunk chunk(Random rnd, long start, int n) {
    XorChunk c = new XorChunk();
    ChunkAppender app = c.appender();
    long t = start;
    for (int i = 0; i < n; i++) {
      app.append(t, rnd.nextInt(4) == 0 ? rnd.nextDouble() : i * 0.25);
      t += 15_000 + rnd.nextInt(3);
    }
    return c;
  }

  private static List<Written> writeChunks(HeadChunkFiles f, int count, long seed)
      throws IOException {
    Random rnd = new Random(seed);
    List<Written> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long series = 1 + rnd.nextInt(50);
      long mint = 1_000_000L * i;
      XorChunk c = chunk(rnd, mint, 1 + rnd.nextInt(200));
      long maxt = lastTime(c);
      byte[] data = Arrays.copyOf(c.bytes(), c.byteLength());
      long ref = f.write(series, mint, maxt, (byte) 1, c.bytes(), c.byteLength());
      out.add(new Written(series, ref, mint, maxt, c.numSamples(), data));
    }
    return out;
  }

  private static long lastTime(XorChunk c) {
    SampleIterator it = c.iterator(null);
    long t = Long.MIN_VALUE;
    while (it.next() == ValueType.FLOAT) {
      t = it.atT();
    }
    return t;
  }

  private static List<Written> readAll(HeadChunkFiles f) {
    List<Written> out = new ArrayList<>();
    f.forEachChunk(
        Integer.MAX_VALUE,
        (series, ref, mint, maxt, samples) ->
            out.add(new Written(series, ref, mint, maxt, samples, f.chunkBytes(ref))));
    return out;
  }

  private static void assertSameChunks(List<Written> actual, List<Written> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      Written a = actual.get(i);
      Written e = expected.get(i);
      assertThat(a.seriesRef()).isEqualTo(e.seriesRef());
      assertThat(a.ref()).isEqualTo(e.ref());
      assertThat(a.mint()).isEqualTo(e.mint());
      assertThat(a.maxt()).isEqualTo(e.maxt());
      assertThat(a.samples()).isEqualTo(e.samples());
      assertThat(a.data()).isEqualTo(e.data());
    }
  }

  @Test
  void write_singleChunk_hasPrometheusByteLayout() throws IOException {
    byte[] data = {0, 2, 9, 8, 7};
    long ref;
    try (HeadChunkFiles f = HeadChunkFiles.open(FileOps.defaults(), dir)) {
      ref = f.write(0x0102030405060708L, 1000, 2000, (byte) 1, data, data.length);
    }
    byte[] file = Files.readAllBytes(dir.resolve("000001"));
    ByteBuffer expected = ByteBuffer.allocate(8 + 8 + 8 + 8 + 1 + 1 + data.length + 4);
    expected.putInt(0x0130BC91).put((byte) 1).put(new byte[3]);
    expected.putLong(0x0102030405060708L).putLong(1000).putLong(2000).put((byte) 1);
    expected.put((byte) data.length).put(data);
    CRC32C crc = new CRC32C();
    crc.update(expected.array(), 8, expected.position() - 8);
    expected.putInt((int) crc.getValue());
    assertThat(file).isEqualTo(expected.array());
    assertThat(ref).as("file 1, offset 8").isEqualTo((1L << 32) | 8);
  }

  @Test
  void write_thenReadAndReopen_returnsEveryChunk() throws IOException {
    List<Written> written;
    try (HeadChunkFiles f = HeadChunkFiles.open(FileOps.defaults(), dir, 8192)) {
      written = writeChunks(f, 300, 1);
      // Most chunks went through flushed and remapped buffers; the newest are still buffered.
      for (Written w : written) {
        assertThat(f.chunkBytes(w.ref())).isEqualTo(w.data());
      }
    }
    try (HeadChunkFiles f = HeadChunkFiles.open(FileOps.defaults(), dir)) {
      assertSameChunks(readAll(f), written);
      List<Written> more = writeChunks(f, 3, 2);
      assertThat(HeadChunkFiles.fileNumber(more.getFirst().ref()))
          .as("a restart continues in a new file")
          .isEqualTo(2);
    }
    try (HeadChunkFiles f = HeadChunkFiles.openReadOnly(FileOps.defaults(), dir)) {
      assertThat(f.fileNumbers()).containsExactly(1, 2);
      assertThat(readAll(f)).hasSize(303);
    }
  }

  @Test
  void forEachChunk_zeroFilledTail_endsData() throws IOException {
    List<Written> written;
    try (HeadChunkFiles f = HeadChunkFiles.open(FileOps.defaults(), dir)) {
      written = writeChunks(f, 5, 3);
    }
    try (RandomAccessFile raf = new RandomAccessFile(dir.resolve("000001").toFile(), "rw")) {
      raf.setLength(raf.length() + 128 * 1024); // preallocated like Prometheus' files
    }
    try (HeadChunkFiles f = HeadChunkFiles.open(FileOps.defaults(), dir)) {
      assertSameChunks(readAll(f), written);
    }
  }

  @Test
  void forEachChunk_flippedByte_reportsCorruptFile() throws IOException {
    List<Written> written;
    try (HeadChunkFiles f = HeadChunkFiles.open(FileOps.defaults(), dir)) {
      written = writeChunks(f, 10, 4);
    }
    long victim = HeadChunkFiles.offset(written.get(6).ref()) + 30;
    try (RandomAccessFile raf = new RandomAccessFile(dir.resolve("000001").toFile(), "rw")) {
      raf.seek(victim);
      int b = raf.read();
      raf.seek(victim);
      raf.write(b ^ 0x10);
    }
    try (HeadChunkFiles f = HeadChunkFiles.open(FileOps.defaults(), dir)) {
      List<Written> seen = new ArrayList<>();
      assertThatThrownBy(
              () ->
                  f.forEachChunk(
                      Integer.MAX_VALUE,
                      (s, ref, mint, maxt, n) ->
                          seen.add(new Written(s, ref, mint, maxt, n, f.chunkBytes(ref)))))
          .isInstanceOfSatisfying(
              HeadChunkFiles.CorruptFileException.class,
              e -> assertThat(e.fileNumber()).isEqualTo(1))
          .hasMessageContaining("checksum mismatch");
      assertSameChunks(seen, written.subList(0, 6));
      f.deleteFrom(1);
      assertThat(f.fileNumbers()).isEmpty();
      assertThat(Files.exists(dir.resolve("000001"))).isFalse();
    }
  }

  @Test
  void forEachChunk_tornLastChunk_reportsCorruptFile() throws IOException {
    List<Written> written;
    try (HeadChunkFiles f = HeadChunkFiles.open(FileOps.defaults(), dir)) {
      written = writeChunks(f, 4, 5);
    }
    try (HeadChunkFiles f = HeadChunkFiles.open(FileOps.defaults(), dir)) {
      readAll(f);
      writeChunks(f, 2, 6); // file 2
    }
    Path second = dir.resolve("000002");
    try (RandomAccessFile raf = new RandomAccessFile(second.toFile(), "rw")) {
      raf.setLength(raf.length() - 7);
    }
    try (HeadChunkFiles f = HeadChunkFiles.open(FileOps.defaults(), dir)) {
      assertThatThrownBy(() -> readAll(f))
          .isInstanceOfSatisfying(
              HeadChunkFiles.CorruptFileException.class,
              e -> assertThat(e.fileNumber()).isEqualTo(2));
      f.deleteFrom(2);
      assertSameChunks(readAll(f), written);
      assertThat(Files.exists(second)).isFalse();
    }
  }

  @Test
  void truncateBefore_deletesOnlyFilesWhollyBelowMint() throws IOException {
    try (HeadChunkFiles f = HeadChunkFiles.open(FileOps.defaults(), dir)) {
      // As small as a one-sample XOR chunk; shorter chunks could not end a file (see forEachChunk).
      byte[] data = new byte[11];
      data[1] = 1;
      f.write(1, 0, 100, (byte) 1, data, data.length);
      f.write(2, 50, 150, (byte) 1, data, data.length);
      assertThat(f.truncateBefore(120)).isZero();
      assertThat(f.fileNumbers())
          .as("the written file is finished, not deleted")
          .containsExactly(1);
      f.write(1, 200, 300, (byte) 1, data, data.length);
      assertThat(f.fileNumbers()).containsExactly(1, 2);
      assertThat(f.truncateBefore(151)).isEqualTo(1);
      assertThat(f.fileNumbers()).containsExactly(2);
      assertThat(Files.exists(dir.resolve("000001"))).isFalse();
      f.write(1, 400, 500, (byte) 1, data, data.length);
      assertThat(f.truncateBefore(301)).isEqualTo(1);
      assertThat(f.fileNumbers()).containsExactly(3);
      f.write(1, 600, 700, (byte) 1, data, data.length);
      assertThat(f.truncateBefore(1000)).as("never the file being written").isEqualTo(1);
      assertThat(f.fileNumbers()).containsExactly(4);
    }
    try (HeadChunkFiles f = HeadChunkFiles.open(FileOps.defaults(), dir)) {
      List<Long> maxts = new ArrayList<>();
      f.forEachChunk(Integer.MAX_VALUE, (s, ref, mint, maxt, n) -> maxts.add(maxt));
      assertThat(maxts).containsExactly(700L);
      assertThat(f.truncateBefore(1000)).as("loaded files know their newest time").isEqualTo(1);
    }
  }

  @Test
  void write_diskFull_failsTheChunkButKeepsEveryEarlierOne() throws IOException {
    FaultyFileOps faulty = new FaultyFileOps();
    List<Written> written = new ArrayList<>();
    try (HeadChunkFiles f = HeadChunkFiles.open(faulty, dir, 4096)) {
      written.addAll(writeChunks(f, 20, 7));
      faulty.failWritesAfterBytes(faulty.bytesWritten() + 100);
      Random rnd = new Random(8);
      int failures = 0;
      for (int i = 0; i < 40; i++) {
        XorChunk c = chunk(rnd, 100_000_000L + i * 1_000_000L, 60);
        try {
          long mint = 100_000_000L + i * 1_000_000L;
          long maxt = lastTime(c);
          long ref = f.write(9, mint, maxt, (byte) 1, c.bytes(), c.byteLength());
          byte[] data = Arrays.copyOf(c.bytes(), c.byteLength());
          written.add(new Written(9, ref, mint, maxt, c.numSamples(), data));
        } catch (IOException e) {
          assertThat(e).hasMessageContaining("No space left on device");
          failures++;
        }
      }
      assertThat(failures).isPositive();
      for (Written w : written) {
        assertThat(f.chunkBytes(w.ref())).isEqualTo(w.data());
      }
      faulty.clearFaults();
      written.addAll(writeChunks(f, 5, 9));
    }
    try (HeadChunkFiles f = HeadChunkFiles.open(FileOps.defaults(), dir)) {
      List<Written> read = readAll(f);
      assertThat(read).hasSameSizeAs(written);
      for (int i = 0; i < read.size(); i++) {
        assertThat(read.get(i).ref()).isEqualTo(written.get(i).ref());
        assertThat(read.get(i).data()).isEqualTo(written.get(i).data());
      }
    }
  }

  @Test
  void open_lastFileWithoutHeader_isDeleted() throws IOException {
    try (HeadChunkFiles f = HeadChunkFiles.open(FileOps.defaults(), dir)) {
      writeChunks(f, 2, 10);
    }
    Files.write(dir.resolve("000002"), new byte[] {1, 48});
    try (HeadChunkFiles f = HeadChunkFiles.open(FileOps.defaults(), dir)) {
      assertThat(f.fileNumbers()).containsExactly(1);
      assertThat(readAll(f)).hasSize(2);
    }
  }
}
