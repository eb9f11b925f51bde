package io.argus.store.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.store.MemoryStore;
import io.argus.store.StoreException;
import io.argus.store.grpc.pb.InfoGrpc;
import io.argus.store.grpc.pb.InfoPb;
import io.argus.store.grpc.pb.MetadataGrpc;
import io.argus.store.grpc.pb.MetadataPb;
import io.argus.store.grpc.pb.TypesPb;
import io.argus.store.metadata.MetadataResult;
import io.argus.store.metadata.MetricMeta;
import io.argus.store.metadata.MetricMetadataSource;
import io.argus.util.Clock;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code thanos.Metadata} API between {@link GrpcStoreServer} and {@link GrpcStoreClient}. */
class GrpcMetadataTest {
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : open.reversed()) {
      c.close();
    }
  }

  private GrpcStoreClient serve(MetricMetadataSource metadata, int maxFrameBytes) throws Exception {
    GrpcStoreServer server =
        GrpcStoreServer.start(
            "127.0.0.1",
            0,
            MemoryStore.of("m", Labels.of("replica", "a")),
            metadata,
            new GrpcStoreServer.Options(4 << 20, maxFrameBytes, 1_000),
            new PrometheusRegistry(),
            Clock.SYSTEM);
    open.add(server);
    GrpcStoreClient client =
        GrpcStoreClient.connect(server.address(), GrpcStoreClient.Options.DEFAULT);
    open.add(client);
    return client;
  }

  private static Map<String, List<MetricMeta>> families(int n) {
    Map<String, List<MetricMeta>> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put(
          "family_%03d".formatted(i),
          List.of(
              new MetricMeta("counter", "help of " + i, ""),
              new MetricMeta("gauge", "other help", "seconds")));
    }
    return m;
  }

  @Test
  void metricMetadata_manyFamiliesOverSmallFrames_arriveWholeWithRequestAndWarnings()
      throws Exception {
    AtomicReference<String> asked = new AtomicReference<>();
    GrpcStoreClient client =
        serve(
            (metric, limit, partial) -> {
              asked.set(metric + "/" + limit + "/" + partial);
              return new MetadataResult(families(300), List.of("target x is stale"));
            },
            512);

    MetadataResult r = client.metricMetadata("", -1, true);
    assertThat(r.metadata()).isEqualTo(new MetadataResult(families(300), List.of()).metadata());
    assertThat(r.warnings()).containsExactly("target x is stale");
    assertThat(asked.get()).isEqualTo("/-1/true");

    client.metricMetadata("family_001", 5, false);
    assertThat(asked.get()).isEqualTo("family_001/5/false");
    client.metricMetadata("", 0, true);
    assertThat(asked.get()).as("0 is an unset limit").isEqualTo("/-1/true");
  }

  @Test
  void metricMetadata_sourceFailure_isAWarningOrAbortsNamingTheEndpoint() throws Exception {
    GrpcStoreClient client =
        serve(
            (metric, limit, partial) -> {
              throw new StoreException("scrape view unavailable");
            },
            1 << 20);

    MetadataResult warned = client.metricMetadata("", -1, true);
    assertThat(warned.metadata()).isEmpty();
    assertThat(warned.warnings()).containsExactly("scrape view unavailable");
    assertThatThrownBy(() -> client.metricMetadata("", -1, false))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("receive metric metadata from " + client.name())
        .hasMessageContaining("ABORTED: scrape view unavailable");
  }

  /** Field numbers and types as Thanos' metadatapb, pinned byte by byte. */
  @Test
  void wire_messagesEncodeWithThanosFieldNumbers() {
    MetadataPb.MetricMetadataRequest request =
        MetadataPb.MetricMetadataRequest.newBuilder()
            .setMetric("up")
            .setLimit(-1)
            .setPartialResponseStrategy(TypesPb.PartialResponseStrategy.ABORT)
            .build();
    assertThat(HexFormat.of().formatHex(request.toByteArray()))
        .isEqualTo("0a027570" + "10ffffffffffffffffff01" + "1801");

    MetadataPb.MetricMetadataResponse metadata =
        MetadataPb.MetricMetadataResponse.newBuilder()
            .setMetadata(
                MetadataPb.MetricMetadata.newBuilder()
                    .putMetadata(
                        "a",
                        MetadataPb.MetricMetadataEntry.newBuilder()
                            .addMetas(MetadataPb.Meta.newBuilder().setType("counter"))
                            .build()))
            .build();
    String meta = "0a07" + HexFormat.of().formatHex("counter".getBytes(StandardCharsets.UTF_8));
    String entry = "1209" + meta;
    String mapEntry = "0a0161" + "120b" + entry;
    assertThat(HexFormat.of().formatHex(metadata.toByteArray()))
        .isEqualTo("0a12" + "0a10" + mapEntry);
    assertThat(
            HexFormat.of()
                .formatHex(
                    MetadataPb.MetricMetadataResponse.newBuilder()
                        .setWarning("w")
                        .build()
                        .toByteArray()))
        .isEqualTo("120177");
    assertThat(MetadataGrpc.getMetricMetadataMethod().getFullMethodName())
        .isEqualTo("thanos.Metadata/MetricMetadata");
  }

  @Test
  void info_advertisesMetadataOnlyWhenServed() throws Exception {
    GrpcStoreClient with = serve((m, l, p) -> MetadataResult.EMPTY, 1 << 20);
    GrpcStoreServer plain =
        GrpcStoreServer.start(
            "127.0.0.1",
            0,
            MemoryStore.of("m", Labels.EMPTY),
            GrpcStoreServer.Options.DEFAULT,
            new PrometheusRegistry(),
            Clock.SYSTEM);
    open.add(plain);
    GrpcStoreClient without =
        GrpcStoreClient.connect(plain.address(), GrpcStoreClient.Options.DEFAULT);
    open.add(without);

    assertThat(rawInfo(with.name()).hasMetricMetadata()).isTrue();
    assertThat(rawInfo(without.name()).hasMetricMetadata()).isFalse();
    // A store without the Metadata API answers nothing, and that is not a failure.
    assertThat(without.metricMetadata("", -1, false)).isEqualTo(MetadataResult.EMPTY);
  }

  private static InfoPb.InfoResponse rawInfo(String address) throws InterruptedException {
    ManagedChannel channel = NettyChannelBuilder.forTarget(address).usePlaintext().build();
    try {
      return InfoGrpc.newBlockingStub(channel)
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .info(InfoPb.InfoRequest.getDefaultInstance());
    } finally {
      channel.shutdownNow();
      channel.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
