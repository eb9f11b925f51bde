package io.argus.store.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.Appender;
import io.argus.storage.SelectHints;
import io.argus.store.LabelRequest;
import io.argus.store.SeriesRequest;
import io.argus.store.SeriesStore;
import io.argus.store.StoreException;
import io.argus.store.StoreFixture;
import io.argus.store.StoreInfo;
import io.argus.store.StoreSeriesSet;
import io.argus.store.grpc.pb.InfoGrpc;
import io.argus.store.grpc.pb.InfoPb;
import io.argus.store.grpc.pb.RpcPb;
import io.argus.store.grpc.pb.StoreGrpc;
import io.argus.store.grpc.pb.TypesPb;
import io.argus.store.tsdb.TsdbFixtures;
import io.argus.store.tsdb.TsdbStore;
import io.argus.testkit.LoopbackPorts;
import io.argus.tsdb.Db;
import io.argus.util.Clock;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server and client over loopback: limits, faults, flow control and cancellation. */
class GrpcStoreServerTest {
  static final long T0 = 1_700_000_000_000L;
  static final int SERIES = 3000;
  static final Labels EXTERNAL = Labels.of("replica", "a");
  static final Matcher ALL = Matcher.equal("__name__", "load");

  @TempDir Path dir;
  Db db;
  InstrumentedTsdb tsdb;
  PrometheusRegistry registry = new PrometheusRegistry();
  final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void open() {
    db = TsdbFixtures.open(dir, new StoreFixture(EXTERNAL, List.of()));
    Appender app = db.appender();
    for (int s = 0; s < SERIES; s++) {
      Labels labels = Labels.of("__name__", "load", "i", String.format("%05d", s));
      long ref = 0;
      for (int i = 0; i < 20; i++) {
        ref = app.append(ref, labels, T0 + i * 15_000L, i);
      }
    }
    app.commit();
    tsdb = new InstrumentedTsdb(db);
  }

