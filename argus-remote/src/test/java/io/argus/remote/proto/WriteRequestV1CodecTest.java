package io.argus.remote.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.InvalidProtocolBufferException;
import io.argus.model.labels.Labels;
import io.argus.remote.pb.v1.PbV1;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class WriteRequestV1CodecTest {
  record RawExemplar(Gen.RawLabels labels, double v, long t) {}

  record RawSeries(
      Gen.RawLabels labels,
      List<Gen.RawSample> samples,
      List<RawExemplar> exemplars,
      int histograms) {}

  record RawMeta(int type, String family, String help, String unit) {}

  record RawRequest(List<RawSeries> series, List<RawMeta> metadata) {}

  @Provide
  Arbitrary<RawRequest> requests() {
    Arbitrary<RawExemplar> ex =
        Combinators.combine(Gen.labels(3), Gen.doubles(), Gen.timestamps()).as(RawExemplar::new);
    Arbitrary<RawSeries> series =
        Combinators.combine(
                Gen.labels(8),
                Gen.samples(6),
                ex.list().ofMaxSize(2),
                Arbitraries.integers().between(0, 2))
            .as(RawSeries::new);
    Arbitrary<RawMeta> meta =
        Combinators.combine(
                Arbitraries.integers().between(0, 7), Gen.names(), Gen.values(), Gen.values())
            .as(RawMeta::new);
    return Combinators.combine(series.list().ofMaxSize(6), meta.list().ofMaxSize(3))
        .as(RawRequest::new);
  }

  static PbV1.WriteRequest toProto(RawRequest r) {
    PbV1.WriteRequest.Builder b = PbV1.WriteRequest.newBuilder();
    for (RawSeries s : r.series()) {
      PbV1.TimeSeries.Builder ts = PbV1.TimeSeries.newBuilder();
      addLabels(s.labels(), ts::addLabels);
      for (Gen.RawSample x : s.samples()) {
        ts.addSamples(PbV1.Sample.newBuilder().setValue(x.v()).setTimestamp(x.t()));
      }
      for (RawExemplar e : s.exemplars()) {
        PbV1.Exemplar.Builder eb = PbV1.Exemplar.newBuilder().setValue(e.v()).setTimestamp(e.t());
        addLabels(e.labels(), eb::addLabels);
        ts.addExemplars(eb);
      }
      for (int i = 0; i < s.histograms(); i++) {
        ts.addHistograms(
            PbV1.Histogram.newBuilder()
                .setCountInt(3 + i)
                .setSum(1.5)
                .setSchema(-2)
                .addPositiveSpans(PbV1.BucketSpan.newBuilder().setOffset(-1).setLength(2))
                .addPositiveDeltas(-4)
                .addPositiveDeltas(7)
                .setTimestamp(1000 + i));
      }
      b.addTimeseries(ts);
    }
    for (RawMeta m : r.metadata()) {
      b.addMetadata(
          PbV1.MetricMetadata.newBuilder()
              .setTypeValue(m.type())
              .setMetricFamilyName(m.family())
              .setHelp(m.help())
              .setUnit(m.unit()));
    }
    return b.build();
  }

  private static void addLabels(Gen.RawLabels l, java.util.function.Consumer<PbV1.Label> add) {
    for (int i = 0; i < l.names().size(); i++) {
      add.accept(
          PbV1.Label.newBuilder().setName(l.names().get(i)).setValue(l.values().get(i)).build());
    }
  }

  static Captured expected(RawRequest r, boolean withHistograms) {
    List<Captured.Series> series = new ArrayList<>();
    for (RawSeries s : r.series()) {
      List<Captured.Sample> samples = new ArrayList<>();
      for (Gen.RawSample x : s.samples()) {
        samples.add(new Captured.Sample(x.t(), Double.doubleToRawLongBits(x.v()), 0));
      }
      List<Captured.Exemplar> ex = new ArrayList<>();
      for (RawExemplar e : s.exemplars()) {
        ex.add(
            new Captured.Exemplar(e.labels().expected(), Double.doubleToRawLongBits(e.v()), e.t()));
      }
      series.add(
          new Captured.Series(
              s.labels().expected(),
              samples,
              withHistograms ? s.histograms() : 0,
              ex,
              false,
              MetricType.UNKNOWN,
              "",
              "",
              0));
    }
    List<MetricMetadata> meta = new ArrayList<>();
    for (RawMeta m : r.metadata()) {
      meta.add(new MetricMetadata(MetricType.of(m.type()), m.family(), m.help(), m.unit()));
    }
    return new Captured(series, meta);
  }

  @Property(tries = 100)
  void decode_readsWhatProtobufJavaWrites(@ForAll("requests") RawRequest r) {
    byte[] wire = toProto(r).toByteArray();
    assertThat(Captured.decodeV1(wire)).isEqualTo(expected(r, true));
  }

  @Property(tries = 100)
  void encode_writesWhatProtobufJavaReads(@ForAll("requests") RawRequest r)
      throws InvalidProtocolBufferException {
    WriteRequestV1Encoder enc = new WriteRequestV1Encoder(16);
    for (RawSeries s : r.series()) {
      enc.beginSeries(s.labels().nonEmpty());
      for (Gen.RawSample x : s.samples()) {
        enc.sample(x.t(), x.v());
      }
      for (RawExemplar e : s.exemplars()) {
        enc.exemplar(e.labels().nonEmpty(), e.v(), e.t());
      }
      enc.endSeries();
    }
    for (RawMeta m : r.metadata()) {
      enc.metadata(MetricType.of(m.type()), m.family(), m.help(), m.unit());
    }
    byte[] ours = enc.writer().toByteArray();
    PbV1.WriteRequest parsed = PbV1.WriteRequest.parseFrom(ours);
    RawRequest noHist = withoutHistogramsAndEmptyValues(r);
    assertThat(parsed).isEqualTo(toProto(noHist));
    // Same bytes as protobuf-java's canonical serialization.
    assertThat(ours).isEqualTo(toProto(noHist).toByteArray());
  }

  private static RawRequest withoutHistogramsAndEmptyValues(RawRequest r) {
    List<RawSeries> out = new ArrayList<>();
    for (RawSeries s : r.series()) {
      List<RawExemplar> ex = new ArrayList<>();
      for (RawExemplar e : s.exemplars()) {
        ex.add(new RawExemplar(dropEmpty(e.labels()), e.v(), e.t()));
      }
      out.add(new RawSeries(dropEmpty(s.labels()), s.samples(), ex, 0));
    }
    return new RawRequest(out, r.metadata());
  }

  private static Gen.RawLabels dropEmpty(Gen.RawLabels l) {
    Labels e = l.expected();
    List<String> n = new ArrayList<>();
    List<String> v = new ArrayList<>();
    for (int i = 0; i < e.size(); i++) {
      n.add(e.name(i));
      v.add(e.value(i));
    }
    return new Gen.RawLabels(n, v);
  }

  @Property(tries = 100)
  void decode_truncatedInputFailsExactlyWhenProtobufJavaFails(
      @ForAll("requests") RawRequest r, @ForAll("cuts") double cut) {
    byte[] wire = toProto(r).toByteArray();
    byte[] truncated = Arrays.copyOf(wire, (int) (wire.length * cut));
    boolean javaFails;
    try {
      PbV1.WriteRequest.parseFrom(truncated);
      javaFails = false;
    } catch (InvalidProtocolBufferException e) {
      javaFails = true;
    }
    boolean oursFails;
    try {
      Captured.decodeV1(truncated);
      oursFails = false;
    } catch (ProtoException e) {
      oursFails = true;
    }
    assertThat(oursFails).isEqualTo(javaFails);
  }

  @Provide
  Arbitrary<Double> cuts() {
    return Arbitraries.doubles().between(0, 1);
  }

  @Test
  void decode_fieldsInAnyOrder() {
    // samples before labels, labels after an unknown field
    PbV1.Sample sample = PbV1.Sample.newBuilder().setValue(2).setTimestamp(5).build();
    PbV1.Label l = PbV1.Label.newBuilder().setName("__name__").setValue("up").build();
    ProtoWriter w = new ProtoWriter();
    int ts = w.beginMessage(1);
    w.bytesField(2, sample.toByteArray(), 0, sample.getSerializedSize());
    w.varintField(9, 77);
    w.bytesField(1, l.toByteArray(), 0, l.getSerializedSize());
    w.endMessage(ts);
    Captured c = Captured.decodeV1(w.toByteArray());
    assertThat(c.series()).hasSize(1);
    assertThat(c.series().getFirst().labels()).isEqualTo(Labels.of("__name__", "up"));
    assertThat(c.series().getFirst().samples())
        .containsExactly(new Captured.Sample(5, Double.doubleToRawLongBits(2), 0));
  }

  /** Records the labels of each series and remembers a storage reference per series. */
  private static final class RefVisitor implements WriteRequestVisitor {
    final List<Labels> labels = new ArrayList<>();
    final List<Long> refsSeen = new ArrayList<>();
    long nextRef;

    RefVisitor(long firstRef) {
      nextRef = firstRef;
    }

    @Override
    public void series(SeriesView s) {
      labels.add(s.labels());
      refsSeen.add(s.storageRef(null));
      if (s.storageRef(null) == 0) {
        s.storageRef(null, nextRef++);
      }
    }

    @Override
    public void metadata(MetricMetadata m) {}
  }

  @Test
  void decode_sharedCache_givesEveryDecoderTheSameLabelsAndRefs() {
    byte[] a = seriesWithLabels("__name__", "up", "job", "a");
    byte[] b = seriesWithLabels("__name__", "up", "job", "b");
    // the labels of a split by a sample: another key, the same labels
    PbV1.Label name = PbV1.Label.newBuilder().setName("__name__").setValue("up").build();
    PbV1.Label job = PbV1.Label.newBuilder().setName("job").setValue("a").build();
    PbV1.Sample sample = PbV1.Sample.newBuilder().setValue(1).setTimestamp(2).build();
    ProtoWriter w = new ProtoWriter();
    int ts = w.beginMessage(1);
    w.bytesField(1, name.toByteArray(), 0, name.getSerializedSize());
    w.bytesField(2, sample.toByteArray(), 0, sample.getSerializedSize());
    w.bytesField(1, job.toByteArray(), 0, job.getSerializedSize());
    w.endMessage(ts);
    byte[] split = w.toByteArray();
    LabelsCache cache = new LabelsCache(16, 1 << 10);
    WriteRequestV1Decoder first = new WriteRequestV1Decoder(cache);
    WriteRequestV1Decoder second = new WriteRequestV1Decoder(cache);

    RefVisitor v1 = new RefVisitor(100);
    first.decode(a, 0, a.length, v1);
    first.decode(b, 0, b.length, v1);
    RefVisitor v2 = new RefVisitor(200);
    second.decode(a, 0, a.length, v2);
    second.decode(b, 0, b.length, v2);
    second.decode(split, 0, split.length, v2);

    assertThat(v1.refsSeen).containsExactly(0L, 0L);
    assertThat(v2.labels)
        .containsExactly(
            Labels.of("__name__", "up", "job", "a"),
            Labels.of("__name__", "up", "job", "b"),
            Labels.of("__name__", "up", "job", "a"));
    assertThat(v2.labels.get(0)).isSameAs(v1.labels.get(0));
    assertThat(v2.refsSeen).containsExactly(100L, 101L, 0L);
  }

  @Test
  void decode_manySeriesAgain_findsEveryOneInTheCache() {
    WriteRequestV1Encoder enc = new WriteRequestV1Encoder(16);
    for (int i = 0; i < 300; i++) {
      enc.beginSeries(Labels.of("__name__", "m", "instance", "host-" + i, "job", "j"));
      enc.sample(1000L * i, i);
      enc.endSeries();
    }
    enc.metadata(MetricType.GAUGE, "m", "help", "");
    enc.beginSeries(Labels.of("__name__", "after_metadata"));
    enc.sample(1, 1);
    enc.endSeries();
    byte[] req = enc.writer().toByteArray();
    WriteRequestV1Decoder d = new WriteRequestV1Decoder(new LabelsCache(1 << 12, 1 << 12));

    RefVisitor first = new RefVisitor(1);
    d.decode(req, 0, req.length, first);
    RefVisitor again = new RefVisitor(1000);
    d.decode(req, 0, req.length, again);

    assertThat(first.refsSeen).hasSize(301).containsOnly(0L);
    assertThat(again.refsSeen).hasSize(301).doesNotContain(0L);
    assertThat(again.labels).isEqualTo(first.labels);
    assertThat(again.labels.get(299)).isSameAs(first.labels.get(299));
  }

  @Test
  void decode_invalidLabelsAgain_failAgain() {
    WriteRequestV1Decoder d = new WriteRequestV1Decoder();
    byte[] bad = seriesWithLabels("job", "a", "__name__", "up");
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> d.decode(bad, 0, bad.length, new RefVisitor(1)))
          .isInstanceOf(ProtoException.class)
          .hasMessageStartingWith("label names out of order");
    }
  }

  private static byte[] seriesWithLabels(String... nv) {
    PbV1.TimeSeries.Builder ts = PbV1.TimeSeries.newBuilder();
    for (int i = 0; i < nv.length; i += 2) {
      ts.addLabels(PbV1.Label.newBuilder().setName(nv[i]).setValue(nv[i + 1]));
    }
    ts.addSamples(PbV1.Sample.newBuilder().setValue(1).setTimestamp(1));
    return PbV1.WriteRequest.newBuilder().addTimeseries(ts).build().toByteArray();
  }

  @Test
  void decode_labelsOutOfOrder_fails() {
    assertThatThrownBy(() -> Captured.decodeV1(seriesWithLabels("job", "a", "__name__", "up")))
        .isInstanceOf(ProtoException.class)
        .hasMessage(
            "label names out of order: \"__name__\" after \"job\" in series {job=\"a\","
                + " __name__=\"up\"}");
  }

  @Test
  void decode_duplicateLabels_fails() {
    assertThatThrownBy(
            () -> Captured.decodeV1(seriesWithLabels("__name__", "up", "a", "1", "a", "2")))
        .isInstanceOf(ProtoException.class)
        .hasMessageStartingWith("duplicate label name \"a\" in series {__name__=\"up\"");
  }

  @Test
  void decode_emptyLabelName_fails() {
    assertThatThrownBy(() -> Captured.decodeV1(seriesWithLabels("", "x", "__name__", "up")))
        .isInstanceOf(ProtoException.class)
        .hasMessageStartingWith("empty label name in series");
  }

  @Test
  void decode_truncatedVarint_fails() {
    // a sample whose timestamp varint is cut by the end of the sample message
    byte[] b = {0x0a, 0x04, 0x12, 0x02, 0x10, (byte) 0x80};
    assertThatThrownBy(() -> Captured.decodeV1(b))
        .isInstanceOf(ProtoException.class)
        .hasMessage("unexpected end of input in varint");
    // a length prefix beyond the end of the input
    byte[] d = {0x0a, 0x09, 0x12, 0x02};
    assertThatThrownBy(() -> Captured.decodeV1(d))
        .isInstanceOf(ProtoException.class)
        .hasMessage("length 9 exceeds the 2 bytes left");
    byte[] c = {0x48, (byte) 0x80, (byte) 0x80}; // unknown field 9, varint cut short
    assertThatThrownBy(() -> Captured.decodeV1(c))
        .isInstanceOf(ProtoException.class)
        .hasMessage("unexpected end of input in varint");
  }

  @Test
  void decode_wrongWireType_fails() {
    // timeseries (field 1) as a varint
    assertThatThrownBy(() -> Captured.decodeV1(new byte[] {0x08, 0x01}))
        .isInstanceOf(ProtoException.class)
        .hasMessage(
            "wrong wire type varint for WriteRequest.timeseries (field 1), want length-delimited");
    // Sample.value as a varint
    byte[] sample = {0x08, 0x01};
    byte[] ts = {0x12, 0x02, sample[0], sample[1]};
    byte[] req = {0x0a, 0x04, ts[0], ts[1], ts[2], ts[3]};
    assertThatThrownBy(() -> Captured.decodeV1(req))
        .isInstanceOf(ProtoException.class)
        .hasMessageContaining("Sample.value");
  }

  @Test
  void decode_invalidUtf8_fails() {
    byte[] label = {0x0a, 0x01, 'a', 0x12, 0x02, (byte) 0xc3, 0x28};
    ProtoWriter w = new ProtoWriter();
    int ts = w.beginMessage(1);
    w.bytesField(1, label, 0, label.length);
    w.endMessage(ts);
    assertThatThrownBy(() -> Captured.decodeV1(w.toByteArray()))
        .isInstanceOf(ProtoException.class)
        .hasMessage("invalid UTF-8 in string field");
  }

  @Test
  void decode_groupsAndFieldZero_fail() {
    assertThatThrownBy(() -> Captured.decodeV1(new byte[] {0x0b}))
        .isInstanceOf(ProtoException.class)
        .hasMessageContaining("start-group");
    assertThatThrownBy(() -> Captured.decodeV1(new byte[] {0x00, 0x00}))
        .isInstanceOf(ProtoException.class)
        .hasMessage("invalid field number 0");
  }

  @Test
  void encode_longBodiesMoveLengthPrefix() {
    WriteRequestV1Encoder enc = new WriteRequestV1Encoder(16);
    enc.beginSeries(Labels.of("__name__", "x".repeat(20_000)));
    enc.sample(1, 2);
    enc.endSeries();
    Captured c = Captured.decodeV1(enc.writer().toByteArray());
    assertThat(c.series().getFirst().labels().get("__name__")).hasSize(20_000);
  }
}
