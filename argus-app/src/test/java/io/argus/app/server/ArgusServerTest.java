package io.argus.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.testkit.LoopbackPorts;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArgusServerTest {
  private static final BuildInfo BUILD =
      new BuildInfo("1.2.3", "abc123", "main", "20260101-00:00:00", "25", "linux/amd64");
  private static final ServerStorage.Factory TSDB_STORAGE =
      TsdbServerStorage.factory(FileOps.defaults());

  @TempDir Path tmp;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @AfterEach
  void closeClient() {
    http.close();
  }

  private ServerSettings settings(Path dir, int port) {
    return new ServerSettings(
        new StorageOptions(dir, 15 * 86_400_000L, 0), new ListenAddress("127.0.0.1", port));
  }

  private HttpResponse<String> get(URI uri, String path, String accept)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri.resolve(path)).timeout(Duration.ofSeconds(30));
    if (!accept.isEmpty()) {
      request.header("Accept", accept);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void start_servesHealthReadyAndMetrics() throws Exception {
    try (ArgusServer server =
        ArgusServer.start(settings(tmp, 0), TSDB_STORAGE, BUILD, Clock.SYSTEM)) {
      URI uri = server.baseUri();
      assertThat(uri.getHost()).isEqualTo("127.0.0.1");
      assertThat(server.isReady()).isTrue();

      HttpResponse<String> healthy = get(uri, "/-/healthy", "");
      assertThat(healthy.statusCode()).isEqualTo(200);
      assertThat(healthy.body()).isEqualTo("Argus Server is Healthy.\n");

      HttpResponse<String> ready = get(uri, "/-/ready", "");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).isEqualTo("Argus Server is Ready.\n");

      HttpResponse<String> metrics = get(uri, "/metrics", "");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type"))
          .hasValue("text/plain; version=0.0.4; charset=utf-8");
      List<String> samples =
          metrics.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
      assertThat(samples)
          .contains(
              "argus_build_info{branch=\"main\",javaversion=\"25\",revision=\"abc123\","
                  + "version=\"1.2.3\"} 1");
      assertThat(samples).anyMatch(l -> l.startsWith("jvm_memory_used_bytes{"));
      assertThat(samples).anyMatch(l -> l.startsWith("jvm_threads_current "));
      assertThat(metrics.body()).contains("# TYPE argus_build_info gauge\n");
    }
  }

  @Test
  void metrics_negotiatesOpenMetrics() throws Exception {
    try (ArgusServer server =
        ArgusServer.start(settings(tmp, 0), TSDB_STORAGE, BUILD, Clock.SYSTEM)) {
      HttpResponse<String> metrics =
          get(
              server.baseUri(),
              "/metrics",
              "application/openmetrics-text; version=1.0.0; charset=utf-8");

      assertThat(metrics.headers().firstValue("Content-Type"))
          .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
      assertThat(metrics.body()).contains("# TYPE argus_build info\n").endsWith("# EOF\n");
    }
  }

  @Test
  void handler_rejectsUnknownPathsAndMethods() throws Exception {
    try (ArgusServer server =
        ArgusServer.start(settings(tmp, 0), TSDB_STORAGE, BUILD, Clock.SYSTEM)) {
      assertThat(get(server.baseUri(), "/nope", "").statusCode()).isEqualTo(404);
      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(server.baseUri().resolve("/-/healthy"))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
    }
  }

  @Test
  void ready_isUnavailableUntilStorageIsOpen() throws Exception {
    int port = LoopbackPorts.freePort();
    CountDownLatch opening = new CountDownLatch(1);
    CountDownLatch proceed = new CountDownLatch(1);
    ServerStorage.Factory slowStorage =
        (options, clock, registry) -> {
          opening.countDown();
          try {
            proceed.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
          }
          return TSDB_STORAGE.open(options, clock, registry);
        };
    CompletableFuture<ArgusServer> starting =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return ArgusServer.start(settings(tmp, port), slowStorage, BUILD, Clock.SYSTEM);
              } catch (ServerStartException e) {
                throw new IllegalStateException(e);
              }
            });
    URI uri = URI.create("http://127.0.0.1:" + port + "/");
    try {
      assertThat(opening.await(60, TimeUnit.SECONDS)).isTrue();

      HttpResponse<String> notReady = get(uri, "/-/ready", "");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).isEqualTo("Service Unavailable");
      assertThat(get(uri, "/-/healthy", "").statusCode()).isEqualTo(200);
    } finally {
      proceed.countDown();
    }
    try (ArgusServer server = starting.get(60, TimeUnit.SECONDS)) {
      assertThat(get(uri, "/-/ready", "").statusCode()).isEqualTo(200);
      assertThat(server.port()).isEqualTo(port);
    }
  }

  @Test
  void start_onLockedDirectory_failsAndFreesItsPort() throws Exception {
    try (ArgusServer first =
        ArgusServer.start(settings(tmp, 0), TSDB_STORAGE, BUILD, Clock.SYSTEM)) {
      int port = LoopbackPorts.freePort();

      assertThatThrownBy(
              () -> ArgusServer.start(settings(tmp, port), TSDB_STORAGE, BUILD, Clock.SYSTEM))
          .isInstanceOf(ServerStartException.class)
          .hasMessage("opening storage failed: lock DB directory: resource temporarily unavailable")
          .extracting(e -> ((ServerStartException) e).step())
          .isEqualTo("opening storage failed");
      try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        assertThat(again.getLocalPort()).isEqualTo(port);
      }
      assertThat(first.isReady()).isTrue();
    }
  }

  @Test
  void close_stopsHttpAndReleasesStorage() throws Exception {
    ArgusServer server =
        ArgusServer.start(settings(tmp, 0), TSDB_STORAGE, BUILD, Clock.SYSTEM);
    URI uri = server.baseUri();

    server.close();

    assertThat(server.isReady()).isFalse();
    assertThatThrownBy(() -> get(uri, "/-/healthy", "")).isInstanceOf(IOException.class);
    TsdbServerStorage.open(
            FileOps.defaults(),
            new StorageOptions(tmp, 0, 0),
            Clock.SYSTEM,
            new PrometheusRegistry())
        .close();
  }

}
