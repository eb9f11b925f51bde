package io.argus.remote.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.argus.model.labels.Labels;
import io.argus.remote.pb.v2.PbV2;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class WriteRequestV2CodecTest {
  record RawExemplar(Gen.RawLabels labels, double v, long t) {}

  record RawMeta(int type, String help, String unit) {}

  record RawSeries(
      Gen.RawLabels labels,
      List<Gen.RawSample> samples,
      List<RawExemplar> exemplars,
      int histograms,
      RawMeta meta,
      long created) {}

  @Provide
  Arbitrary<List<RawSeries>> requests() {
    Arbitrary<RawExemplar> ex =
        Combinators.combine(Gen.labels(3), Gen.doubles(), Gen.timestamps()).as(RawExemplar::new);
    Arbitrary<RawMeta> meta =
        Combinators.combine(Arbitraries.integers().between(0, 7), Gen.values(), Gen.values())
            .as(RawMeta::new)
            .injectNull(0.3);
    return Combinators.combine(
            Gen.labels(8),
            Gen.samples(6),
            ex.list().ofMaxSize(2),
            Arbitraries.integers().between(0, 2),
            meta,
            Arbitraries.oneOf(Arbitraries.just(0L), Gen.timestamps()))
        .as(RawSeries::new)
        .list()
        .ofMaxSize(6);
  }

  /** Builds the request with protobuf-java, interning symbols in first-use order. */
  static PbV2.Request toProto(List<RawSeries> series) {
    Map<String, Integer> index = new HashMap<>();
    List<String> symbols = new ArrayList<>();
    java.util.function.ToIntFunction<String> sym =
        s ->
            index.computeIfAbsent(
                s,
                k -> {
                  symbols.add(k);
                  return symbols.size() - 1;
                });
    sym.applyAsInt("");
    PbV2.Request.Builder b = PbV2.Request.newBuilder();
    for (RawSeries s : series) {
      PbV2.TimeSeries.Builder ts = PbV2.TimeSeries.newBuilder();
      for (int i = 0; i < s.labels().names().size(); i++) {
        ts.addLabelsRefs(sym.applyAsInt(s.labels().names().get(i)));
        ts.addLabelsRefs(sym.applyAsInt(s.labels().values().get(i)));
      }
      for (Gen.RawSample x : s.samples()) {
        ts.addSamples(PbV2.Sample.newBuilder().setValue(x.v()).setTimestamp(x.t()));
      }
      for (RawExemplar e : s.exemplars()) {
        PbV2.Exemplar.Builder eb = PbV2.Exemplar.newBuilder().setValue(e.v()).setTimestamp(e.t());
        for (int i = 0; i < e.labels().names().size(); i++) {
          eb.addLabelsRefs(sym.applyAsInt(e.labels().names().get(i)));
          eb.addLabelsRefs(sym.applyAsInt(e.labels().values().get(i)));
        }
        ts.addExemplars(eb);
      }
      for (int i = 0; i < s.histograms(); i++) {
        ts.addHistograms(
            PbV2.Histogram.newBuilder().setCountFloat(2.5).setSchema(3).setTimestamp(i));
      }
      if (s.meta() != null) {
        ts.setMetadata(
            PbV2.Metadata.newBuilder()
                .setTypeValue(s.meta().type())
                .setHelpRef(s.meta().help().isEmpty() ? 0 : sym.applyAsInt(s.meta().help()))
                .setUnitRef(s.meta().unit().isEmpty() ? 0 : sym.applyAsInt(s.meta().unit())));
      }
      ts.setCreatedTimestamp(s.created());
      b.addTimeseries(ts);
    }
    b.addAllSymbols(symbols);
    return b.build();
  }

  static Captured expected(List<RawSeries> series, boolean withHistograms) {
    List<Captured.Series> out = new ArrayList<>();
    for (RawSeries s : series) {
      List<Captured.Sample> samples = new ArrayList<>();
      for (Gen.RawSample x : s.samples()) {
        samples.add(new Captured.Sample(x.t(), Double.doubleToRawLongBits(x.v()), 0));
      }
      List<Captured.Exemplar> ex = new ArrayList<>();
      for (RawExemplar e : s.exemplars()) {
        ex.add(
            new Captured.Exemplar(e.labels().expected(), Double.doubleToRawLongBits(e.v()), e.t()));
      }
      RawMeta m = s.meta();
      out.add(
          new Captured.Series(
              s.labels().expected(),
              samples,
              withHistograms ? s.histograms() : 0,
              ex,
              m != null,
              m == null ? MetricType.UNKNOWN : MetricType.of(m.type()),
              m == null ? "" : m.help(),
              m == null ? "" : m.unit(),
              s.created()));
    }
    return new Captured(out, List.of());
  }

  @Property(tries = 100)
  void decode_readsWhatProtobufJavaWrites(@ForAll("requests") List<RawSeries> r) {
    byte[] wire = toProto(r).toByteArray();
    assertThat(Captured.decodeV2(wire)).isEqualTo(expected(r, true));
  }

  @Property(tries = 100)
  void encode_roundTripsThroughProtobufJava(@ForAll("requests") List<RawSeries> r)
      throws InvalidProtocolBufferException {
    WriteRequestV2Encoder enc = new WriteRequestV2Encoder(16);
    List<RawSeries> noHist = new ArrayList<>();
    for (RawSeries s : r) {
      enc.beginSeries(s.labels().nonEmpty());
      for (Gen.RawSample x : s.samples()) {
        enc.sample(x.t(), x.v());
      }
      for (RawExemplar e : s.exemplars()) {
        enc.exemplar(e.labels().nonEmpty(), e.v(), e.t());
      }
      if (s.meta() != null) {
        enc.metadata(MetricType.of(s.meta().type()), s.meta().help(), s.meta().unit());
      }
      enc.createdTimestamp(s.created());
      enc.endSeries();
      noHist.add(new RawSeries(s.labels(), s.samples(), s.exemplars(), 0, s.meta(), s.created()));
    }
    ProtoWriter out = new ProtoWriter();
    enc.finish(out);
    PbV2.Request parsed = PbV2.Request.parseFrom(out.toByteArray());
    assertThat(parsed.getSymbols(0)).isEmpty();
    // protobuf-java sees what we meant; our decoder agrees with it.
    Captured viaJava = Captured.decodeV2(parsed.toByteArray());
    Captured expected = expected(noHist, false);
    assertThat(viaJava).isEqualTo(expected);
    assertThat(Captured.decodeV2(out.toByteArray())).isEqualTo(expected);
  }

  @Property(tries = 100)
  void decode_truncatedInputFailsWhenProtobufJavaFails(
      @ForAll("requests") List<RawSeries> r, @ForAll("cuts") double cut) {
    byte[] wire = toProto(r).toByteArray();
    byte[] truncated = Arrays.copyOf(wire, (int) (wire.length * cut));
    boolean javaFails;
    try {
      PbV2.Request.parseFrom(truncated);
      javaFails = false;
    } catch (InvalidProtocolBufferException e) {
      javaFails = true;
    }
    if (javaFails) {
      assertThatThrownBy(() -> Captured.decodeV2(truncated)).isInstanceOf(ProtoException.class);
    }
  }

  @Provide
  Arbitrary<Double> cuts() {
    return Arbitraries.doubles().between(0, 1);
  }

  private static byte[] request(List<String> symbols, int... refs) {
    PbV2.TimeSeries.Builder ts = PbV2.TimeSeries.newBuilder();
    for (int r : refs) {
      ts.addLabelsRefs(r);
    }
    ts.addSamples(PbV2.Sample.newBuilder().setValue(1).setTimestamp(1));
    return PbV2.Request.newBuilder().addAllSymbols(symbols).addTimeseries(ts).build().toByteArray();
  }

  @Test
  void decode_symbolRefOutOfRange_fails() {
    assertThatThrownBy(() -> Captured.decodeV2(request(List.of("", "__name__", "up"), 1, 3)))
        .isInstanceOf(ProtoException.class)
        .hasMessage("symbol reference 3 out of range in series 0: the table holds 3 symbols");
  }

  @Test
  void decode_oddRefs_fails() {
    assertThatThrownBy(() -> Captured.decodeV2(request(List.of("", "__name__", "up"), 1, 2, 1)))
        .isInstanceOf(ProtoException.class)
        .hasMessage("odd number of label references (3) in series 0");
  }

  @Test
  void decode_labelsOutOfOrderDuplicateEmpty_fail() {
    List<String> syms = List.of("", "__name__", "up", "job", "a");
    assertThatThrownBy(() -> Captured.decodeV2(request(syms, 3, 4, 1, 2)))
        .isInstanceOf(ProtoException.class)
        .hasMessage(
            "label names out of order: \"__name__\" after \"job\" in series 0 {job=\"a\","
                + " __name__=\"up\"}");
    assertThatThrownBy(() -> Captured.decodeV2(request(syms, 1, 2, 3, 4, 3, 2)))
        .isInstanceOf(ProtoException.class)
        .hasMessageStartingWith("duplicate label name \"job\" in series 0");
    assertThatThrownBy(() -> Captured.decodeV2(request(syms, 0, 2, 1, 2)))
        .isInstanceOf(ProtoException.class)
        .hasMessageStartingWith("empty label name in series 0");
  }

  @Test
  void decode_firstSymbolNotEmpty_fails() {
    assertThatThrownBy(() -> Captured.decodeV2(request(List.of("x", "__name__", "up"), 1, 2)))
        .isInstanceOf(ProtoException.class)
        .hasMessage("symbols[0] must be the empty string, got \"x\"");
  }

  @Test
  void decode_metadataRefOutOfRange_fails() {
    byte[] b =
        PbV2.Request.newBuilder()
            .addAllSymbols(List.of("", "__name__", "up"))
            .addTimeseries(
                PbV2.TimeSeries.newBuilder()
                    .addLabelsRefs(1)
                    .addLabelsRefs(2)
                    .setMetadata(PbV2.Metadata.newBuilder().setHelpRef(7)))
            .build()
            .toByteArray();
    assertThatThrownBy(() -> Captured.decodeV2(b))
        .isInstanceOf(ProtoException.class)
        .hasMessage(
            "symbol reference 7 out of range in metadata of series 0: the table holds 3 symbols");
  }

  @Test
  void decode_symbolsAfterSeriesAndUnpackedRefs() {
    ProtoWriter w = new ProtoWriter();
    int ts = w.beginMessage(5);
    w.varintField(1, 1); // unpacked refs
    w.varintField(1, 2);
    int s = w.beginMessage(2);
    w.doubleField(1, 4);
    w.varintField(2, 9);
    w.varintField(3, 7); // Prometheus main's Sample.start_timestamp
    w.endMessage(s);
    w.endMessage(ts);
    w.repeatedStringField(4, "");
    w.repeatedStringField(4, "__name__");
    w.repeatedStringField(4, "up");
    Captured c = Captured.decodeV2(w.toByteArray());
    assertThat(c.series().getFirst().labels()).isEqualTo(Labels.of("__name__", "up"));
    assertThat(c.series().getFirst().samples())
        .containsExactly(new Captured.Sample(9, Double.doubleToRawLongBits(4), 7));
  }
}
