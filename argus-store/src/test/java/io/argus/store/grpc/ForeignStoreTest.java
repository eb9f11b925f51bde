package io.argus.store.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.ChunkMeta;
import io.argus.storage.ChunkSeries;
import io.argus.storage.chunkenc.ChunkAppender;
import io.argus.storage.chunkenc.XorChunk;
import io.argus.store.SampleBoundsSeries;
import io.argus.store.SeriesRequest;
import io.argus.store.StoreSeriesSet;
import io.argus.store.grpc.pb.LabelPb;
import io.argus.store.grpc.pb.RpcPb;
import io.argus.store.grpc.pb.StoreGrpc;
import io.argus.store.grpc.pb.TypesPb;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a store written the way Thanos' stores answer: a series split over frames,
 * hints frames, chunk kinds Argus cannot read, labels out of order.
 */
class ForeignStoreTest {
  private Server server;
  private GrpcStoreClient client;
  private final AtomicReference<RpcPb.SeriesRequest> received = new AtomicReference<>();

  @AfterEach
  void close() {
    client.close();
    server.shutdownNow();
  }

  private static TypesPb.AggrChunk xor(long from, long to) {
    XorChunk c = new XorChunk();
    ChunkAppender app = c.appender();
    for (long t = from; t <= to; t += 10) {
      app.append(t, t / 10.0);
    }
    return TypesPb.AggrChunk.newBuilder()
        .setMinTime(from)
        .setMaxTime(to)
        .setRaw(
            TypesPb.Chunk.newBuilder()
                .setType(TypesPb.Chunk.Encoding.XOR)
                .setData(ByteString.copyFrom(c.bytes(), 0, c.byteLength())))
        .build();
  }

  private static LabelPb.Label label(String n, String v) {
    return LabelPb.Label.newBuilder().setName(n).setValue(v).build();
  }

  private void serve(List<RpcPb.SeriesResponse> frames) throws Exception {
    String name = InProcessServerBuilder.generateName();
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(
                new StoreGrpc.StoreImplBase() {
                  @Override
                  public void series(
                      RpcPb.SeriesRequest request,
                      StreamObserver<RpcPb.SeriesResponse> responseObserver) {
                    received.set(request);
                    frames.forEach(responseObserver::onNext);
                    responseObserver.onCompleted();
                  }
                })
            .build()
            .start();
    client =
        GrpcStoreClient.over(
            "foreign",
            GrpcStoreClient.Options.DEFAULT,
            InProcessChannelBuilder.forName(name).directExecutor().build());
  }

  private static RpcPb.SeriesResponse series(List<LabelPb.Label> labels, TypesPb.AggrChunk... cs) {
    return RpcPb.SeriesResponse.newBuilder()
        .setSeries(TypesPb.Series.newBuilder().addAllLabels(labels).addAllChunks(List.of(cs)))
        .build();
  }

  @Test
  void series_joinsSplitFramesSkipsUnreadableChunksAndIgnoresHints() throws Exception {
    List<LabelPb.Label> a = List.of(label("__name__", "up"), label("job", "a"));
    List<LabelPb.Label> b = List.of(label("job", "b"), label("__name__", "up"));
    TypesPb.AggrChunk histogram =
        TypesPb.AggrChunk.newBuilder()
            .setMinTime(0)
            .setMaxTime(90)
            .setRaw(TypesPb.Chunk.newBuilder().setType(TypesPb.Chunk.Encoding.HISTOGRAM))
            .build();
    serve(
        List.of(
            series(a, xor(0, 90)),
            RpcPb.SeriesResponse.newBuilder().setHints(Any.getDefaultInstance()).build(),
            series(a, xor(100, 190)),
            series(a, xor(0, 190)),
            series(b, histogram, xor(0, 90)),
            RpcPb.SeriesResponse.newBuilder().setWarning("partial data from block X").build()));

    List<ChunkSeries> got = new ArrayList<>();
    List<String> warnings;
    try (StoreSeriesSet set =
        client.series(SeriesRequest.of(0, 1000, List.of(Matcher.equal("__name__", "up"))))) {
      while (set.next()) {
        ChunkSeries s = set.at();
        got.add(new Wire.DecodedSeries(s.labels(), s.chunks()));
      }
      warnings = set.warnings();
    }

    assertThat(got)
        .extracting(ChunkSeries::labels)
        .containsExactly(
            Labels.of("__name__", "up", "job", "a"),
            Labels.of("__name__", "up", "job", "a"),
            Labels.of("__name__", "up", "job", "b"));
    assertThat(got.get(0).chunks()).extracting(ChunkMeta::minTime).containsExactly(0L, 100L);
    assertThat(got.get(1).chunks()).extracting(ChunkMeta::minTime).containsExactly(0L);
    assertThat(got.get(2).chunks()).hasSize(1);
    assertThat(got.get(2).chunks().get(0).chunk().numSamples()).isEqualTo(10);
    assertThat(warnings)
        .containsExactly(
            "partial data from block X",
            "store foreign: left out 1 chunks that are not raw float chunks (native histograms or"
                + " downsampled aggregates are not supported)");
  }

