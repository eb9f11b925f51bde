package io.argus.storage.chunkenc;

import static io.argus.storage.chunkenc.XorChunkTest.decode;
import static io.argus.storage.chunkenc.XorChunkTest.encode;
import static io.argus.storage.chunkenc.XorChunkTest.encodedBytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.argus.storage.FloatSamples;
import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import io.argus.storage.chunkenc.XorChunkTest.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

class XorChunkPropertiesTest {
  /** Delta-of-delta values at and around every bucket edge of the XOR encoding. */
  static final long[] DOD_BOUNDARIES = {
    0,
    1,
    -1,
    8192,
    -8191,
    8193,
    -8192,
    65536,
    -65535,
    65537,
    -65536,
    524288,
    -524287,
    524289,
    -524288,
    1L << 40,
    -(1L << 40),
    Long.MAX_VALUE,
    Long.MIN_VALUE
  };

  /** One sample to append: its delta-of-delta, value bits, or a repeat of the previous value. */
  record Step(long dod, long valueBits, boolean repeat) {}

  record Series(long t0, long firstDelta, List<Step> steps) {
    List<Sample> samples() {
      List<Sample> out = new ArrayList<>();
      long t = t0;
      long delta = firstDelta;
      long bits = 0;
      for (int i = 0; i < steps.size(); i++) {
        Step s = steps.get(i);
        if (i == 1) {
          t += delta;
        } else if (i > 1) {
          delta += s.dod();
          t += delta;
        }
        if (!s.repeat() || i == 0) {
          bits = s.valueBits();
        }
        out.add(new Sample(t, bits));
      }
      return out;
    }
  }

  @Property(tries = 400)
  void iterator_decodesWhatAppenderEncoded(@ForAll("series") Series series) {
    List<Sample> samples = series.samples();
    assertThat(decode(encode(samples))).isEqualTo(samples);
  }

  @Property(tries = 200)
  void prefetch_changesNothing(@ForAll("series") Series series) {
    List<Sample> samples = series.samples();
    XorChunk c = new XorChunk();
    ChunkAppender app = c.appender();
    app.prefetch();
    for (Sample s : samples) {
      app.prefetch();
      app.append(s.t(), Double.longBitsToDouble(s.bits()));
      app.prefetch();
    }
    assertThat(encodedBytes(c)).isEqualTo(encodedBytes(encode(samples)));
    assertThat(decode(c)).isEqualTo(samples);
  }

  /** An encoder held in a subclass's fields, as the head's series hold their open chunks. */
  private static final class EmbeddedEncoder extends XorEncoder {
    byte[] encodeAll(List<Sample> samples) {
      startChunk();
      for (Sample s : samples) {
        prefetchEncoder();
        encode(s.t(), Double.longBitsToDouble(s.bits()));
      }
      assertThat(encodedSamples()).isEqualTo(samples.size());
      return Arrays.copyOf(encodedBytes(), encodedLength());
    }
  }

  @Property(tries = 200)
  void xorEncoder_restartedChunksEqualFreshOnes(
      @ForAll("series") Series first, @ForAll("series") Series second) {
    EmbeddedEncoder enc = new EmbeddedEncoder();
    assertThat(enc.hasChunk()).isFalse();
    List<Sample> a = first.samples();
    List<Sample> b = second.samples();
    assertThat(enc.encodeAll(a)).isEqualTo(encodedBytes(encode(a)));
    assertThat(enc.hasChunk()).isTrue();
    // The second chunk starts from the first one's leftover state: window, deltas, buffer.
    assertThat(enc.encodeAll(b)).isEqualTo(encodedBytes(encode(b)));
    enc.dropChunk();
    assertThat(enc.hasChunk()).isFalse();
    assertThat(enc.encodedSamples()).isZero();
    assertThat(enc.encodeAll(a)).isEqualTo(encodedBytes(encode(a)));
  }

  @Property(tries = 200)
  void appender_reopenedMidwayDecodesAllSamples(
      @ForAll("series") Series series, @ForAll @IntRange(min = 0, max = 200) int cutAt) {
    List<Sample> samples = series.samples();
    int k = Math.min(cutAt, samples.size());
    XorChunk reopened = XorChunk.fromBytes(encodedBytes(encode(samples.subList(0, k))));
    ChunkAppender app = reopened.appender();
    for (Sample s : samples.subList(k, samples.size())) {
      app.append(s.t(), Double.longBitsToDouble(s.bits()));
    }
    assertThat(decode(reopened)).isEqualTo(samples);
    if (k == 0 || hasValueChange(samples.subList(0, k))) {
      assertThat(encodedBytes(reopened)).isEqualTo(encodedBytes(encode(samples)));
    }
  }

