package io.argus.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.model.labels.Labels;
import io.argus.remote.proto.ProtoWriter;
import io.argus.remote.proto.WriteRequestV1Encoder;
import io.argus.remote.proto.WriteRequestV2Encoder;
import io.argus.remote.read.ReadLimits;
import io.argus.remote.receiver.HaTrackerConfig;
import io.argus.remote.receiver.WriteProtocol;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/** {@code /api/v1/write} over HTTP on a real server: negotiation, bad input, HA dedup, flags. */
class ArgusServerRemoteWriteTest {
  private static final BuildInfo BUILD =
      new BuildInfo("1.2.3", "abc123", "main", "20260101-00:00:00", "25", "linux/amd64");

  @TempDir Path tmp;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @AfterEach
  void closeClient() {
    http.close();
  }

  private ArgusServer start(boolean receiver, boolean ha) throws Exception {
    return ArgusServer.start(
        new ServerSettings(
            new StorageOptions(tmp, 15 * 86_400_000L, 0),
            new ListenAddress("127.0.0.1", 0),
            null,
            false,
            50,
            false,
            QuerySettings.DEFAULT,
            Map.of(),
            null)
        .withRemote(
            new RemoteSettings(
                receiver,
                EnumSet.allOf(WriteProtocol.class),
                new HaTrackerConfig(ha, "cluster", "__replica__", 30_000, 0),
                ReadLimits.DEFAULT)),
        TsdbServerStorage.factory(FileOps.defaults()),
        BUILD,
        Clock.SYSTEM);
  }

  private HttpResponse<String> post(URI base, String contentType, byte[] body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve("/api/v1/write"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", contentType)
            .header("Content-Encoding", "snappy")
            .header("X-Prometheus-Remote-Write-Version", "0.1.0")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] v1(long t, String... labels) throws Exception {
    WriteRequestV1Encoder enc = new WriteRequestV1Encoder();
    enc.beginSeries(Labels.of(labels));
    enc.sample(t, 42);
    enc.endSeries();
    return Snappy.compress(enc.writer().toByteArray());
  }

  private String query(URI base, String expr) throws Exception {
    return http.send(
            HttpRequest.newBuilder(
                    base.resolve(
                        "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void write_storesAndRejectsBadInputWhileStayingHealthy() throws Exception {
    try (ArgusServer server = start(true, false)) {
      URI base = server.baseUri();
      long now = Clock.SYSTEM.millis();
      HttpResponse<String> ok =
          post(base, "application/x-protobuf", v1(now, "__name__", "rw_test", "job", "j"));
      assertThat(ok.statusCode()).isEqualTo(204);
      assertThat(query(base, "rw_test")).contains("\"job\":\"j\"").contains("\"42\"");

      byte[] malformed = Snappy.compress(new byte[] {0x0a, 0x7f, 0x01});
      HttpResponse<String> bad = post(base, "application/x-protobuf", malformed);
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).isEqualTo("length 127 exceeds the 1 bytes left\n");

      // Labels sort themselves, so write the out-of-order pair by hand
      ProtoWriter w = new ProtoWriter();
      int ts = w.beginMessage(1);
      for (String[] l : new String[][] {{"job", "x"}, {"__name__", "zz"}}) {
        int m = w.beginMessage(1);
        w.stringField(1, l[0]);
        w.stringField(2, l[1]);
        w.endMessage(m);
      }
      w.endMessage(ts);
      HttpResponse<String> order =
          post(base, "application/x-protobuf", Snappy.compress(w.toByteArray()));
      assertThat(order.statusCode()).isEqualTo(400);
      assertThat(order.body()).startsWith("label names out of order");

      HttpResponse<String> framing =
          post(base, "application/x-protobuf", new byte[] {(byte) 0xff, 6, 0, 0, 's', 'N'});
      assertThat(framing.statusCode()).isEqualTo(400);
      assertThat(framing.body()).isEqualTo("snappy: corrupt input\n");

      HttpResponse<String> get =
          http.send(
              HttpRequest.newBuilder(base.resolve("/api/v1/write")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(get.statusCode()).isEqualTo(405);

      WriteRequestV2Encoder v2 = new WriteRequestV2Encoder();
      v2.beginSeries(Labels.of("__name__", "rw_v2"));
      v2.sample(now, 1);
      v2.sample(now + 1, 2);
      v2.endSeries();
      ProtoWriter out = new ProtoWriter();
      v2.finish(out);
      HttpResponse<String> r2 =
          post(
              base,
              "application/x-protobuf;proto=io.prometheus.write.v2.Request",
              Snappy.compress(out.toByteArray()));
      assertThat(r2.statusCode()).isEqualTo(204);
      assertThat(r2.headers().firstValue("X-Prometheus-Remote-Write-Samples-Written"))
          .hasValue("2");

      assertThat(query(base, "count({__name__=~\"zz|rw_.*\"})")).contains("\"2\"");
      assertThat(
              http.send(
                      HttpRequest.newBuilder(base.resolve("/-/healthy")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void write_disabledReceiverAnswers404() throws Exception {
    try (ArgusServer server = start(false, false)) {
      HttpResponse<String> r =
          post(server.baseUri(), "application/x-protobuf", v1(0, "__name__", "x"));
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body())
          .isEqualTo(
              "remote write receiver needs to be enabled with"
                  + " --web.enable-remote-write-receiver\n");
    }
  }

  @Test
  void write_haDedupDropsTheOtherReplicaWith202() throws Exception {
    try (ArgusServer server = start(true, true)) {
      URI base = server.baseUri();
      long now = Clock.SYSTEM.millis();
      assertThat(
              post(
                      base,
                      "application/x-protobuf",
                      v1(now, "__name__", "ha_test", "cluster", "c", "__replica__", "r1"))
                  .statusCode())
          .isEqualTo(204);
      HttpResponse<String> other =
          post(
              base,
              "application/x-protobuf",
              v1(now + 1, "__name__", "ha_test", "cluster", "c", "__replica__", "r2"));
      assertThat(other.statusCode()).isEqualTo(202);
      String stored = query(base, "ha_test");
      assertThat(stored).contains("\"cluster\":\"c\"").doesNotContain("__replica__");
      String metrics =
          http.send(
                  HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics)
          .contains("cortex_ha_tracker_elected_replica_changes_total{cluster=\"c\"} 1.0")
          .contains("cortex_distributor_deduped_samples_total{cluster=\"c\"} 1.0");
    }
  }
}
