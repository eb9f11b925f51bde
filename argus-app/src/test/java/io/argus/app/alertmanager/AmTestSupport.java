package io.argus.app.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.argus.app.testing.ExternalProcess;
import io.argus.testkit.LoopbackPorts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Helpers shared by the Alertmanager process tests: ports, HTTP calls, a webhook sink. */
final class AmTestSupport {
  static final Path DEBIAN_AM = Path.of("/usr/bin/prometheus-alertmanager");
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private AmTestSupport() {}

  static HttpResponse<String> send(String method, String url, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String url) throws Exception {
    return send("GET", url, null);
  }

  static HttpResponse<String> post(String url, String body) throws Exception {
    return send("POST", url, body);
  }

  /** Polls {@code base/-/ready} until it answers 200, bounded by {@code seconds}. */
  static void awaitReady(String base, long seconds, ExternalProcess process) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (true) {
      try {
        if (get(base + "/-/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      assertThat(process.process().isAlive()).as("process exited:%n%s", process.output()).isTrue();
      assertThat(System.nanoTime())
          .as("ready within %d s:%n%s", seconds, process.output())
          .isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  /** Debian's Alertmanager without a cluster, or Argus's fat jar, on {@code port}. */
  static List<String> debianCommand(Path config, Path storage, int port, String externalUrl) {
    return List.of(
        DEBIAN_AM.toString(),
        "--config.file=" + config,
        "--storage.path=" + storage,
        "--web.listen-address=127.0.0.1:" + port,
        "--web.external-url=" + externalUrl,
        "--cluster.listen-address=");
  }

  static List<String> argusCommand(
      Path jar, Path config, Path storage, int port, String externalUrl, String... extra) {
    List<String> args = new ArrayList<>();
    args.add("alertmanager");
    args.add("--config.file=" + config);
    args.add("--storage.path=" + storage);
    args.add("--web.listen-address=127.0.0.1:" + port);
    args.add("--web.external-url=" + externalUrl);
    args.addAll(List.of(extra));
    return ExternalProcess.argusJar(jar, args.toArray(String[]::new));
  }

  /** One request a {@link WebhookSink} received. */
  record Received(String path, long nanos, String body) {}

  /**
   * A webhook sink on a loopback port recording each POST with its arrival time; {@code status}
   * decides the answer per path (a path whose status is 0 hangs until the client gives up).
   */
  static final class WebhookSink implements AutoCloseable {
    final List<Received> received = new CopyOnWriteArrayList<>();
    final AtomicInteger hanging = new AtomicInteger();
    private final HttpServer server;

    WebhookSink(java.util.function.ToIntFunction<String> status) throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
      server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
      server.createContext(
          "/",
          exchange -> {
            long at = System.nanoTime();
            String path = exchange.getRequestURI().getPath();
            String body =
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(path, at, body));
            int code = status.applyAsInt(path);
            if (code == 0) {
              hanging.incrementAndGet();
              try {
                Thread.sleep(Duration.ofMinutes(5));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                exchange.close();
              }
              return;
            }
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
          });
      server.start();
    }

    WebhookSink() throws IOException {
      this(path -> 200);
    }

    String url(String path) {
      return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Received> matching(Predicate<Received> p) {
      return received.stream().filter(p).toList();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
