package io.argus.app.aot;

import io.argus.app.ArgusCli;
import io.argus.app.cli.ExitCodes;
import io.argus.model.labels.Labels;
import io.argus.storage.Appender;
import io.argus.tsdb.Db;
import io.argus.tsdb.DbOptions;
import io.argus.tsdb.fs.FileOps;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code argus aot-training}: a short, self-contained run of the server's start-up and steady
 * state, for a JVM started with {@code -XX:AOTCacheOutput} to record. It writes a WAL of a few
 * thousand series into a temporary directory, starts {@code argus server} on it in this JVM (so the
 * start replays that WAL), lets the server scrape its own {@code /metrics} and evaluate a recording
 * and an alerting rule, sends range and instant queries and metadata requests through the HTTP API,
 * and stops the server through {@code /-/quit}. The server listens on 127.0.0.1 only; the directory
 * is deleted at the end. Exit status 0 when every step answered as expected.
 */
@Command(
    name = "aot-training",
    hidden = true,
    mixinStandardHelpOptions = true,
    description = "Run the workload that bin/argus trains the JVM's ahead-of-time cache on.")
public final class AotTrainingCommand implements Callable<Integer> {
  private static final int SERIES = 4_000;
  private static final int SERIES_PER_TARGET = 100;
  private static final int SCRAPES = 300;
  private static final long SCRAPE_INTERVAL_MS = 15_000;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final ArgusCli.Context context;

  @Spec CommandSpec spec;

  @Option(
      names = "--query-rounds",
      defaultValue = "15",
      description =
          "Rounds of API requests sent once the server is ready. Default: ${DEFAULT-VALUE}")
  int queryRounds = 15;

  /** A command that runs the server with {@code context}'s clock and storage. */
  public AotTrainingCommand(ArgusCli.Context context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("argus-aot-training");
    try {
      return train(dir);
    } finally {
      FileOps.defaults().deleteRecursively(dir);
    }
  }

