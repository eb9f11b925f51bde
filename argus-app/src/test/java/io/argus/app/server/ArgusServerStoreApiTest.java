package io.argus.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.app.ArgusCli;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.app.up.JavaLauncher;
import io.argus.app.web.WebServer;
import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.ChunkMeta;
import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import io.argus.store.LabelRequest;
import io.argus.store.SeriesRequest;
import io.argus.store.StoreInfo;
import io.argus.store.StoreSeriesSet;
import io.argus.store.grpc.GrpcStoreClient;
import io.argus.store.metadata.MetadataResult;
import io.argus.store.metadata.MetricMeta;
import io.argus.testkit.Await;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code argus server --grpc-address}: the StoreAPI over what the server scraped. */
class ArgusServerStoreApiTest {
  private static final ArgusCli.Context CONTEXT =
      new ArgusCli.Context(
          new BuildInfo("1.2.3", "abc123", "main", "20260101-00:00:00", "25", "linux/amd64"),
          Clock.SYSTEM,
          TsdbServerStorage.factory(FileOps.defaults()),
          new JavaLauncher(Path.of("/usr/bin/java"), "argus.jar", "io.argus.app.Main"));
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir Path tmp;
  private WebServer exporter;

  @BeforeEach
  void startExporter() throws Exception {
    exporter =
        WebServer.start(
            new ListenAddress("127.0.0.1", 0),
            new Handler.Abstract() {
              @Override
              public boolean handle(Request request, Response response, Callback callback) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4");
                Content.Sink.write(
                    response,
                    true,
                    "# TYPE demo_requests_total counter\ndemo_requests_total{path=\"/\"} 42\n"
                        + "# HELP requests Requests served.\n# TYPE requests counter\nrequests 7\n"
                        + "# TYPE temperature gauge\ntemperature 21.5\n",
                    callback);
                return true;
              }
            });
  }

  @AfterEach
  void stopExporter() {
    exporter.close();
  }

  private static ServerCommand command(String... args) {
    StringWriter sink = new StringWriter();
    CommandLine cli =
        ArgusCli.commandLine(CONTEXT, new PrintWriter(sink, true), new PrintWriter(sink, true));
    cli.parseArgs(args);
    return cli.getSubcommands().get("server").getCommand();
  }

  private Path config(String replica) throws Exception {
    Path file = tmp.resolve("prometheus.yml");
    Files.writeString(
        file,
        """
        global:
          scrape_interval: 200ms
          scrape_timeout: 100ms
          external_labels: {cluster: eu, replica: %s}
        scrape_configs:
          - job_name: demo
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """
            .formatted(replica, exporter.port()));
    return file;
  }

  /** The samples of every series matching {@code matchers}, with their labels. */
  private static List<String> series(GrpcStoreClient client, List<String> without, Matcher... ms) {
    long now = Clock.SYSTEM.millis();
    List<String> out = new ArrayList<>();
    try (StoreSeriesSet set =
        client.series(
            new SeriesRequest(
                now - 600_000,
                now + 60_000,
                List.of(ms),
                without,
                false,
                false,
                io.argus.storage.SelectHints.NONE,
                0))) {
      while (set.next()) {
        StringBuilder sb = new StringBuilder(set.at().labels().toString());
        for (ChunkMeta c : set.at().chunks()) {
          SampleIterator it = c.chunk().iterator(null);
          while (it.next() == ValueType.FLOAT) {
            sb.append(' ').append(it.atFloat());
          }
        }
        out.add(sb.toString());
      }
    }
    return out;
  }

  @Test
  void grpcAddress_servesInfoAndSeriesOfScrapedDataAndFollowsReloads() throws Exception {
    Path config = config("a");
    ServerSettings settings =
        command(
                "server",
                "--config.file=" + config,
                "--storage.tsdb.path=" + tmp.resolve("data"),
                "--web.listen-address=127.0.0.1:0",
                "--web.enable-lifecycle",
                "--grpc-address=127.0.0.1:0")
            .settings();
    assertThat(settings.grpcAddress()).isEqualTo(new ListenAddress("127.0.0.1", 0));

    try (ArgusServer server =
            ArgusServer.start(settings, CONTEXT.storageFactory(), CONTEXT.build(), Clock.SYSTEM);
        GrpcStoreClient client =
            GrpcStoreClient.connect(
                "127.0.0.1:" + server.grpcPort(), GrpcStoreClient.Options.DEFAULT)) {
      assertThat(server.grpcPort()).isPositive();
      Matcher requests = Matcher.equal("__name__", "demo_requests_total");
      Await.until(
          "scraped data over the StoreAPI",
          DEADLINE,
          () -> !series(client, List.of(), requests).isEmpty());

      StoreInfo info = client.info();
      assertThat(info.labelSets()).containsExactly(Labels.of("cluster", "eu", "replica", "a"));
      assertThat(info.componentType()).isEqualTo("sidecar");
      assertThat(info.minTime()).isLessThanOrEqualTo(Clock.SYSTEM.millis());
      assertThat(info.maxTime()).isEqualTo(Long.MAX_VALUE);

      List<String> got = series(client, List.of("replica"), requests);
      assertThat(got)
          .singleElement()
          .asString()
          .startsWith(
              "{__name__=\"demo_requests_total\", cluster=\"eu\", instance=\"127.0.0.1:"
                  + exporter.port()
                  + "\", job=\"demo\", path=\"/\"} 42.0");
      assertThat(series(client, List.of(), requests, Matcher.equal("replica", "b"))).isEmpty();
      assertThat(
              client
                  .labelValues(
                      "job",
                      new LabelRequest(0, Long.MAX_VALUE, List.of(requests), List.of(), false, 0))
                  .values())
          .containsExactly("demo");

      Files.writeString(config, Files.readString(config).replace("replica: a", "replica: b"));
      server.reload();

      assertThat(client.info().labelSets())
          .containsExactly(Labels.of("cluster", "eu", "replica", "b"));
      assertThat(series(client, List.of(), requests, Matcher.equal("replica", "b"))).hasSize(1);
    }
  }

  @Test
  void grpcAddress_servesTheScrapedMetadataOverTheMetadataApi() throws Exception {
    ServerSettings settings =
        command(
                "server",
                "--config.file=" + config("a"),
                "--storage.tsdb.path=" + tmp.resolve("data"),
                "--web.listen-address=127.0.0.1:0",
                "--grpc-address=127.0.0.1:0")
            .settings();
    try (ArgusServer server =
            ArgusServer.start(settings, CONTEXT.storageFactory(), CONTEXT.build(), Clock.SYSTEM);
        GrpcStoreClient client =
            GrpcStoreClient.connect(
                "127.0.0.1:" + server.grpcPort(), GrpcStoreClient.Options.DEFAULT)) {
      Await.until(
          "scraped metadata over the Metadata API",
          DEADLINE,
          () -> client.metricMetadata("", -1, false).metadata().containsKey("requests"));

      MetadataResult all = client.metricMetadata("", -1, false);
      assertThat(all.warnings()).isEmpty();
      assertThat(all.metadata().get("requests"))
          .containsExactly(new MetricMeta("counter", "Requests served.", ""));
      assertThat(all.metadata().get("demo_requests_total"))
          .containsExactly(new MetricMeta("counter", "", ""));
      assertThat(all.metadata().get("temperature"))
          .containsExactly(new MetricMeta("gauge", "", ""));
      assertThat(client.metricMetadata("temperature", -1, false).metadata())
          .containsOnlyKeys("temperature");
      assertThat(client.metricMetadata("", 1, false).metadata()).hasSize(1);
    }
  }

  @Test
  void grpcAddress_isOffByDefaultAndCheckedWhenGiven() {
    ServerCommand plain = command("server");
    assertThat(plain.settings().grpcAddress()).isNull();
    assertThat(plain.settings().flags()).containsEntry("grpc-address", "");

    assertThatThrownBy(() -> command("server", "--grpc-address=10901").settings())
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessage("invalid --grpc-address: address 10901: missing port in address");
  }

  @Test
  void grpcAddress_inUseFailsStartClearly() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      ServerSettings settings =
          new ServerSettings(
                  new StorageOptions(tmp.resolve("data"), 15 * 86_400_000L, 0),
                  new ListenAddress("127.0.0.1", 0))
              .withGrpcAddress(new ListenAddress("127.0.0.1", taken.getLocalPort()));

      assertThatThrownBy(
              () ->
                  ArgusServer.start(
                      settings, CONTEXT.storageFactory(), CONTEXT.build(), Clock.SYSTEM))
          .isInstanceOf(ServerStartException.class)
          .hasMessageContaining("starting StoreAPI gRPC server failed")
          .hasMessageContaining("listen tcp 127.0.0.1:" + taken.getLocalPort());
    }
  }
}
