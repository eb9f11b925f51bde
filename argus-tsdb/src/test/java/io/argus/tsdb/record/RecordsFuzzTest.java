package io.argus.tsdb.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.tsdb.encoding.EncBuf;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class RecordsFuzzTest {
  private static final long STALE_NAN = 0x7ff0000000000002L;
  private static final long NORMAL_NAN = 0x7ff8000000000001L;

  record Sample(long ref, long t, long valueBits) {}

  @Provide
  Arbitrary<Sample> samples() {
    Arbitrary<Long> refs =
        Arbitraries.oneOf(Arbitraries.longs().between(1, (1L << 40) - 1), Arbitraries.longs());
    Arbitrary<Long> ts =
        Arbitraries.oneOf(
            Arbitraries.longs().between(1_700_000_000_000L, 1_700_000_100_000L),
            Arbitraries.longs());
    Arbitrary<Long> bits =
        Arbitraries.oneOf(
            Arbitraries.of(STALE_NAN, NORMAL_NAN, 0L, Long.MIN_VALUE, 0x7ff0000000000000L),
            Arbitraries.longs(),
            Arbitraries.doubles().map(Double::doubleToRawLongBits));
    return Combinators.combine(refs, ts, bits).as(Sample::new);
  }

  @Property(tries = 200)
  void samples_roundTrip(@ForAll @Size(max = 200) List<@From("samples") Sample> samples) {
    SampleBatch in = new SampleBatch(1);
    for (Sample s : samples) {
      in.add(s.ref(), s.t(), Double.longBitsToDouble(s.valueBits()));
    }
    byte[] rec = Records.encodeSamples(new EncBuf(), in).toByteArray();
    SampleBatch out = new SampleBatch(1);

    Records.decodeSamples(rec, out);

    List<Sample> got = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      got.add(new Sample(out.ref(i), out.t(i), Double.doubleToRawLongBits(out.value(i))));
    }
    assertThat(got).isEqualTo(samples);
    assertThat(Records.type(rec)).isEqualTo(RecordType.SAMPLES);
  }

  @Provide
  Arbitrary<RefSeries> series() {
    Arbitrary<String> names =
        Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> values =
        Arbitraries.strings()
            .withCharRange(' ', '~')
            .withCharRange('\u00a0', '\ud7ff')
            .ofMinLength(1)
            .ofMaxLength(20);
    Arbitrary<Labels> labels = Arbitraries.maps(names, values).ofMaxSize(6).map(Labels::of);
    return Combinators.combine(Arbitraries.longs().between(1, (1L << 40) - 1), labels)
        .as(RefSeries::new);
  }

  @Property(tries = 100)
  void series_roundTrip(@ForAll @Size(max = 10) List<@From("series") RefSeries> series) {
    byte[] rec = Records.encodeSeries(new EncBuf(), series).toByteArray();
    List<RefSeries> out = new ArrayList<>();

    Records.decodeSeries(rec, out);

    assertThat(out).isEqualTo(series);
  }

  @Property(tries = 100)
  void tombstones_roundTrip(
      @ForAll @Size(max = 20) List<@From("tombstone") RefTombstone> tombstones) {
    byte[] rec = Records.encodeTombstones(new EncBuf(), tombstones).toByteArray();
    List<RefTombstone> out = new ArrayList<>();

    Records.decodeTombstones(rec, out);

    assertThat(out).isEqualTo(tombstones);
  }

  @Provide
  Arbitrary<RefTombstone> tombstone() {
    return Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), Arbitraries.longs())
        .as(RefTombstone::new);
  }
}