  private int train(Path dir) throws Exception {
    Path data = dir.resolve("data");
    long now = context.clock().millis();
    writeWal(data, now - SCRAPES * SCRAPE_INTERVAL_MS);
    // Without the head chunk files the start replays every sample, cutting chunks as it goes, as
    // after a crash that lost them.
    FileOps.defaults().deleteRecursively(data.resolve("chunks_head"));
    int port = freeLoopbackPort();
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, config(port, dir.resolve("rules.yml")));
    Files.writeString(dir.resolve("rules.yml"), RULES);
    StringWriter serverOutput = new StringWriter();
    PrintWriter serverOut = new PrintWriter(serverOutput, true);
    CompletableFuture<Integer> server = new CompletableFuture<>();
    String[] serverArgs = {
      "server",
      "--config.file=" + config,
      "--storage.tsdb.path=" + data,
      "--web.listen-address=127.0.0.1:" + port,
      "--web.enable-lifecycle"
    };
    Thread.ofPlatform()
        .name("aot-training-server")
        .start(
            () -> {
              try {
                server.complete(
                    ArgusCli.commandLine(context, serverOut, serverOut, serverArgs)
                        .execute(serverArgs));
              } catch (RuntimeException | Error e) {
                server.completeExceptionally(e);
              }
            });
    String base = "http://127.0.0.1:" + port;
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      try {
        awaitReady(http, base, server);
        for (int round = 0; round < queryRounds; round++) {
          sendQueries(http, base);
          Thread.sleep(100);
        }
      } finally {
        requestQuit(http, base, server);
      }
    }
    int status = server.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (status != ExitCodes.OK) {
      spec.commandLine().getErr().print(serverOutput);
      spec.commandLine().getErr().flush();
    }
    return status;
  }

  /** Asks a still running server to stop; a failure here must not hide the one that got here. */
  private static void requestQuit(HttpClient http, String base, CompletableFuture<Integer> server)
      throws InterruptedException {
    if (server.isDone()) {
      return;
    }
    try {
      http.send(
          HttpRequest.newBuilder(URI.create(base + "/-/quit"))
              .POST(HttpRequest.BodyPublishers.noBody())
              .build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (IOException notListening) {
      // The server never listened, or is gone already; the JVM exits after this command anyway.
    }
  }

  private void sendQueries(HttpClient http, String base) throws Exception {
    long end = context.clock().millis() / 1000;
    long start = end - SCRAPES * SCRAPE_INTERVAL_MS / 1000;
    for (String query : QUERIES) {
      String encoded = URLEncoder.encode(query, StandardCharsets.UTF_8);
      expectOk(
          http,
          base
              + "/api/v1/query_range?query="
              + encoded
              + "&start="
              + start
              + "&end="
              + end
              + "&step=60");
      expectOk(http, base + "/api/v1/query?query=" + encoded);
    }
    expectOk(http, base + "/api/v1/series?match[]=training_requests_total");
    expectOk(http, base + "/api/v1/labels");
    expectOk(http, base + "/api/v1/label/__name__/values");
    expectOk(http, base + "/metrics");
  }

  /** Writes {@link #SCRAPES} scrapes of {@link #SERIES} series, one commit each, into a WAL. */
  private void writeWal(Path data, long firstTimestamp) {
    try (Db db =
        Db.open(
            data,
            DbOptions.builder().build(),
            FileOps.defaults(),
            context.clock(),
            new PrometheusRegistry())) {
      Labels[] labels = new Labels[SERIES];
      long[] refs = new long[SERIES];
      for (int i = 0; i < SERIES; i++) {
        labels[i] =
            Labels.of(
                "__name__",
                i % 2 == 0 ? "training_requests_total" : "training_queue_length",
                "instance",
                "host-" + (i / SERIES_PER_TARGET) + ":9100",
                "job",
                "training",
                "path",
                "/api/" + (i % 100));
      }
      // One commit per target and scrape, as the scrape loops do: the replay then meets records of
      // a target's size, which do not divide evenly into the replay's runs, as on a restart.
      for (int scrape = 0; scrape < SCRAPES; scrape++) {
        long t = firstTimestamp + scrape * SCRAPE_INTERVAL_MS;
        for (int target = 0; target < SERIES; target += SERIES_PER_TARGET) {
          Appender appender = db.appender();
          for (int i = target; i < target + SERIES_PER_TARGET; i++) {
            double value = i % 2 == 0 ? scrape * (i % 7 + 1) : (scrape * 31 + i) % 97;
            refs[i] = appender.append(refs[i], labels[i], t, value);
          }
          appender.commit();
        }
      }
    }
  }

  private void awaitReady(HttpClient http, String base, CompletableFuture<Integer> server)
      throws Exception {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (server.isDone()) {
        throw new IOException("the server stopped before it was ready, status " + server.join());
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/-/ready")).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notListeningYet) {
        // The listener is not up yet.
      }
      Thread.sleep(50);
    }
    throw new IOException("the server was not ready within " + READY_TIMEOUT);
  }

  private static void expectOk(HttpClient http, String url) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(url + ": HTTP " + response.statusCode() + ": " + response.body());
    }
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String config(int port, Path rules) {
    return """
    global:
      scrape_interval: 1s
      evaluation_interval: 1s
      external_labels:
        replica: training
    rule_files:
      - %s
    scrape_configs:
      - job_name: argus
        static_configs:
          - targets: ['127.0.0.1:%d']
    """
        .formatted(rules, port);
  }

  private static final String RULES =
      """
      groups:
        - name: training
          rules:
            - record: job:training_requests:rate5m
              expr: sum by (job) (rate(training_requests_total[5m]))
            - alert: TrainingQueueLong
              expr: training_queue_length > 90
              for: 1m
              labels:
                severity: info
              annotations:
                summary: 'Queue {{ $labels.path }} is {{ $value }}'
      """;

  private static final List<String> QUERIES =
      List.of(
          "sum by (instance) (rate(training_requests_total[5m]))",
          "topk(5, training_queue_length)",
          "histogram_quantile(0.9, sum by (le)"
              + " (rate(prometheus_http_request_duration_seconds_bucket[1m])))",
          "avg_over_time(training_queue_length{path=~\"/api/1.*\"}[10m])",
          "up",
          "count(training_requests_total) by (job)");
}
