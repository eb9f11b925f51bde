package io.argus.tsdb.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.tsdb.encoding.CorruptionException;
import io.argus.tsdb.encoding.EncBuf;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordsTest {
  private static final HexFormat HEX = HexFormat.of();

  private static String hex(EncBuf b) {
    return HEX.formatHex(b.toByteArray());
  }

  /* --- bytes seen in a real Prometheus 2.42 WAL (storage-formats.md, Appendix B) --- */

  @Test
  void encodeSamples_matchesPrometheusBytes() {
    SampleBatch batch = new SampleBatch();
    batch.add(1, 1795731240179L, 6.002e-05).add(2, 1795731240179L, 0.5);

    String got = hex(Records.encodeSamples(new EncBuf(), batch));

    assertThat(got)
        .startsWith(
            "02" + "0000000000000001" + "000001a219ec34f3" + "0000" + "3f0f77bf7f31637a" + "0200");
  }

  @Test
  void encodeTombstones_matchesPrometheusBytes() {
    EncBuf b =
        Records.encodeTombstones(
            new EncBuf(), List.of(new RefTombstone(1, 1795731240179L, 1795731259379L)));

    assertThat(hex(b)).isEqualTo("03" + "0000000000000001" + "e6d3e19ec368" + "e6ffe39ec368");
  }

  @Test
  void encodeSeries_matchesPrometheusBytes() {
    Labels ls =
        Labels.of(
            "__name__", "go_gc_duration_seconds",
            "instance", "127.0.0.1:19090",
            "job", "prometheus",
            "quantile", "0");

    String got = hex(Records.encodeSeries(new EncBuf(), List.of(new RefSeries(1, ls))));

    assertThat(got)
        .startsWith(
            "01"
                + "0000000000000001"
                + "04"
                + "08"
                + HEX.formatHex("__name__".getBytes())
                + "16"
                + HEX.formatHex("go_gc_duration_seconds".getBytes())
                + "08"
                + HEX.formatHex("instance".getBytes())
                + "0f");
  }

  /* --- decoding --- */

  @Test
  void decodeSamples_emptyRecord() {
    SampleBatch batch = new SampleBatch();

    Records.decodeSamples(new byte[] {2}, batch);

    assertThat(batch.size()).isZero();
    assertThat(Records.encodeSamples(new EncBuf(), batch).toByteArray()).containsExactly(2);
  }

  @Test
  void decodeSamples_appendsToBatch() {
    SampleBatch in = new SampleBatch().add(7, 100, 1.0);
    byte[] rec = Records.encodeSamples(new EncBuf(), in).toByteArray();
    SampleBatch out = new SampleBatch(1).add(1, 1, 1);

    Records.decodeSamples(rec, out);

    assertThat(out.size()).isEqualTo(2);
    assertThat(out.ref(1)).isEqualTo(7);
  }

  @Test
  void decodeSamples_wrongType_throws() {
    byte[] rec = Records.encodeTombstones(new EncBuf(), List.of()).toByteArray();

    assertThatThrownBy(() -> Records.decodeSamples(rec, new SampleBatch()))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("invalid record type 3");
  }

  @Test
  void decodeSamples_truncated_throws() {
    byte[] rec = Records.encodeSamples(new EncBuf(), new SampleBatch().add(1, 2, 3)).toByteArray();

    assertThatThrownBy(() -> Records.decodeSamples(rec, rec.length - 1, new SampleBatch()))
        .isInstanceOf(CorruptionException.class);
  }

  @Test
  void decodeSamples_everyTruncation_throws() {
    byte[] rec =
        Records.encodeSamples(new EncBuf(), new SampleBatch().add(1000, 5, 1.5).add(1300, -7, 2))
            .toByteArray();
    int firstSampleEnd = 17 + 1 + 1 + 8; // header, zero ref and time deltas, value

    for (int len = 2; len < rec.length; len++) {
      if (len == 17 || len == firstSampleEnd) {
        continue; // the bases alone, or the bases and the first sample, are well-formed
      }
      int n = len;
      assertThatThrownBy(() -> Records.decodeSamples(rec, n, new SampleBatch()))
          .as("length %d", n)
          .isInstanceOf(CorruptionException.class)
          .hasMessageContaining("unexpected end of data");
    }
  }

  @Test
  void decodeSamples_overlongVarint_throws() {
    EncBuf b = new EncBuf().putByte(2).putBe64(1).putBe64(2);
    for (int i = 0; i < 10; i++) {
      b.putByte(0xFF);
    }
    byte[] rec = b.putByte(0).toByteArray();

    assertThatThrownBy(() -> Records.decodeSamples(rec, new SampleBatch()))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("varint longer than 10 bytes");
  }

  @Test
  void decodeSeries_everyTruncation_throws() {
    List<RefSeries> in =
        List.of(
            new RefSeries(7, Labels.of("__name__", "up", "job", "né")),
            new RefSeries(9, Labels.of("a", "b")));
    byte[] rec = Records.encodeSeries(new EncBuf(), in).toByteArray();
    List<RefSeries> whole = new ArrayList<>();
    Records.decodeSeries(rec, whole);
    assertThat(whole).isEqualTo(in);
    int firstEnd = Records.encodeSeries(new EncBuf(), in.subList(0, 1)).toByteArray().length;

    for (int len = 2; len < rec.length; len++) {
      if (len == firstEnd) {
        continue; // the first series alone is a well-formed record
      }
      int n = len;
      assertThatThrownBy(() -> Records.decodeSeries(rec, n, new ArrayList<>()))
          .as("length %d", n)
          .isInstanceOf(CorruptionException.class);
    }
  }

  @Test
  void decodeSeries_garbageLabelCount_throws() {
    EncBuf b = new EncBuf().putByte(1).putBe64(1).putUvarint(1L << 40);

    assertThatThrownBy(() -> Records.decodeSeries(b.toByteArray(), new ArrayList<>()))
        .isInstanceOf(CorruptionException.class)
        .hasMessageContaining("label count");
  }

  @Test
  void decodeSeries_unsortedLabels_areSorted() {
    EncBuf b =
        new EncBuf()
            .putByte(1)
            .putBe64(5)
            .putUvarint(2)
            .putUvarintStr("b")
            .putUvarintStr("1")
            .putUvarintStr("a")
            .putUvarintStr("2");
    List<RefSeries> out = new ArrayList<>();

    Records.decodeSeries(b.toByteArray(), out);

    assertThat(out).containsExactly(new RefSeries(5, Labels.of("a", "2", "b", "1")));
  }

  @Test
  void type_recognisesAllPrometheusTypes() {
    assertThat(Records.type(new byte[0])).isEqualTo(RecordType.UNKNOWN);
    assertThat(Records.type(new byte[] {6})).isEqualTo(RecordType.METADATA);
    assertThat(Records.type(new byte[] {13})).isEqualTo(RecordType.FLOAT_HISTOGRAM_SAMPLES_V2);
    assertThat(Records.type(new byte[] {14})).isEqualTo(RecordType.UNKNOWN);
    assertThat(Records.type(new byte[] {(byte) 0xff})).isEqualTo(RecordType.UNKNOWN);
    for (int code = 1; code <= 13; code++) {
      assertThat(RecordType.ofCode(code).code()).isEqualTo(code);
    }
  }
}
