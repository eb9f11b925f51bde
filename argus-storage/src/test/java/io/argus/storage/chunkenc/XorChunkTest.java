package io.argus.storage.chunkenc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.argus.storage.SampleIterator;
import io.argus.storage.StorageException;
import io.argus.storage.ValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class XorChunkTest {
  static final long STALE_NAN = 0x7ff0000000000002L;
  static final long T0 = 1700000000000L;

  record Sample(long t, long bits) {
    static Sample of(long t, double v) {
      return new Sample(t, Double.doubleToRawLongBits(v));
    }
  }

  static XorChunk encode(List<Sample> samples) {
    XorChunk c = new XorChunk();
    ChunkAppender app = c.appender();
    for (Sample s : samples) {
      app.append(s.t(), Double.longBitsToDouble(s.bits()));
    }
    return c;
  }

  static List<Sample> decode(Chunk c) {
    List<Sample> out = new ArrayList<>();
    SampleIterator it = c.iterator(null);
    while (it.next() == ValueType.FLOAT) {
      out.add(new Sample(it.atT(), Double.doubleToRawLongBits(it.atFloat())));
    }
    return out;
  }

  static byte[] encodedBytes(Chunk c) {
    return Arrays.copyOf(c.bytes(), c.byteLength());
  }

  static List<Sample> series(double... values) {
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      out.add(Sample.of(T0 + 15_000L * i, values[i]));
    }
    return out;
  }

  /** The three series of the shared sample block, in chunk order (see promtool-dump.txt). */
  static final List<List<Sample>> SAMPLE_BLOCK_SERIES =
      List.of(
          List.of(
              Sample.of(T0, 10),
              Sample.of(T0 + 15000, 25),
              Sample.of(T0 + 30000, 40),
              Sample.of(T0 + 46000, 41),
              Sample.of(T0 + 76000, 60),
              Sample.of(T0 + 106000, 60),
              Sample.of(T0 + 136000, 61)),
          series(1, 1, 2),
          series(21.5, 21.75, 21.25));

  /** Offsets and lengths of the three chunks' data in the sample block's chunks/000001. */
  static final int[][] SAMPLE_BLOCK_DATA = {{0x0a, 33}, {0x31, 22}, {0x4d, 22}};

  static byte[] sampleSegmentFile() throws IOException {
    String shared = System.getProperty("argus.shared.dir");
    assumeTrue(shared != null, "system property argus.shared.dir not set; skipping golden test");
    Path file =
        Path.of(shared, "testdata/prom-block-sample/01M8CZ7T5ZJ407XXGJFF1RGFF5/chunks/000001");
    assumeTrue(Files.exists(file), "sample block absent at " + file + "; skipping golden test");
    return Files.readAllBytes(file);
  }

  @Test
  void append_streamEndingOnWholeByteWrite_keepsPrometheusTrailingZeroByte() {
    XorChunk c = new XorChunk();
    c.appender().append(1_700_000_000_000L, 10.0);

    // count (2) + varint t0 (6) + raw v0 (8) + the empty byte Prometheus' bit stream leaves behind.
    assertThat(c.byteLength()).isEqualTo(17);
    assertThat(c.bytes()[16]).isZero();

    c.appender().append(1_700_000_015_000L, 10.0);
    // The next write fills that byte: uvarint delta 15000 (2 bytes) plus one "unchanged" bit.
    assertThat(c.byteLength()).isEqualTo(19);

    XorChunk one = new XorChunk();
    one.appender().append(5, 1.0);
    XorChunk reopened = XorChunk.wrap(one.bytes(), 0, one.byteLength());
    reopened.appender().append(6, 1.0);
    XorChunk direct = new XorChunk();
    ChunkAppender a = direct.appender();
    a.append(5, 1.0);
    a.append(6, 1.0);
    assertThat(Arrays.copyOf(reopened.bytes(), reopened.byteLength()))
        .isEqualTo(Arrays.copyOf(direct.bytes(), direct.byteLength()));
  }

  @Test
  void appender_encodesSampleBlockChunksByteForByte() throws IOException {
    byte[] file = sampleSegmentFile();
    for (int i = 0; i < 3; i++) {
      int off = SAMPLE_BLOCK_DATA[i][0];
      int len = SAMPLE_BLOCK_DATA[i][1];
      XorChunk c = encode(SAMPLE_BLOCK_SERIES.get(i));
      assertThat(c.byteLength()).as("chunk %d length", i).isEqualTo(len);
      assertThat(encodedBytes(c))
          .as("chunk %d bytes", i)
          .isEqualTo(Arrays.copyOfRange(file, off, off + len));
    }
  }

  @Test
  void iterator_decodesSampleBlockChunks() throws IOException {
    byte[] file = sampleSegmentFile();
    for (int i = 0; i < 3; i++) {
      Chunk c =
          Chunks.fromBytes(Encoding.XOR, file, SAMPLE_BLOCK_DATA[i][0], SAMPLE_BLOCK_DATA[i][1]);
      assertThat(c.numSamples()).isEqualTo(SAMPLE_BLOCK_SERIES.get(i).size());
      assertThat(decode(c)).isEqualTo(SAMPLE_BLOCK_SERIES.get(i));
    }
  }

  @Test
  void appender_dodBucketBoundariesRoundTrip() {
    // Every bucket edge, then two unchanged deltas after the 64-bit extremes.
    long[] edges = XorChunkPropertiesTest.DOD_BOUNDARIES;
    long[] dods = Arrays.copyOf(edges, edges.length + 2);
    List<Sample> samples = new ArrayList<>();
    long t = T0;
    long delta = 15_000;
    samples.add(Sample.of(t, 1));
    t += delta;
    samples.add(Sample.of(t, 2));
    for (long dod : dods) {
      delta += dod;
      t += delta;
      samples.add(Sample.of(t, samples.size()));
    }
    assertThat(decode(encode(samples))).isEqualTo(samples);
  }

  @Test
  void appender_usesSmallestDodBucket() {
    // t0, t1 (delta 15000), then one dod: header 2 + varint 6 + value 8 + uvarint 2 bytes = 18
    // bytes, followed by the dod prefix+payload and a 1-bit unchanged value.
    long[][] dodAndBits = {
      {0, 1},
      {8192, 16},
      {-8191, 16},
      {8193, 20},
      {-8192, 20},
      {65536, 20},
      {-65535, 20},
      {65537, 24},
      {524288, 24},
      {-524287, 24},
      {524289, 68},
      {-524288, 68}
    };
    for (long[] db : dodAndBits) {
      List<Sample> s =
          List.of(Sample.of(T0, 1), Sample.of(T0 + 15000, 1), Sample.of(T0 + 30000 + db[0], 1));
      XorChunk c = encode(s);
      int streamBits = 1 + (int) db[1] + 1;
      assertThat(c.byteLength()).as("dod %d", db[0]).isEqualTo(18 + (streamBits + 7) / 8);
      assertThat(decode(c)).isEqualTo(s);
    }
  }

  @Test
  void appender_preservesSpecialValues() {
    double[] values = {
      Double.longBitsToDouble(STALE_NAN),
      Double.NaN,
      Double.longBitsToDouble(0x7ff8000000000001L),
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      -0.0,
      0.0,
      -0.0,
      Double.MIN_VALUE,
      Double.MAX_VALUE,
      5,
      5,
      5,
      Double.longBitsToDouble(STALE_NAN),
      1e-300,
      -1e300
    };
    List<Sample> samples = series(values);
    List<Sample> decoded = decode(encode(samples));
    assertThat(decoded).isEqualTo(samples);
    assertThat(decoded.get(0).bits()).isEqualTo(STALE_NAN);
  }

  @Test
  void appender_reopenedWrappedChunkContinuesIdentically() {
    List<Sample> all = series(1, 2, 2, 3.5, 100, 100.25, -7, 8, 9, 10);
    byte[] whole = encodedBytes(encode(all));
    for (int k = 2; k < all.size(); k++) {
      byte[] prefix = encodedBytes(encode(all.subList(0, k)));
      byte[] source = new byte[prefix.length + 3];
      System.arraycopy(prefix, 0, source, 3, prefix.length);
      byte[] before = source.clone();
      XorChunk c = XorChunk.wrap(source, 3, prefix.length);
      ChunkAppender app = c.appender();
      for (Sample s : all.subList(k, all.size())) {
        app.append(s.t(), Double.longBitsToDouble(s.bits()));
      }
      assertThat(encodedBytes(c)).as("reopened after %d samples", k).isEqualTo(whole);
      assertThat(source).isEqualTo(before);
    }
  }

  @Test
  void appender_reopenedGrowableChunkContinues() {
    List<Sample> all = series(3, 1, 4, 1, 5, 9, 2, 6);
    XorChunk c = encode(all.subList(0, 5));
    ChunkAppender app = c.appender();
    for (Sample s : all.subList(5, all.size())) {
      app.append(s.t(), Double.longBitsToDouble(s.bits()));
    }
    assertThat(encodedBytes(c)).isEqualTo(encodedBytes(encode(all)));
  }

  @Test
  void appender_reopenedBeforeAnyWindowWritesReuseMarkerLikePrometheus() {
    XorChunk c = XorChunk.fromBytes(encodedBytes(encode(series(7, 7))));
    c.appender().append(T0 + 30000, 8);
    byte[] b = encodedBytes(c);
    // header 2 + t0 6 + v0 8 + tDelta 2 bytes, then bits: v1 "0", dod "0", v2 "10" + 64 bits.
    assertThat(b[18] & 0xF0).isEqualTo(0b0010_0000);
    assertThat(b).hasSize(18 + (1 + 1 + 2 + 64 + 7) / 8);
    assertThat(decode(c)).isEqualTo(series(7, 7, 8));
  }

  @Test
  void appender_reopenedEmptyChunkStartsFresh() {
    XorChunk c = XorChunk.fromBytes(encodedBytes(new XorChunk()));
    ChunkAppender app = c.appender();
    for (Sample s : series(1, 2, 3)) {
      app.append(s.t(), Double.longBitsToDouble(s.bits()));
    }
    assertThat(encodedBytes(c)).isEqualTo(encodedBytes(encode(series(1, 2, 3))));
  }

  @Test
  void newChunk_isEmptyWithTwoByteHeader() {
    XorChunk c = new XorChunk();
    assertThat(c.byteLength()).isEqualTo(2);
    assertThat(c.numSamples()).isZero();
    assertThat(c.encoding()).isEqualTo(Encoding.XOR);
    assertThat(c.iterator(null).next()).isEqualTo(ValueType.NONE);
  }

  @Test
  void byteLength_tracksAppends() {
    XorChunk c = new XorChunk();
    ChunkAppender app = c.appender();
    int previous = c.byteLength();
    for (int i = 0; i < 200; i++) {
      app.append(T0 + 15_000L * i, i * 1.5);
      assertThat(c.byteLength()).isGreaterThanOrEqualTo(previous);
      previous = c.byteLength();
    }
    assertThat(c.numSamples()).isEqualTo(200);
    assertThat(c.byteLength()).isEqualTo(encodedBytes(c).length).isLessThan(c.bytes().length + 1);
  }

  @Test
  void append_beyondMaxSamplesFails() {
    XorChunk c = new XorChunk();
    ChunkAppender app = c.appender();
    for (int i = 0; i < XorChunk.MAX_SAMPLES; i++) {
      app.append(i, 0);
    }
    assertThat(c.numSamples()).isEqualTo(65535);
    assertThatThrownBy(() -> app.append(70000, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("full");
  }

  @Test
  void iterator_reuseRestartsAndSwitchesChunks() {
    XorChunk a = encode(series(1, 2, 3));
    XorChunk b = encode(series(9, 8));
    SampleIterator it = a.iterator(null);
    assertThat(it.next()).isEqualTo(ValueType.FLOAT);
    assertThat(it.next()).isEqualTo(ValueType.FLOAT);
    assertThat(a.iterator(it)).isSameAs(it);
    assertThat(it.next()).isEqualTo(ValueType.FLOAT);
    assertThat(it.atFloat()).isEqualTo(1);
    assertThat(b.iterator(it)).isSameAs(it);
    assertThat(it.next()).isEqualTo(ValueType.FLOAT);
    assertThat(it.atFloat()).isEqualTo(9);
    assertThat(it.next()).isEqualTo(ValueType.FLOAT);
    assertThat(it.next()).isEqualTo(ValueType.NONE);
    assertThat(a.iterator(SampleIterator.EMPTY)).isNotSameAs(SampleIterator.EMPTY);
  }

  @Test
  void seek_followsIteratorContract() {
    XorChunk c = encode(series(0, 1, 2, 3, 4));
    SampleIterator it = c.iterator(null);
    assertThat(it.seek(T0 - 5)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(T0);
    assertThat(it.seek(T0)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(T0);
    assertThat(it.seek(T0 + 20_000)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(T0 + 30_000);
    assertThat(it.atFloat()).isEqualTo(2);
    assertThat(it.seek(T0 + 15_000)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atT()).isEqualTo(T0 + 30_000);
    assertThat(it.seek(T0 + 60_000)).isEqualTo(ValueType.FLOAT);
    assertThat(it.atFloat()).isEqualTo(4);
    assertThat(it.seek(T0 + 60_001)).isEqualTo(ValueType.NONE);
    assertThat(it.seek(T0)).isEqualTo(ValueType.NONE);
    assertThat(it.next()).isEqualTo(ValueType.NONE);
  }

  @Test
  void iterator_seesOnlySamplesPresentWhenCreated() {
    XorChunk c = new XorChunk();
    ChunkAppender app = c.appender();
    app.append(T0, 1);
    app.append(T0 + 1000, 2);
    SampleIterator it = c.iterator(null);
    for (int i = 2; i < 100; i++) {
      app.append(T0 + 1000L * i, i);
    }
    assertThat(it.next()).isEqualTo(ValueType.FLOAT);
    assertThat(it.next()).isEqualTo(ValueType.FLOAT);
    assertThat(it.atFloat()).isEqualTo(2);
    assertThat(it.next()).isEqualTo(ValueType.NONE);
  }

  @Test
  void bytes_ofWrappedChunkAtOffsetIsZeroBased() {
    byte[] enc = encodedBytes(encode(series(1, 2)));
    byte[] src = new byte[enc.length + 5];
    System.arraycopy(enc, 0, src, 5, enc.length);
    XorChunk c = XorChunk.wrap(src, 5, enc.length);
    assertThat(Arrays.copyOf(c.bytes(), c.byteLength())).isEqualTo(enc);
    assertThat(XorChunk.fromBytes(enc).bytes()).isSameAs(enc);
  }

  @Test
  void iterator_truncatedChunkThrows() {
    byte[] enc = encodedBytes(encode(series(1, 2, 3, 4)));
    Chunk c = XorChunk.wrap(enc, 0, enc.length - 3);
    SampleIterator it = c.iterator(null);
    assertThatThrownBy(
            () -> {
              while (it.next() != ValueType.NONE) {
                // drain
              }
            })
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("unexpected end");
  }

  @Test
  void fromBytes_rejectsUnsupportedEncodings() {
    byte[] data = {0, 0};
    assertThatThrownBy(() -> Chunks.fromBytes(Encoding.HISTOGRAM, data, 0, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unsupported chunk encoding: histogram");
    assertThatThrownBy(() -> Chunks.fromBytes(Encoding.FLOAT_HISTOGRAM, data, 0, 2))
        .hasMessage("unsupported chunk encoding: floathistogram");
    assertThatThrownBy(() -> XorChunk.wrap(data, 1, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
