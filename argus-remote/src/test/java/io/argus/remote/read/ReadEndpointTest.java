package io.argus.remote.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.remote.pb.v1.PbV1;
import io.argus.storage.Appender;
import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import io.argus.storage.chunkenc.XorChunk;
import io.argus.testkit.ManualClock;
import io.argus.tsdb.Db;
import io.argus.tsdb.DbOptions;
import io.argus.tsdb.fs.FileOps;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

class ReadEndpointTest {
  static final long T0 = 1_700_000_000_000L;
  static final int SAMPLES_PER_SERIES = 1000;

  @TempDir Path dir;
  ManualClock clock = new ManualClock(T0);
  Db db;

  @BeforeEach
  void open() {
    db =
        Db.open(
            dir,
            DbOptions.builder().compactionIntervalMs(0).retentionMs(0).build(),
            FileOps.defaults(),
            clock,
            new PrometheusRegistry());
    Appender app = db.appender();
    for (String job : List.of("a", "b")) {
      long ref = 0;
      for (int i = 0; i < SAMPLES_PER_SERIES; i++) {
        ref = app.append(ref, Labels.of("__name__", "m", "job", job), T0 + i * 1000L, i);
      }
    }
    app.append(0, Labels.of("__name__", "other"), T0, 1);
    app.commit();
  }

  @AfterEach
  void close() {
    db.close();
  }

  ReadEndpoint endpoint(ReadLimits limits) {
    return new ReadEndpoint(
        db, db, () -> Labels.of("cluster", "eu", "job", "ext"), limits, new PrometheusRegistry());
  }

  static byte[] request(long start, long end, List<Integer> types, PbV1.LabelMatcher... ms)
      throws IOException {
    PbV1.ReadRequest.Builder b = PbV1.ReadRequest.newBuilder();
    b.addQueries(
        PbV1.Query.newBuilder()
            .setStartTimestampMs(start)
            .setEndTimestampMs(end)
            .addAllMatchers(List.of(ms)));
    for (int t : types) {
      b.addAcceptedResponseTypesValue(t);
    }
    return Snappy.compress(b.build().toByteArray());
  }

  static PbV1.LabelMatcher eq(String name, String value) {
    return PbV1.LabelMatcher.newBuilder()
        .setType(PbV1.LabelMatcher.Type.EQ)
        .setName(name)
        .setValue(value)
        .build();
  }

  static byte[] run(ReadEndpoint.Response r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    r.body().writeTo(out);
    return out.toByteArray();
  }

