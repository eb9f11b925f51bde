package io.argus.app.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.app.testing.ExternalProcess;
import io.argus.testkit.LoopbackPorts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Processes of a querier test on loopback: {@code argus server} replicas with a StoreAPI and {@code
 * argus query} instances, all from the fat jar, plus a JSON client for their HTTP APIs. Every wait
 * is bounded. Closing kills what it started.
 */
final class QueryCluster implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final long WAIT_SECONDS = 120;

  private final Path jar;
  private final Path dir;
  private final List<ExternalProcess> processes = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  QueryCluster(Path jar, Path dir) {
    this.jar = jar;
    this.dir = dir;
  }

  /** A server replica: its web and gRPC ports and its process (null while stopped). */
  static final class Replica {
    final String name;
    final int webPort;
    final int grpcPort;
    ExternalProcess process;

    Replica(String name, int webPort, int grpcPort) {
      this.name = name;
      this.webPort = webPort;
      this.grpcPort = grpcPort;
    }

    String grpc() {
      return "127.0.0.1:" + grpcPort;
    }
  }

  /** Writes the replica's configuration: {@code replica} external label, the given targets. */
  Replica replica(String name, long scrapeMillis, List<String> targets) throws IOException {
    Replica r = new Replica(name, LoopbackPorts.freePort(), LoopbackPorts.freePort());
    StringBuilder t = new StringBuilder();
    for (String target : targets) {
      t.append(t.isEmpty() ? "" : ", ").append('"').append(target).append('"');
    }
    Files.writeString(
        dir.resolve("server-" + name + ".yml"),
        """
        global:
          scrape_interval: %dms
          scrape_timeout: %dms
          external_labels:
            replica: "%s"
        scrape_configs:
          - job_name: app
            static_configs:
              - targets: [%s]
        """
            .formatted(scrapeMillis, scrapeMillis, name, t));
    return r;
  }

  /** Starts (or restarts, on the same data) a replica and waits until it is ready. */
  void start(Replica r) throws Exception {
    r.process =
        ExternalProcess.start(
            ExternalProcess.argusJar(
                jar,
                "server",
                "--config.file=" + dir.resolve("server-" + r.name + ".yml"),
                "--storage.tsdb.path=" + dir.resolve("data-" + r.name),
                "--web.listen-address=127.0.0.1:" + r.webPort,
                "--grpc-address=127.0.0.1:" + r.grpcPort),
            dir,
            WAIT_SECONDS);
    processes.add(r.process);
    r.process.awaitLine(l -> l.contains("server is ready"));
  }

  /** Kills a replica with SIGKILL. */
  void kill(Replica r) throws InterruptedException {
    r.process.process().destroyForcibly();
    r.process.process().waitFor();
    r.process = null;
  }

  /** Starts a querier with {@code args} on a free port; returns the port once it is ready. */
  int querier(String... args) throws Exception {
    int port = LoopbackPorts.freePort();
    List<String> a = new ArrayList<>(List.of("query", "--http-address=127.0.0.1:" + port));
    a.addAll(List.of(args));
    ExternalProcess p =
        ExternalProcess.start(
            ExternalProcess.argusJar(jar, a.toArray(String[]::new)), dir, WAIT_SECONDS);
    processes.add(p);
    p.awaitLine(l -> l.contains("querier is ready"));
    return port;
  }

  /** GETs {@code path?query} on {@code port} and returns the JSON envelope (any status). */
  JsonNode get(int port, String path, String... params) throws Exception {
    StringBuilder q = new StringBuilder();
    for (int i = 0; i < params.length; i += 2) {
      q.append(q.isEmpty() ? "?" : "&")
          .append(URLEncoder.encode(params[i], StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
    }
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path + q))
                .timeout(Duration.ofSeconds(60))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(r.body());
    ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("httpStatus", r.statusCode());
    return body;
  }

  /** Polls (bounded) until {@code check} holds for {@code GET path}. */
  JsonNode await(int port, String path, Predicate<JsonNode> check, String... params)
      throws Exception {
    long deadline = System.nanoTime() + WAIT_SECONDS * 1_000_000_000L;
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = get(port, path, params);
        if (check.test(last)) {
          return last;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("timed out waiting on " + path + "; last answer: " + last);
  }

  /** Whether {@code /api/v1/stores} lists {@code address} with the given health. */
  static boolean storeHealth(JsonNode stores, String address, boolean healthy) {
    for (JsonNode group : stores.path("data")) {
      for (JsonNode e : group) {
        if (e.path("name").asText().equals(address)) {
          return e.path("healthy").asBoolean() == healthy;
        }
      }
    }
    return false;
  }

  @Override
  public void close() throws InterruptedException {
    for (ExternalProcess p : processes) {
      p.close();
    }
    http.close();
  }
}