  @Test
  void series_corruptChunkEndsTheStreamNamingTheStore() throws Exception {
    List<LabelPb.Label> a = List.of(label("__name__", "up"), label("job", "a"));
    TypesPb.AggrChunk corrupt =
        TypesPb.AggrChunk.newBuilder()
            .setRaw(TypesPb.Chunk.newBuilder().setData(ByteString.copyFrom(new byte[] {1})))
            .build();
    serve(List.of(series(a, xor(0, 90)), series(a, corrupt)));

    List<String> warnings;
    int n = 0;
    try (StoreSeriesSet set =
        client.series(SeriesRequest.of(0, 1000, List.of(Matcher.equal("__name__", "up"))))) {
      while (set.next()) {
        n++;
      }
      warnings = set.warnings();
    }

    assertThat(n).isEqualTo(1);
    assertThat(warnings)
        .singleElement()
        .asString()
        .startsWith(
            "receive series from foreign: INTERNAL: invalid series frame: invalid xor chunk");
  }

  @Test
  void series_requestCarriesHintsAggregatesAndStrategy() throws Exception {
    serve(List.of());
    SeriesRequest r =
        new SeriesRequest(
            10,
            20,
            List.of(Matcher.regex("job", "a|b")),
            List.of("replica"),
            true,
            false,
            new io.argus.storage.SelectHints(10, 20, 5, 60_000, "rate", List.of("job"), true, 0),
            7);

    try (StoreSeriesSet set = client.series(r)) {
      assertThat(set.next()).isFalse();
    }

    RpcPb.SeriesRequest got = received.get();
    assertThat(got.getMinTime()).isEqualTo(10);
    assertThat(got.getMaxTime()).isEqualTo(20);
    assertThat(Wire.fromPb(got.getMatchersList())).containsExactly(Matcher.regex("job", "a|b"));
    assertThat(got.getWithoutReplicaLabelsList()).containsExactly("replica");
    assertThat(got.getSkipChunks()).isTrue();
    assertThat(got.getPartialResponseStrategy()).isEqualTo(TypesPb.PartialResponseStrategy.ABORT);
    assertThat(got.getLimit()).isEqualTo(7);
    assertThat(got.getResponseBatchSize()).isEqualTo(64);
    assertThat(got.getAggregatesList()).containsExactly(RpcPb.Aggr.COUNTER);
    assertThat(got.getQueryHints().getStepMillis()).isEqualTo(5);
    assertThat(got.getQueryHints().getFunc().getName()).isEqualTo("rate");
    assertThat(got.getQueryHints().getRange().getMillis()).isEqualTo(60_000);
    assertThat(got.getQueryHints().getGrouping().getBy()).isTrue();
    assertThat(got.getQueryHints().getGrouping().getLabelsList()).containsExactly("job");
    assertThat(Wire.fromPb(got).hints().func()).isEqualTo("rate");
  }

  private static TypesPb.AggrChunk bounds(long first, long last) {
    return TypesPb.AggrChunk.newBuilder().setMinTime(first).setMaxTime(last).build();
  }