  @Test
  void handle_samples_returnsRangeWithExternalLabels() throws IOException {
    ReadEndpoint.Response r =
        endpoint(ReadLimits.DEFAULT)
            .handle(
                new ByteArrayInputStream(
                    request(T0 + 10_000, T0 + 19_000, List.of(), eq("__name__", "m"))));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers())
        .containsEntry("Content-Type", "application/x-protobuf")
        .containsEntry("Content-Encoding", "snappy");
    PbV1.ReadResponse resp = PbV1.ReadResponse.parseFrom(Snappy.uncompress(run(r)));
    assertThat(resp.getResultsCount()).isEqualTo(1);
    List<PbV1.TimeSeries> ts = resp.getResults(0).getTimeseriesList();
    assertThat(ts).hasSize(2);
    assertThat(ts.get(0).getLabelsList())
        .extracting(l -> l.getName() + "=" + l.getValue())
        .containsExactly("__name__=m", "cluster=eu", "job=a");
    assertThat(ts.get(0).getSamplesList()).hasSize(10);
    assertThat(ts.get(0).getSamples(0).getTimestamp()).isEqualTo(T0 + 10_000);
    assertThat(ts.get(0).getSamples(0).getValue()).isEqualTo(10);
  }

  @Test
  void handle_externalLabelMatcherMatchesAbsence() throws IOException {
    ReadEndpoint.Response r =
        endpoint(ReadLimits.DEFAULT)
            .handle(
                new ByteArrayInputStream(
                    request(
                        T0, T0 + 5000, List.of(0), eq("cluster", "eu"), eq("__name__", "other"))));
    PbV1.ReadResponse resp = PbV1.ReadResponse.parseFrom(Snappy.uncompress(run(r)));
    assertThat(resp.getResults(0).getTimeseriesList()).hasSize(1);
  }

  @Test
  void handle_sampleLimit_400() throws IOException {
    ReadEndpoint.Response r =
        endpoint(new ReadLimits(100, 1, 1 << 20))
            .handle(
                new ByteArrayInputStream(
                    request(T0, T0 + 1_000_000, List.of(0), eq("__name__", "m"))));
    assertThat(r.status()).isEqualTo(400);
    assertThat(new String(run(r))).isEqualTo("exceeded sample limit (100)\n");
  }

  record Frame(long queryIndex, PbV1.ChunkedSeries series) {}

  static List<Frame> frames(byte[] body) throws IOException {
    List<Frame> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(body);
    while (b.hasRemaining()) {
      long len = 0;
      for (int shift = 0; ; shift += 7) {
        byte x = b.get();
        len |= (long) (x & 0x7f) << shift;
        if (x >= 0) {
          break;
        }
      }
      int crc = b.getInt();
      byte[] msg = new byte[(int) len];
      b.get(msg);
      CRC32C c = new CRC32C();
      c.update(msg);
      assertThat((int) c.getValue()).isEqualTo(crc);
      PbV1.ChunkedReadResponse r = PbV1.ChunkedReadResponse.parseFrom(msg);
      assertThat(r.getChunkedSeriesCount()).isEqualTo(1);
      out.add(new Frame(r.getQueryIndex(), r.getChunkedSeries(0)));
    }
    return out;
  }

  @Test
  void handle_streamedChunks_framesWithCrcAndEverySample() throws IOException {
    ReadEndpoint.Response r =
        endpoint(new ReadLimits(0, 2, 200))
            .handle(
                new ByteArrayInputStream(
                    request(T0, T0 + 10_000_000, List.of(5, 1, 0), eq("__name__", "m"))));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.headers()).containsEntry("Content-Type", ReadEndpoint.STREAMED_CONTENT_TYPE);
    List<Frame> frames = frames(run(r));
    // 1000 samples make several 120-sample XOR chunks; a 200-byte budget gives each its own frame
    assertThat(frames.size()).isGreaterThan(4);
    Map<String, List<Long>> times = new LinkedHashMap<>();
    for (Frame f : frames) {
      assertThat(f.queryIndex()).isZero();
      String job =
          f.series().getLabelsList().stream()
              .filter(l -> l.getName().equals("job"))
              .findFirst()
              .orElseThrow()
              .getValue();
      for (PbV1.Chunk c : f.series().getChunksList()) {
        assertThat(c.getType()).isEqualTo(PbV1.Chunk.Encoding.XOR);
        SampleIterator it = XorChunk.fromBytes(c.getData().toByteArray()).iterator(null);
        while (it.next() == ValueType.FLOAT) {
          times.computeIfAbsent(job, k -> new ArrayList<>()).add(it.atT());
        }
        assertThat(c.getMinTimeMs()).isLessThanOrEqualTo(c.getMaxTimeMs());
      }
    }
    assertThat(times.keySet()).containsExactly("a", "b");
    assertThat(times.get("a")).hasSize(SAMPLES_PER_SERIES).isSorted();
  }

  @Test
  void handle_badInput_400() throws IOException {
    ReadEndpoint e = endpoint(ReadLimits.DEFAULT);
    ReadEndpoint.Response bad = e.handle(new ByteArrayInputStream(new byte[] {1, 2, 3}));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(new String(run(bad))).isEqualTo("snappy: corrupt input\n");
    ReadEndpoint.Response types =
        e.handle(new ByteArrayInputStream(request(T0, T0, List.of(7), eq("__name__", "m"))));
    assertThat(types.status()).isEqualTo(400);
    assertThat(new String(run(types)))
        .startsWith("server does not support any of the requested response types: [7]");
    PbV1.LabelMatcher badRe =
        PbV1.LabelMatcher.newBuilder()
            .setType(PbV1.LabelMatcher.Type.RE)
            .setName("job")
            .setValue("(")
            .build();
    ReadEndpoint.Response re =
        e.handle(new ByteArrayInputStream(request(T0, T0, List.of(), badRe)));
    assertThat(re.status()).isEqualTo(400);
    assertThat(new String(run(re))).startsWith("error parsing regexp");
  }
}