  @Property(tries = 200)
  void seek_landsOnFirstSampleAtOrAfterTarget(
      @ForAll("increasing") List<Sample> samples, @ForAll long offset) {
    XorChunk c = encode(samples);
    SampleIterator it = c.iterator(null);
    long target = samples.get(0).t() + Math.floorMod(offset, 40_000L * samples.size()) - 10_000;
    Sample want = samples.stream().filter(s -> s.t() >= target).findFirst().orElse(null);
    ValueType got = it.seek(target);
    if (want == null) {
      assertThat(got).isEqualTo(ValueType.NONE);
    } else {
      assertThat(got).isEqualTo(ValueType.FLOAT);
      assertThat(new Sample(it.atT(), Double.doubleToRawLongBits(it.atFloat()))).isEqualTo(want);
      SampleIterator reused = c.iterator(it);
      assertThat(reused.next()).isEqualTo(ValueType.FLOAT);
      assertThat(reused.atT()).isEqualTo(samples.get(0).t());
    }
  }

  @Property(tries = 300)
  void readFloats_copiesTheSamplesNextWouldVisitUpToMaxT(
      @ForAll("increasing") List<Sample> samples,
      @ForAll @IntRange(min = 0, max = 130) int start,
      @ForAll @IntRange(min = 1, max = 8) int capacity,
      @ForAll long maxOffset) {
    XorChunk c = encode(samples);
    int from = Math.min(start, samples.size() - 1);
    long maxT = samples.get(from).t() + Math.floorMod(maxOffset, 40_000L * samples.size());
    SampleIterator it = c.iterator(null);
    assertThat(it.seek(samples.get(from).t())).isEqualTo(ValueType.FLOAT);
    FloatSamples out = new FloatSamples(capacity);
    ValueType after = it.readFloats(maxT, out);
    List<Sample> got = new ArrayList<>();
    for (int i = 0; i < out.size; i++) {
      got.add(new Sample(out.times[i], Double.doubleToRawLongBits(out.values[i])));
    }
    List<Sample> want =
        samples.subList(from, samples.size()).stream().filter(s -> s.t() <= maxT).toList();
    assertThat(got).isEqualTo(want);
    int next = from + want.size();
    if (next == samples.size()) {
      assertThat(after).isEqualTo(ValueType.NONE);
    } else {
      assertThat(after).isEqualTo(ValueType.FLOAT);
      assertThat(it.atT()).isEqualTo(samples.get(next).t());
    }
  }

  private static boolean hasValueChange(List<Sample> prefix) {
    for (int i = 1; i < prefix.size(); i++) {
      if (prefix.get(i).bits() != prefix.get(i - 1).bits()) {
        return true;
      }
    }
    return false;
  }

  @Provide
  Arbitrary<Series> series() {
    Arbitrary<Long> dod =
        Arbitraries.frequencyOf(
            Tuple.of(5, Arbitraries.just(0L)),
            Tuple.of(3, Arbitraries.of(Arrays.stream(DOD_BOUNDARIES).boxed().toList())),
            Tuple.of(3, Arbitraries.longs().between(-600_000, 600_000)),
            Tuple.of(1, Arbitraries.longs()));
    Arbitrary<Long> value =
        Arbitraries.frequencyOf(
            Tuple.of(
                3,
                Arbitraries.of(
                    0x7ff0000000000002L,
                    0x7ff8000000000001L,
                    Double.doubleToRawLongBits(Double.NaN),
                    Double.doubleToRawLongBits(Double.POSITIVE_INFINITY),
                    Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY),
                    Double.doubleToRawLongBits(-0.0),
                    0L)),
            Tuple.of(4, Arbitraries.integers().between(-1000, 1000).map(i -> dbits(i * 0.25))),
            Tuple.of(2, Arbitraries.doubles().map(Double::doubleToRawLongBits)),
            Tuple.of(2, Arbitraries.longs()));
    Arbitrary<Step> step =
        Combinators.combine(dod, value, Arbitraries.integers().between(0, 3))
            .as((d, v, r) -> new Step(d, v, r == 0));
    Arbitrary<Long> t0 =
        Arbitraries.oneOf(
            Arbitraries.longs(),
            Arbitraries.longs().between(1_600_000_000_000L, 1_800_000_000_000L));
    Arbitrary<Long> firstDelta =
        Arbitraries.oneOf(
            Arbitraries.just(15_000L),
            Arbitraries.longs().between(0, 100_000),
            Arbitraries.longs());
    return Combinators.combine(t0, firstDelta, step.list().ofMaxSize(150)).as(Series::new);
  }

  @Provide
  Arbitrary<List<Sample>> increasing() {
    Arbitrary<Long> gap = Arbitraries.longs().between(1, 40_000);
    Arbitrary<Double> v = Arbitraries.doubles().between(-1e6, 1e6);
    return Combinators.combine(gap, v)
        .as((g, d) -> new long[] {g, Double.doubleToRawLongBits(d)})
        .list()
        .ofMinSize(1)
        .ofMaxSize(130)
        .map(
            steps -> {
              List<Sample> out = new ArrayList<>();
              long t = 1_700_000_000_000L;
              for (long[] s : steps) {
                t += s[0];
                out.add(new Sample(t, s[1]));
              }
              return out;
            });
  }

  private static long dbits(double d) {
    return Double.doubleToRawLongBits(d);
  }
}
