package io.argus.remote.receiver;

import static io.argus.remote.receiver.ReceiverTestSupport.counter;
import static io.argus.remote.receiver.ReceiverTestSupport.post;
import static io.argus.remote.receiver.ReceiverTestSupport.read;
import static io.argus.remote.receiver.ReceiverTestSupport.series;
import static io.argus.remote.receiver.ReceiverTestSupport.snappy;
import static io.argus.remote.receiver.ReceiverTestSupport.v1;
import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.remote.pb.v1.PbV1;
import io.argus.remote.pb.v2.PbV2;
import io.argus.remote.receiver.ReceiverTestSupport.Sample;
import io.argus.testkit.ManualClock;
import io.argus.tsdb.Db;
import io.argus.tsdb.DbOptions;
import io.argus.tsdb.fs.FileOps;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteEndpointTest {
  static final long T0 = 1_700_000_000_000L;
  static final String V2 = "application/x-protobuf;proto=io.prometheus.write.v2.Request";
  static final String V1 = "application/x-protobuf";

  @TempDir Path dir;
  ManualClock clock = new ManualClock(T0);
  PrometheusRegistry registry = new PrometheusRegistry();
  Db db;
  WriteEndpoint endpoint;

  @BeforeEach
  void open() {
    db =
        Db.open(
            dir,
            DbOptions.builder().compactionIntervalMs(0).retentionMs(0).build(),
            FileOps.defaults(),
            clock,
            new PrometheusRegistry());
    endpoint =
        new WriteEndpoint(
            new RemoteWriteReceiver(db, clock, null, registry), EnumSet.allOf(WriteProtocol.class));
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void handle_v1StoresEverySample() {
    WriteEndpoint.Response r =
        post(
            endpoint,
            V1,
            v1(
                series(List.of("__name__", "up", "job", "a"), T0, 1, T0 + 15_000, 0),
                series(List.of("__name__", "up", "job", "b"), T0, 1)));
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.headers()).isEmpty();
    assertThat(read(db, Matcher.equal("__name__", "up")))
        .containsExactly(
            Map.entry(
                Labels.of("__name__", "up", "job", "a"),
                List.of(new Sample(T0, 1), new Sample(T0 + 15_000, 0))),
            Map.entry(Labels.of("__name__", "up", "job", "b"), List.of(new Sample(T0, 1))));
  }

  @Test
  void handle_missingContentTypeAndEncodingMeanV1Snappy() {
    byte[] body = snappy(v1(series(List.of("__name__", "x"), T0, 3)));
    WriteEndpoint.Response r = endpoint.handle(null, null, new ByteArrayInputStream(body), -1);
    assertThat(r.status()).isEqualTo(204);
    assertThat(read(db, Matcher.equal("__name__", "x"))).hasSize(1);
  }

  static byte[] v2(List<String> symbols, int[] refs, long... timesAndValues) {
    PbV2.TimeSeries.Builder ts = PbV2.TimeSeries.newBuilder();
    for (int r : refs) {
      ts.addLabelsRefs(r);
    }
    for (int i = 0; i < timesAndValues.length; i += 2) {
      ts.addSamples(
          PbV2.Sample.newBuilder().setTimestamp(timesAndValues[i]).setValue(timesAndValues[i + 1]));
    }
    return PbV2.Request.newBuilder().addAllSymbols(symbols).addTimeseries(ts).build().toByteArray();
  }

  @Test
  void handle_v2StoresAndReportsWrittenCounts() {
    WriteEndpoint.Response r =
        post(
            endpoint,
            V2,
            v2(List.of("", "__name__", "m", "job", "j"), new int[] {1, 2, 3, 4}, T0, 5, T0 + 1, 6));
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.headers())
        .containsEntry(WriteEndpoint.SAMPLES_WRITTEN, "2")
        .containsEntry(WriteEndpoint.HISTOGRAMS_WRITTEN, "0")
        .containsEntry(WriteEndpoint.EXEMPLARS_WRITTEN, "0");
    assertThat(read(db, Matcher.equal("__name__", "m")))
        .containsExactly(
            Map.entry(
                Labels.of("__name__", "m", "job", "j"),
                List.of(new Sample(T0, 5), new Sample(T0 + 1, 6))));
  }

  @Test
  void handle_outOfOrderSampleV1_400NamingSeriesRequestRolledBack() {
    assertThat(post(endpoint, V1, v1(series(List.of("__name__", "a"), T0 + 10, 1))).status())
        .isEqualTo(204);
    WriteEndpoint.Response r =
        post(
            endpoint,
            V1,
            v1(
                series(List.of("__name__", "c"), T0, 5),
                series(List.of("__name__", "a"), T0, 2, T0 + 20, 3),
                series(List.of("__name__", "b"), T0, 4)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("out of order sample for series {__name__=\"a\"}\n");
    assertThat(read(db, Matcher.regex("__name__", "a|b|c")))
        .containsExactly(Map.entry(Labels.of("__name__", "a"), List.of(new Sample(T0 + 10, 1))));
  }

  @Test
  void handle_outOfOrderSampleV2_400NamingSeriesRestStored() {
    assertThat(post(endpoint, V1, v1(series(List.of("__name__", "a"), T0 + 10, 1))).status())
        .isEqualTo(204);
    PbV2.Request req =
        PbV2.Request.newBuilder()
            .addAllSymbols(List.of("", "__name__", "a", "b"))
            .addTimeseries(
                PbV2.TimeSeries.newBuilder()
                    .addAllLabelsRefs(List.of(1, 2))
                    .addSamples(PbV2.Sample.newBuilder().setTimestamp(T0).setValue(2))
                    .addSamples(PbV2.Sample.newBuilder().setTimestamp(T0 + 20).setValue(3)))
            .addTimeseries(
                PbV2.TimeSeries.newBuilder()
                    .addAllLabelsRefs(List.of(1, 3))
                    .addSamples(PbV2.Sample.newBuilder().setTimestamp(T0).setValue(4)))
            .build();
    WriteEndpoint.Response r = post(endpoint, V2, req.toByteArray());
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("out of order sample for series {__name__=\"a\"}\n");
    assertThat(r.headers()).containsEntry(WriteEndpoint.SAMPLES_WRITTEN, "2");
    assertThat(read(db, Matcher.regex("__name__", "a|b")))
        .containsExactly(
            Map.entry(
                Labels.of("__name__", "a"),
                List.of(new Sample(T0 + 10, 1), new Sample(T0 + 20, 3))),
            Map.entry(Labels.of("__name__", "b"), List.of(new Sample(T0, 4))));
  }

  @Test
  void handle_resentBatchIsIdempotentButChangedValueIsDuplicate() {
    byte[] batch = v1(series(List.of("__name__", "a"), T0, 1));
    assertThat(post(endpoint, V1, batch).status()).isEqualTo(204);
    assertThat(post(endpoint, V1, batch).status()).isEqualTo(204);
    WriteEndpoint.Response r = post(endpoint, V1, v1(series(List.of("__name__", "a"), T0, 9)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("duplicate sample for timestamp for series {__name__=\"a\"}\n");
  }

  @Test
  void handle_futureSample_400() {
    WriteEndpoint.Response r =
        post(endpoint, V1, v1(series(List.of("__name__", "f"), T0 + 11 * 60_000, 1)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body())
        .isEqualTo(
            "out of bounds: timestamp is too far in the future for series {__name__=\"f\"}\n");
  }

  @Test
  void handle_malformedRequest_400NothingStored() {
    byte[] good = v1(series(List.of("__name__", "ok"), T0, 1));
    byte[] bad = v1(series(List.of("job", "x", "__name__", "bad"), T0, 1));
    byte[] both = new byte[good.length + bad.length];
    System.arraycopy(good, 0, both, 0, good.length);
    System.arraycopy(bad, 0, both, good.length, bad.length);
    WriteEndpoint.Response r = post(endpoint, V1, both);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body())
        .isEqualTo(
            "label names out of order: \"__name__\" after \"job\" in series {job=\"x\","
                + " __name__=\"bad\"}\n");
    assertThat(read(db, Matcher.regex("__name__", ".+"))).isEmpty();

    byte[] dup = v1(series(List.of("__name__", "d", "a", "1", "a", "2"), T0, 1));
    assertThat(post(endpoint, V1, dup).body()).startsWith("duplicate label name \"a\"");
    byte[] garbage = {0x0a, 0x7f, 0x01};
    WriteEndpoint.Response g = post(endpoint, V2, garbage);
    assertThat(g.status()).isEqualTo(400);
    assertThat(g.body()).isEqualTo("length 127 exceeds the 1 bytes left\n");
    assertThat(g.headers()).containsEntry(WriteEndpoint.SAMPLES_WRITTEN, "0");
    assertThat(read(db, Matcher.regex("__name__", ".+"))).isEmpty();
  }

  @Test
  void handle_badSnappy_400() {
    byte[] notSnappy = v1(series(List.of("__name__", "x"), T0, 1)); // raw protobuf
    WriteEndpoint.Response r =
        endpoint.handle(V1, "snappy", new ByteArrayInputStream(notSnappy), notSnappy.length);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("snappy: corrupt input\n");
    // the framed (stream) format is not the block format
    byte[] framed = {(byte) 0xff, 0x06, 0x00, 0x00, 's', 'N', 'a', 'P', 'p', 'Y'};
    assertThat(endpoint.handle(V1, "snappy", new ByteArrayInputStream(framed), 10).status())
        .isEqualTo(400);
  }

  @Test
  void handle_hugeRequest_400() {
    WriteEndpoint small =
        new WriteEndpoint(
            new RemoteWriteReceiver(db, clock, null, new PrometheusRegistry()),
            EnumSet.allOf(WriteProtocol.class),
            1024,
            4096);
    PbV1.TimeSeries big = series(List.of("__name__", "x".repeat(5000)), T0, 1);
    WriteEndpoint.Response r = post(small, V1, v1(big));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).startsWith("decoded request of ");
    byte[] random = new byte[3000];
    new java.util.Random(1).nextBytes(random);
    WriteEndpoint.Response r2 = small.handle(V1, "snappy", new ByteArrayInputStream(random), -1);
    assertThat(r2.status()).isEqualTo(400);
    assertThat(r2.body()).startsWith("request body too large");
  }

  @Test
  void handle_contentNegotiation_415() {
    assertThat(post(endpoint, "application/json", new byte[0]).status()).isEqualTo(415);
    WriteEndpoint.Response unknown =
        post(endpoint, "application/x-protobuf;proto=foo.Bar", new byte[0]);
    assertThat(unknown.status()).isEqualTo(415);
    assertThat(unknown.body()).contains("unknown remote write protobuf message foo.Bar");
    WriteEndpoint v1Only =
        new WriteEndpoint(
            new RemoteWriteReceiver(db, clock, null, new PrometheusRegistry()),
            EnumSet.of(WriteProtocol.V1));
    WriteEndpoint.Response notAccepted = post(v1Only, V2, new byte[0]);
    assertThat(notAccepted.status()).isEqualTo(415);
    assertThat(notAccepted.body())
        .isEqualTo(
            "io.prometheus.write.v2.Request protobuf message is not accepted by this server;"
                + " accepted [prometheus.WriteRequest]\n");
    WriteEndpoint.Response gzip =
        endpoint.handle(V1, "gzip", new ByteArrayInputStream(new byte[0]), 0);
    assertThat(gzip.status()).isEqualTo(415);
    assertThat(gzip.body())
        .isEqualTo(
            "gzip encoding (compression) is not accepted by this server; only snappy is"
                + " acceptable\n");
  }

  @Test
  void handle_seriesWithoutName_400NothingStoredCounted() {
    WriteEndpoint.Response r =
        post(
            endpoint,
            V1,
            v1(
                series(List.of("job", "x"), T0, 1, T0 + 1, 2),
                series(List.of("__name__", "y"), T0, 1)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("invalid metric name or labels, got {job=\"x\"}\n");
    assertThat(read(db, Matcher.equal("__name__", "y"))).isEmpty();
    assertThat(counter(registry, "prometheus_api_remote_write_invalid_labels_samples"))
        .isEqualTo(2);
  }

  @Test
  void handle_histograms_400CountedSamplesKept() {
    PbV1.TimeSeries ts =
        series(List.of("__name__", "h"), T0, 1).toBuilder()
            .addHistograms(PbV1.Histogram.newBuilder().setCountInt(2).setTimestamp(T0 + 1))
            .build();
    WriteEndpoint.Response r = post(endpoint, V1, v1(ts));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body()).contains("native histograms are not supported");
    assertThat(read(db, Matcher.equal("__name__", "h")).values().iterator().next())
        .containsExactly(new Sample(T0, 1));
    assertThat(counter(registry, "argus_remote_write_rejected_histograms")).isEqualTo(1);
  }

  @Test
  void handle_v2SeriesWithoutSamples_400() {
    WriteEndpoint.Response r =
        post(endpoint, V2, v2(List.of("", "__name__", "e"), new int[] {1, 2}));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body())
        .isEqualTo(
            "TimeSeries must contain at least one sample or histogram for series"
                + " {__name__=\"e\"}\n");
  }

  @Test
  void handle_staleMarkerKeepsItsBits() {
    long stale = 0x7ff0000000000002L;
    PbV1.TimeSeries ts =
        PbV1.TimeSeries.newBuilder()
            .addLabels(PbV1.Label.newBuilder().setName("__name__").setValue("s"))
            .addSamples(
                PbV1.Sample.newBuilder().setTimestamp(T0).setValue(Double.longBitsToDouble(stale)))
            .build();
    assertThat(post(endpoint, V1, v1(ts)).status()).isEqualTo(204);
    Sample s = read(db, Matcher.equal("__name__", "s")).values().iterator().next().getFirst();
    assertThat(Double.doubleToRawLongBits(s.v())).isEqualTo(stale);
  }
}