  private List<ChunkSeries> readAll(SeriesRequest request, List<String> warnings) {
    List<ChunkSeries> got = new ArrayList<>();
    try (StoreSeriesSet set = client.series(request)) {
      while (set.next()) {
        got.add(set.at());
      }
      warnings.addAll(set.warnings());
    }
    return got;
  }

  @Test
  void series_boundsAnswer_yieldsSampleBoundsSeriesNeverJoined() throws Exception {
    List<LabelPb.Label> a = List.of(label("__name__", "up"), label("job", "a"));
    // Equal labels with ranges that follow on: chunk frames like these would be joined.
    serve(List.of(series(a, bounds(0, 90)), series(a, bounds(100, 190)), series(a, bounds(5, 5))));
    SeriesRequest request =
        SeriesRequest.of(0, 1000, List.of(Matcher.equal("__name__", "up"))).withSampleBounds(true);
    List<String> warnings = new ArrayList<>();

    List<ChunkSeries> got = readAll(request, warnings);

    Labels up = Labels.of("__name__", "up", "job", "a");
    assertThat(got)
        .containsExactly(
            new SampleBoundsSeries(up, 0, 90),
            new SampleBoundsSeries(up, 100, 190),
            new SampleBoundsSeries(up, 5, 5));
    assertThat(warnings).isEmpty();
    assertThat(received.get().getSampleBounds()).isTrue();
  }

  @Test
  void series_boundsRequestToAStoreThatIgnoresIt_yieldsChunks() throws Exception {
    List<LabelPb.Label> a = List.of(label("__name__", "up"), label("job", "a"));
    serve(List.of(series(a, xor(0, 90)), series(a, xor(100, 190)), series(a, bounds(0, 5))));
    List<String> warnings = new ArrayList<>();

    List<ChunkSeries> got =
        readAll(
            SeriesRequest.of(0, 1000, List.of(Matcher.equal("__name__", "up")))
                .withSampleBounds(true),
            warnings);

    assertThat(got).hasSize(2);
    assertThat(got.get(0)).isInstanceOf(Wire.DecodedSeries.class);
    assertThat(got.get(0).chunks()).extracting(ChunkMeta::minTime).containsExactly(0L, 100L);
    assertThat(got.get(1))
        .isEqualTo(new SampleBoundsSeries(Labels.of("__name__", "up", "job", "a"), 0, 5));
    assertThat(warnings).isEmpty();
  }

  @Test
  void series_boundsChunkInAChunkAnswer_isALeftOutChunk() throws Exception {
    List<LabelPb.Label> a = List.of(label("__name__", "up"), label("job", "a"));
    serve(List.of(series(a, bounds(0, 90))));
    List<String> warnings = new ArrayList<>();

    List<ChunkSeries> got =
        readAll(SeriesRequest.of(0, 1000, List.of(Matcher.equal("__name__", "up"))), warnings);

    assertThat(got).singleElement().isInstanceOf(Wire.DecodedSeries.class);
    assertThat(got.get(0).chunks()).isEmpty();
    assertThat(warnings).singleElement().asString().contains("left out 1 chunks");
  }

  @Test
  void series_boundsEndingBeforeTheyStart_endTheStreamAsAnInvalidFrame() throws Exception {
    List<LabelPb.Label> a = List.of(label("__name__", "up"), label("job", "a"));
    serve(List.of(series(a, bounds(0, 90)), series(a, bounds(50, 49)), series(a, bounds(1, 2))));
    List<String> warnings = new ArrayList<>();

    List<ChunkSeries> got =
        readAll(
            SeriesRequest.of(0, 1000, List.of(Matcher.equal("__name__", "up")))
                .withSampleBounds(true),
            warnings);

    assertThat(got)
        .containsExactly(new SampleBoundsSeries(Labels.of("__name__", "up", "job", "a"), 0, 90));
    assertThat(warnings)
        .singleElement()
        .asString()
        .startsWith("receive series from foreign: INTERNAL: invalid series frame: invalid sample")
        .contains("max time 49 before min time 50");
  }
}
