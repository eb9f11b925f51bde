package io.argus.tsdb.chunks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import io.argus.storage.chunkenc.Chunk;
import io.argus.storage.chunkenc.ChunkAppender;
import io.argus.storage.chunkenc.Encoding;
import io.argus.storage.chunkenc.XorChunk;
import io.argus.testkit.SharedTestData;
import io.argus.tsdb.encoding.CorruptionException;
import io.argus.tsdb.encoding.EncBuf;
import io.argus.tsdb.fs.FaultyFileOps;
import io.argus.tsdb.fs.FileOps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockChunkFilesTest {
  private static final long T0 = 1700000000000L;
  private static final FileOps FS = FileOps.defaults();

  @TempDir Path blockDir;

  record Sample(long t, double v) {}

  private static XorChunk encode(List<Sample> samples) {
    XorChunk c = new XorChunk();
    ChunkAppender app = c.appender();
    for (Sample s : samples) {
      app.append(s.t(), s.v());
    }
    return c;
  }

  private static List<Sample> decode(Chunk c) {
    List<Sample> out = new ArrayList<>();
    SampleIterator it = c.iterator(null);
    while (it.next() == ValueType.FLOAT) {
      out.add(new Sample(it.atT(), it.atFloat()));
    }
    return out;
  }

  private static List<Sample> randomSeries(Random rnd) {
    int n = 1 + rnd.nextInt(120);
    List<Sample> out = new ArrayList<>(n);
    long t = T0 + rnd.nextInt(1_000_000);
    double v = rnd.nextInt(1000);
    for (int i = 0; i < n; i++) {
      t += 15_000 + rnd.nextInt(200) - 100;
      v += rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble() * 10;
      out.add(new Sample(t, v));
    }
    return out;
  }

  /** The three series of the shared sample block, in chunk order (see promtool-dump.txt). */
  private static final List<List<Sample>> SAMPLE_BLOCK_SERIES =
      List.of(
          List.of(
              new Sample(T0, 10),
              new Sample(T0 + 15000, 25),
              new Sample(T0 + 30000, 40),
              new Sample(T0 + 46000, 41),
              new Sample(T0 + 76000, 60),
              new Sample(T0 + 106000, 60),
              new Sample(T0 + 136000, 61)),
          List.of(new Sample(T0, 1), new Sample(T0 + 15000, 1), new Sample(T0 + 30000, 2)),
          List.of(
              new Sample(T0, 21.5), new Sample(T0 + 15000, 21.75), new Sample(T0 + 30000, 21.25)));

  private static Path sampleBlock() {
    return SharedTestData.sampleBlock();
  }

  @Test
  void write_roundTripsAcrossSeveralSegments() throws IOException {
    Random rnd = new Random(42);
    List<List<Sample>> series = new ArrayList<>();
    List<Long> refs = new ArrayList<>();
    FaultyFileOps ops = new FaultyFileOps();
    long segmentSize = 4096;
    try (ChunkWriter w = new ChunkWriter(ops, blockDir, segmentSize)) {
      for (int i = 0; i < 300; i++) {
        List<Sample> s = randomSeries(rnd);
        series.add(s);
        refs.add(w.write(encode(s)));
      }
    }
    Path chunksDir = blockDir.resolve("chunks");
    List<String> files = FS.list(chunksDir);
    assertThat(files.size()).isGreaterThan(5);
    assertThat(files.getFirst()).isEqualTo("000001");
    long total = 0;
    for (String f : files) {
      long size = Files.size(chunksDir.resolve(f));
      assertThat(size).as(f).isLessThanOrEqualTo(segmentSize);
      total += size;
    }
    assertThat(ops.syncedFiles()).hasSize(files.size()).doesNotHaveDuplicates();
    assertThat(ops.syncedDirectories()).containsExactly(chunksDir);
    assertThat(refs).isSorted();
    assertThat(refs.getLast() >>> 32).isEqualTo(files.size() - 1);

    try (BlockChunkReader r = BlockChunkReader.open(FS, chunksDir)) {
      assertThat(r.size()).isEqualTo(total);
      for (int i = 0; i < refs.size(); i++) {
        Chunk c = r.chunk(refs.get(i));
        assertThat(c.encoding()).isEqualTo(Encoding.XOR);
        assertThat(decode(c)).as("chunk %d", i).isEqualTo(series.get(i));
      }
    }
  }

  @Test
  void write_chunkLargerThanSegmentGetsItsOwnFile() throws IOException {
    List<Sample> big = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      big.add(new Sample(T0 + 15_000L * i, Math.sqrt(i)));
    }
    List<Sample> small = List.of(new Sample(T0, 1));
    long[] refs = new long[3];
    try (ChunkWriter w = new ChunkWriter(FS, blockDir, 100)) {
      refs[0] = w.write(encode(small));
      refs[1] = w.write(encode(big));
      refs[2] = w.write(encode(small));
      assertThat(w.segmentCount()).isEqualTo(3);
    }
    assertThat(refs).containsExactly(8, (1L << 32) | 8, (2L << 32) | 8);
    try (BlockChunkReader r = BlockChunkReader.open(FS, blockDir.resolve("chunks"))) {
      assertThat(decode(r.chunk(refs[1]))).isEqualTo(big);
      assertThat(decode(r.chunk(refs[2]))).isEqualTo(small);
    }
  }

  @Test
  void chunk_detectsFlippedByte() throws IOException {
    long ref;
    try (ChunkWriter w = new ChunkWriter(FS, blockDir, 1 << 20)) {
      w.write(encode(List.of(new Sample(T0, 1), new Sample(T0 + 1, 2))));
      ref = w.write(encode(List.of(new Sample(T0, 3), new Sample(T0 + 1, 4))));
    }
    Path file = blockDir.resolve("chunks/000001");
    byte[] bytes = Files.readAllBytes(file);
    bytes[(int) ref + 6] ^= 0x10;
    Files.write(file, bytes);
    try (BlockChunkReader r = BlockChunkReader.open(FS, blockDir.resolve("chunks"))) {
      assertThat(decode(r.chunk(8))).hasSize(2);
      assertThatThrownBy(() -> r.chunk(ref))
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining("000001")
          .hasMessageContaining("offset " + ref)
          .hasMessageContaining("checksum mismatch");
    }
  }

  @Test
  void chunk_rejectsBadReferences() throws IOException {
    try (ChunkWriter w = new ChunkWriter(FS, blockDir)) {
      w.write(encode(List.of(new Sample(T0, 1))));
    }
    long fileSize = Files.size(blockDir.resolve("chunks/000001"));
    try (BlockChunkReader r = BlockChunkReader.open(FS, blockDir.resolve("chunks"))) {
      assertThatThrownBy(() -> r.chunk(1L << 32))
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining("segment index 1 out of range");
      assertThatThrownBy(() -> r.chunk(3))
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining("offset 3");
      assertThatThrownBy(() -> r.chunk(fileSize))
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining("offset " + fileSize);
      assertThatThrownBy(() -> r.chunk(9))
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining("offset 9");
    }
  }

  @Test
  void open_rejectsBadMagicAndVersion() throws IOException {
    try (ChunkWriter w = new ChunkWriter(FS, blockDir)) {
      w.write(encode(List.of(new Sample(T0, 1))));
    }
    Path file = blockDir.resolve("chunks/000001");
    byte[] good = Files.readAllBytes(file);
    byte[] badMagic = good.clone();
    badMagic[0] = 0x11;
    Files.write(file, badMagic);
    assertThatThrownBy(() -> BlockChunkReader.open(FS, blockDir.resolve("chunks")))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("invalid magic number 11bd40dd");
    byte[] badVersion = good.clone();
    badVersion[4] = 2;
    Files.write(file, badVersion);
    assertThatThrownBy(() -> BlockChunkReader.open(FS, blockDir.resolve("chunks")))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("invalid chunk format version 2");
  }

  @Test
  void chunk_unsupportedEncodingIsReported() throws IOException {
    Path chunksDir = blockDir.resolve("chunks");
    Files.createDirectories(chunksDir);
    EncBuf b = new EncBuf();
    b.putBe32(ChunkWriter.MAGIC).putByte(1).putByte(0).putByte(0).putByte(0);
    b.putUvarint(3);
    int encodingAt = b.len();
    b.putByte(Encoding.HISTOGRAM.code()).putByte(0).putByte(0).putByte(0x40);
    b.putCrc32c(encodingAt);
    Files.write(chunksDir.resolve("000001"), b.toByteArray());
    Files.writeString(chunksDir.resolve("README"), "not a segment");
    try (BlockChunkReader r = BlockChunkReader.open(FS, chunksDir)) {
      assertThatThrownBy(() -> r.chunk(8))
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining("unsupported chunk encoding: histogram");
    }
  }

  @Test
  void open_missingDirectoryHasNoChunks() throws IOException {
    try (BlockChunkReader r = BlockChunkReader.open(FS, blockDir.resolve("chunks"))) {
      assertThat(r.size()).isZero();
      assertThatThrownBy(() -> r.chunk(8)).isInstanceOf(CorruptionException.class);
    }
  }

  @Test
  void close_unmapsAndIsIdempotent() throws IOException {
    try (ChunkWriter w = new ChunkWriter(FS, blockDir)) {
      w.write(encode(List.of(new Sample(T0, 1))));
    }
    BlockChunkReader r = BlockChunkReader.open(FS, blockDir.resolve("chunks"));
    Chunk c = r.chunk(8);
    r.close();
    r.close();
    assertThat(decode(c)).containsExactly(new Sample(T0, 1));
    assertThatThrownBy(() -> r.chunk(8)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void write_afterCloseFails() throws IOException {
    ChunkWriter w = new ChunkWriter(FS, blockDir);
    w.close();
    assertThatThrownBy(() -> w.write(new XorChunk())).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new ChunkWriter(FS, blockDir, 8))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void chunk_readsSampleBlock() throws IOException {
    Path block = sampleBlock();
    try (BlockChunkReader r = BlockChunkReader.open(FS, block.resolve("chunks"))) {
      assertThat(r.size()).isEqualTo(103);
      long[] refs = {8, 47, 75};
      for (int i = 0; i < refs.length; i++) {
        assertThat(decode(r.chunk(refs[i]))).isEqualTo(SAMPLE_BLOCK_SERIES.get(i));
      }
    }
  }

  @Test
  void write_sampleBlockChunksByteIdentical() throws IOException {
    Path block = sampleBlock();
    long[] refs = new long[3];
    try (ChunkWriter w = new ChunkWriter(FS, blockDir)) {
      for (int i = 0; i < 3; i++) {
        refs[i] = w.write(encode(SAMPLE_BLOCK_SERIES.get(i)));
      }
    }
    assertThat(refs).containsExactly(8, 47, 75);
    assertThat(FS.list(blockDir.resolve("chunks"))).containsExactly("000001");
    assertThat(Files.readAllBytes(blockDir.resolve("chunks/000001")))
        .isEqualTo(Files.readAllBytes(block.resolve("chunks/000001")));
  }

  @Test
  void chunk_bytesMatchWhatWasWritten() throws IOException {
    XorChunk original = encode(List.of(new Sample(T0, 0.5), new Sample(T0 + 30_000, -0.0)));
    long ref;
    try (ChunkWriter w = new ChunkWriter(FS, blockDir)) {
      ref = w.write(original);
    }
    try (BlockChunkReader r = BlockChunkReader.open(FS, blockDir.resolve("chunks"))) {
      Chunk c = r.chunk(ref);
      assertThat(Arrays.copyOf(c.bytes(), c.byteLength()))
          .isEqualTo(Arrays.copyOf(original.bytes(), original.byteLength()));
    }
  }
}