  @AfterEach
  void close() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    db.close();
  }

  GrpcStoreServer server(GrpcStoreServer.Options options) throws Exception {
    TsdbStore store =
        new TsdbStore("local", tsdb, () -> EXTERNAL, db::startTime, () -> T0 + 3_600_000);
    GrpcStoreServer s =
        GrpcStoreServer.start("127.0.0.1", 0, store, options, registry, Clock.SYSTEM);
    toClose.add(s);
    return s;
  }

  GrpcStoreClient client(String address, GrpcStoreClient.Options options, int window) {
    GrpcStoreClient c = GrpcStoreClient.connect(address, options, window);
    toClose.add(c);
    return c;
  }

  ManagedChannel channel(GrpcStoreServer server) {
    ManagedChannel ch = NettyChannelBuilder.forTarget(server.address()).usePlaintext().build();
    toClose.add(ch::shutdownNow);
    return ch;
  }

  static SeriesRequest request(boolean partial, Matcher... matchers) {
    return new SeriesRequest(
        T0, T0 + 3_600_000, List.of(matchers), List.of(), false, partial, SelectHints.NONE, 0);
  }

  static RpcPb.SeriesRequest.Builder raw(
      TypesPb.LabelMatcher.Type type, String name, String value) {
    return RpcPb.SeriesRequest.newBuilder()
        .setMinTime(T0)
        .setMaxTime(T0 + 3_600_000)
        .addMatchers(TypesPb.LabelMatcher.newBuilder().setType(type).setName(name).setValue(value));
  }

  static List<RpcPb.SeriesResponse> frames(ManagedChannel ch, RpcPb.SeriesRequest r) {
    List<RpcPb.SeriesResponse> out = new ArrayList<>();
    Iterator<RpcPb.SeriesResponse> it = StoreGrpc.newBlockingStub(ch).series(r);
    it.forEachRemaining(out::add);
    return out;
  }

  /** Waits (bounded) until {@code condition} holds; fails the test if it never does. */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; i < 1000; i++) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("timed out waiting until " + what);
  }

  double handled(String method, String code) {
    for (MetricSnapshot s : registry.scrape()) {
      if (s instanceof CounterSnapshot c
          && c.getMetadata().getPrometheusName().equals("argus_store_grpc_server_handled")) {
        for (CounterSnapshot.CounterDataPointSnapshot p : c.getDataPoints()) {
          if (method.equals(p.getLabels().get("grpc_method"))
              && code.equals(p.getLabels().get("grpc_code"))) {
            return p.getValue();
          }
        }
      }
    }
    return 0;
  }

  @Test
  void series_invalidRegexIsInvalidArgumentNamingTheMatcher() throws Exception {
    GrpcStoreServer server = server(GrpcStoreServer.Options.DEFAULT);

    assertThatThrownBy(
            () ->
                frames(channel(server), raw(TypesPb.LabelMatcher.Type.RE, "job", "(?=x)").build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.getStatus().getDescription())
                  .startsWith("invalid matcher job=~\"(?=x)\": error parsing regexp");
            });
    // the server counts a call after its status has gone out
    await("the server counts the rejected call", () -> handled("Series", "InvalidArgument") == 1);
  }

  @Test
  void badRequests_areInvalidArgumentWithAReason() throws Exception {
    GrpcStoreServer server = server(GrpcStoreServer.Options.DEFAULT);
    ManagedChannel ch = channel(server);

    assertThatThrownBy(
            () ->
                frames(
                    ch,
                    raw(TypesPb.LabelMatcher.Type.EQ, "a", "b")
                        .setMinTime(T0 + 1)
                        .setMaxTime(T0)
                        .build()))
        .hasMessage("INVALID_ARGUMENT: min_time 1700000000001 is after max_time 1700000000000");
    assertThatThrownBy(
            () ->
                frames(
                    ch,
                    raw(TypesPb.LabelMatcher.Type.EQ, "a", "b")
                        .setShardInfo(RpcPb.ShardInfo.newBuilder().setTotalShards(2))
                        .build()))
        .hasMessage("INVALID_ARGUMENT: sharded requests are not supported by this store");
    assertThatThrownBy(
            () ->
                StoreGrpc.newBlockingStub(ch)
                    .labelValues(RpcPb.LabelValuesRequest.newBuilder().setEnd(T0).build()))
        .hasMessage("INVALID_ARGUMENT: label name parameter cannot be empty");
    assertThatThrownBy(
            () ->
                StoreGrpc.newBlockingStub(ch)
                    .labelNames(
                        RpcPb.LabelNamesRequest.newBuilder()
                            .setEnd(T0)
                            .addMatchers(
                                TypesPb.LabelMatcher.newBuilder().setTypeValue(9).setName("job"))
                            .build()))
        .hasMessage("INVALID_ARGUMENT: unknown label matcher type 9 for label job");
  }

  @Test
  void series_requestOverTheSizeLimitIsRejected() throws Exception {
    GrpcStoreServer server = server(new GrpcStoreServer.Options(1024, 1 << 20, 0));

    assertThatThrownBy(
            () ->
                frames(
                    channel(server),
                    raw(TypesPb.LabelMatcher.Type.EQ, "job", "x".repeat(4000)).build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED));
    assertThat(tsdb.seriesRead.get()).isZero();
  }

  @Test
  void series_batchFramesHoldResponseBatchSizeSeries() throws Exception {
    GrpcStoreServer server = server(GrpcStoreServer.Options.DEFAULT);

    List<RpcPb.SeriesResponse> frames =
        frames(
            channel(server),
            raw(TypesPb.LabelMatcher.Type.RE, "i", "0000.|0001[0-4]")
                .setResponseBatchSize(10)
                .build());

    assertThat(frames).extracting(f -> f.getBatch().getSeriesCount()).containsExactly(10, 5);
    assertThat(frames.get(1).getBatch().getSeries(4).getLabelsList())
        .extracting(l -> l.getName() + "=" + l.getValue())
        .containsExactly("__name__=load", "i=00014", "replica=a");
  }

  @Test
  void series_storeWarningsBecomeWarningFrames() throws Exception {
    GrpcStoreServer server = server(GrpcStoreServer.Options.DEFAULT);
    tsdb.warnings = List.of("w1", "w2");
    GrpcStoreClient client = client(server.address(), GrpcStoreClient.Options.DEFAULT, 0);

    int n = 0;
    List<String> warnings;
    try (StoreSeriesSet set = client.series(request(true, Matcher.regex("i", "0000.")))) {
      while (set.next()) {
        n++;
      }
      warnings = set.warnings();
    }

    assertThat(n).isEqualTo(10);
    assertThat(warnings).containsExactly("w1", "w2");
  }

  @Test
  void series_storeFailureUnderWarnIsAWarningAfterTheSeriesSoFar() throws Exception {
    GrpcStoreServer server = server(GrpcStoreServer.Options.DEFAULT);
    tsdb.failAfterSeries = 5;
    GrpcStoreClient client = client(server.address(), GrpcStoreClient.Options.DEFAULT, 0);

    int n = 0;
    List<String> warnings;
    try (StoreSeriesSet set = client.series(request(true, ALL))) {
      while (set.next()) {
        n++;
      }
      warnings = set.warnings();
    }

    assertThat(n).isEqualTo(5);
    assertThat(warnings).containsExactly("store local: block 01TEST: checksum mismatch");
  }

  @Test
  void series_storeFailureUnderAbortFailsNamingEndpointAndCause() throws Exception {
    GrpcStoreServer server = server(GrpcStoreServer.Options.DEFAULT);
    tsdb.failAfterSeries = 5;
    GrpcStoreClient client = client(server.address(), GrpcStoreClient.Options.DEFAULT, 0);

    try (StoreSeriesSet set = client.series(request(false, ALL))) {
      assertThatThrownBy(
              () -> {
                while (set.next()) {
                  // drain
                }
              })
          .isInstanceOf(StoreException.class)
          .hasMessage(
              "receive series from "
                  + server.address()
                  + ": ABORTED: store local: block 01TEST: checksum mismatch");
    }
    await("the server counts the aborted call", () -> handled("Series", "Aborted") == 1);
  }

  @Test
  void series_slowReaderHoldsTheServerBackAndClosingCancelsIt() throws Exception {
    GrpcStoreServer server = server(GrpcStoreServer.Options.DEFAULT);
    GrpcStoreClient client =
        client(server.address(), new GrpcStoreClient.Options(60_000, 5_000, 1 << 20, 2, 1), 65_535);

    StoreSeriesSet set = client.series(request(true, ALL));
    assertThat(set.next()).isTrue();
    int[] last = {-1};
    int[] stableFor = {0};
    await(
        "the server stops reading",
        () -> {
          int now = tsdb.seriesRead.get();
          stableFor[0] = now == last[0] ? stableFor[0] + 1 : 0;
          last[0] = now;
          return stableFor[0] >= 20;
        });
    assertThat(tsdb.seriesRead.get())
        .as("series read while the client holds back")
        .isGreaterThan(1)
        .isLessThan(SERIES / 2);

    set.close();

    await("the server closes the querier", () -> tsdb.queriersClosed.get() == 1);
    await("the server counts the cancelled call", () -> handled("Series", "Canceled") == 1);
    assertThat(tsdb.seriesRead.get()).isLessThan(SERIES / 2);
  }

  @Test
  void series_serverDyingMidStreamEndsTheStreamWithAWarningNamingIt() throws Exception {
    GrpcStoreServer server = server(new GrpcStoreServer.Options(4 << 20, 1 << 20, 0));
    GrpcStoreClient client =
        client(server.address(), new GrpcStoreClient.Options(60_000, 5_000, 1 << 20, 2, 1), 65_535);

    int n = 0;
    List<String> warnings;
    try (StoreSeriesSet set = client.series(request(true, ALL))) {
      assertThat(set.next()).isTrue();
      n++;
      server.close();
      while (set.next()) {
        n++;
      }
      warnings = set.warnings();
    }

    assertThat(n).isLessThan(SERIES);
    assertThat(warnings)
        .singleElement()
        .asString()
        .startsWith("receive series from " + server.address() + ": ");
  }

  @Test
  void series_serverDyingMidStreamUnderAbortThrowsNamingIt() throws Exception {
    GrpcStoreServer server = server(new GrpcStoreServer.Options(4 << 20, 1 << 20, 0));
    GrpcStoreClient client =
        client(server.address(), new GrpcStoreClient.Options(60_000, 5_000, 1 << 20, 2, 1), 65_535);

    try (StoreSeriesSet set = client.series(request(false, ALL))) {
      assertThat(set.next()).isTrue();
      server.close();
      assertThatThrownBy(
              () -> {
                while (set.next()) {
                  // drain what was buffered before the failure
                }
              })
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("receive series from " + server.address() + ": ");
    }
  }

  @Test
  void series_deadlineEndsACallThatTakesTooLong() throws Exception {
    GrpcStoreServer server = server(GrpcStoreServer.Options.DEFAULT);
    tsdb.selectGate = new CountDownLatch(1);
    GrpcStoreClient client =
        client(server.address(), new GrpcStoreClient.Options(200, 5_000, 1 << 20, 8, 64), 0);

    List<String> warnings;
    try (StoreSeriesSet set = client.series(request(true, ALL))) {
      assertThat(set.next()).isFalse();
      warnings = set.warnings();
    } finally {
      tsdb.selectGate.countDown();
    }

    assertThat(warnings)
        .singleElement()
        .asString()
        .startsWith("receive series from " + server.address() + ": DEADLINE_EXCEEDED");
  }

  @Test
  void unreachableEndpoint_failsNamingIt() throws Exception {
    int port = LoopbackPorts.freePort();
    String address = "127.0.0.1:" + port;
    GrpcStoreClient client = client(address, GrpcStoreClient.Options.DEFAULT, 0);
    LabelRequest labels = new LabelRequest(T0, T0, List.of(), List.of(), true, 0);

    List<String> warnings;
    try (StoreSeriesSet set = client.series(request(true, ALL))) {
      assertThat(set.next()).isFalse();
      warnings = set.warnings();
    }
    assertThat(warnings)
        .singleElement()
        .asString()
        .startsWith("receive series from " + address + ": UNAVAILABLE");
    assertThatThrownBy(client::info)
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("info from " + address + ": UNAVAILABLE");
    assertThat(client.labelNames(labels).warnings())
        .singleElement()
        .asString()
        .startsWith("receive label names from " + address + ": UNAVAILABLE");
    assertThatThrownBy(
            () ->
                client.labelValues("job", new LabelRequest(T0, T0, List.of(), List.of(), false, 0)))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith("receive label values from " + address + ": UNAVAILABLE");
  }

  @Test
  void info_isServedWithTsdbInfos() throws Exception {
    GrpcStoreServer server = server(GrpcStoreServer.Options.DEFAULT);

    InfoPb.InfoResponse r =
        InfoGrpc.newBlockingStub(channel(server)).info(InfoPb.InfoRequest.getDefaultInstance());

    assertThat(r.getComponentType()).isEqualTo("sidecar");
    assertThat(r.getLabelSetsList()).hasSize(1);
    assertThat(r.getStore().getMinTime()).isEqualTo(T0);
    assertThat(r.getStore().getMaxTime()).isEqualTo(T0 + 3_600_000);
    assertThat(r.getStore().getSupportsWithoutReplicaLabels()).isTrue();
    assertThat(r.getStore().getTsdbInfosList()).hasSize(1);
    SeriesStore client = client(server.address(), GrpcStoreClient.Options.DEFAULT, 0);
    assertThat(client.info())
        .isEqualTo(new StoreInfo(List.of(EXTERNAL), T0, T0 + 3_600_000, "sidecar", true));
    await("the server counts both Info calls", () -> handled("Info", "OK") == 2);
  }
}
