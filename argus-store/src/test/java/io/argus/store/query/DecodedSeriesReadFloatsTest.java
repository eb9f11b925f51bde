package io.argus.store.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.storage.ChunkMeta;
import io.argus.storage.FloatSamples;
import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import io.argus.storage.chunkenc.ChunkAppender;
import io.argus.storage.chunkenc.XorChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * Bulk reads of a decoded store series (chunks that repeat their predecessor's last samples,
 * overlapping chunks, a trimmed range) give the samples single steps give.
 */
class DecodedSeriesReadFloatsTest {
  private static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

  @Property(tries = 300)
  void readFloats_mixedWithNext_equalsNext(@ForAll long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<ChunkMeta> chunks = new ArrayList<>();
    long t = rnd.nextLong(1_000);
    int chunkCount = 1 + rnd.nextInt(6);
    for (int c = 0; c < chunkCount; c++) {
      if (c > 0 && rnd.nextInt(3) == 0) {
        // Start the chunk a few samples back: a repeat (or overlap) of its predecessor.
        t -= rnd.nextLong(1, 40_000);
      }
      XorChunk chunk = new XorChunk();
      ChunkAppender app = chunk.appender();
      long min = t;
      long last = t;
      int n = 1 + rnd.nextInt(150);
      for (int i = 0; i < n; i++) {
        app.append(t, rnd.nextInt(20) == 0 ? STALE_NAN : rnd.nextDouble() * 100);
        last = t;
        t += 1 + rnd.nextLong(30_000);
      }
      chunks.add(new ChunkMeta(0, min, last, chunk));
      t += rnd.nextLong(60_000);
    }
    long mint = rnd.nextBoolean() ? Long.MIN_VALUE : rnd.nextLong(t / 2 + 1);
    long maxt = rnd.nextBoolean() ? Long.MAX_VALUE : mint + rnd.nextLong(Math.max(1, t - mint));
    DecodedSeries series = new DecodedSeries(Labels.of("a", "b"), chunks, mint, maxt);

    List<String> stepped = new ArrayList<>();
    SampleIterator one = series.iterator(null);
    while (one.next() == ValueType.FLOAT) {
      stepped.add(one.atT() + "=" + Long.toHexString(Double.doubleToRawLongBits(one.atFloat())));
    }

    SampleIterator bulk = series.iterator(null);
    FloatSamples out = new FloatSamples(1);
    ValueType type = bulk.next();
    while (type == ValueType.FLOAT) {
      if (rnd.nextInt(4) == 0) {
        out.ensureRoom();
        out.times[out.size] = bulk.atT();
        out.values[out.size] = bulk.atFloat();
        out.size++;
        type = bulk.next();
      } else {
        type = bulk.readFloats(bulk.atT() + rnd.nextLong(200_000), out);
      }
    }
    List<String> read = new ArrayList<>();
    for (int i = 0; i < out.size; i++) {
      read.add(out.times[i] + "=" + Long.toHexString(Double.doubleToRawLongBits(out.values[i])));
    }
    assertThat(read).isEqualTo(stepped);
  }
}
