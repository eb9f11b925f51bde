package io.argus.bench;

import io.argus.promql.Engine;
import io.argus.promql.EngineOptions;
import io.argus.promql.Matrix;
import io.argus.promql.QueryResult;
import io.argus.storage.Queryable;
import io.argus.tsdb.block.PersistedBlock;
import io.argus.tsdb.querier.BlockQueriers;
import io.argus.util.Clock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * End-to-end PromQL range-query comparison: the queries of {@link QueryBenchData} over one block
 * of 10k series x 6 h, at a 15 s step, evaluated by Argus' engine in-process over the persisted
 * block and by Debian's {@code /usr/bin/prometheus} serving a copy of the same block through
 * {@code /api/v1/query_range} on loopback, in the same run: the timed runs of the two alternate
 * per query, so both see the same background load. Prints medians and ratios.
 *
 * <p>Usage: {@code java -Xmx2g -cp benchmarks.jar io.argus.bench.PromqlBenchHarness [work-dir]
 * [runs]}.
 */
public final class PromqlBenchHarness {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Pattern EXEC_TOTAL = Pattern.compile("\"execTotalTime\":([0-9.eE+-]+)");
  private static final Pattern SERIES = Pattern.compile("\"metric\":");

  private PromqlBenchHarness() {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "target/promql-bench");
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    PrintStream out = System.out;
    long t0 = Clock.SYSTEM.nanoTime();
    Path block = QueryBenchData.ensureBlock(work.resolve("argus-data"));
    out.printf(
        Locale.ROOT,
        "block %s ready in %d ms (10k series x %d samples, 15 s apart)%n",
        block.getFileName(),
        (Clock.SYSTEM.nanoTime() - t0) / 1_000_000,
        QueryBenchData.SAMPLES_PER_SERIES);
    List<String> queries = QueryBenchData.QUERIES;
    double[][] argus = new double[queries.size()][runs];
    int[] argusSeries = new int[queries.size()];
    double[][] promWall = null;
    double[][] promExec = null;
    int[] promSeries = new int[queries.size()];
    PrometheusServer prometheus = null;
    if (Files.isExecutable(PROMETHEUS)) {
      promWall = new double[queries.size()][runs];
      promExec = new double[queries.size()][runs];
      Path promData = work.resolve("prometheus-data");
      IngestHarness.deleteTree(promData);
      copyTree(block, promData.resolve(block.getFileName()));
      prometheus = PrometheusServer.start(work, promData);
    } else {
      out.println("prometheus: " + PROMETHEUS + " absent; skipped");
    }
    try (PersistedBlock persisted = QueryBenchData.open(block)) {
      Queryable storage = (mint, maxt) -> BlockQueriers.over(List.of(persisted), mint, maxt);
      Engine engine = new Engine(EngineOptions.DEFAULT);
      for (int q = 0; q < queries.size(); q++) {
        String query = queries.get(q);
        for (int w = 0; w < 5; w++) {
          argusSeries[q] = evalArgus(engine, storage, query);
        }
        if (prometheus != null) {
          for (int w = 0; w < 2; w++) {
            promSeries[q] = prometheus.query(query, null, 0);
          }
        }
        // Interleaved so both sides see the same background load of the shared machine.
        for (int r = 0; r < runs; r++) {
          long start = Clock.SYSTEM.nanoTime();
          evalArgus(engine, storage, query);
          argus[q][r] = (Clock.SYSTEM.nanoTime() - start) / 1e6;
          if (prometheus != null) {
            quiesce();
            prometheus.query(query, promWall[q], r);
            promExec[q][r] = prometheus.lastExecMillis;
          }
        }
      }
    } finally {
      if (prometheus != null) {
        prometheus.close();
      }
    }
    out.printf(
        Locale.ROOT,
        "%-66s %9s %10s %10s %7s %7s%n",
        "query (range 6h, step 15s; medians of " + runs + " runs)",
        "argus ms",
        "prom ms",
        "prom exec",
        "ratio",
        "ratio*");
    for (int q = 0; q < queries.size(); q++) {
      double a = median(argus[q]);
      if (promWall == null) {
        out.printf(Locale.ROOT, "%-66s %9.1f%n", queries.get(q), a);
        continue;
      }
      double pw = median(promWall[q]);
      double pe = median(promExec[q]);
      out.printf(
          Locale.ROOT,
          "%-66s %9.1f %10.1f %10.1f %6.2fx %6.2fx%s%n",
          queries.get(q),
          a,
          pw,
          pe,
          pw / a,
          pe / a,
          argusSeries[q] == promSeries[q]
              ? ""
              : "  (series: argus " + argusSeries[q] + ", prometheus " + promSeries[q] + ")");
    }
    if (promWall != null) {
      out.println(
          "ratio = prometheus wall time over HTTP (incl. JSON encoding and loopback) / argus"
              + " in-process time; ratio* = prometheus' own execTotalTime (stats=all) / argus");
    }
  }

  /**
   * Lets this JVM go idle before Prometheus is timed: without it, the concurrent GC and JIT work
   * left by the Argus run share the two cores with Prometheus' query and slow it down several
   * times, which flatters the ratio.
   */
  private static void quiesce() throws InterruptedException {
    System.gc();
    Thread.sleep(200);
  }

  private static int evalArgus(Engine engine, Queryable storage, String query) {
    QueryResult result =
        engine.rangeQuery(
            storage,
            query,
            QueryBenchData.START_MS,
            QueryBenchData.endMs(),
            QueryBenchData.STEP_MS);
    return ((Matrix) result.value()).size();
  }

  /** Debian's Prometheus serving a data directory on a free loopback port. */
  private static final class PrometheusServer implements AutoCloseable {
    private final Process process;
    private final HttpClient client;
    private final int port;
    double lastExecMillis;

    private PrometheusServer(Process process, HttpClient client, int port) {
      this.process = process;
      this.client = client;
      this.port = port;
    }

    static PrometheusServer start(Path work, Path dataDir) throws IOException {
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      Path config = work.resolve("prometheus-query.yml");
      Files.writeString(config, "global:\n  scrape_interval: 1m\n");
      Process process =
          new ProcessBuilder(
                  PROMETHEUS.toString(),
                  "--config.file=" + config,
                  "--web.listen-address=127.0.0.1:" + port,
                  "--storage.tsdb.path=" + dataDir,
                  "--storage.tsdb.retention.time=100y")
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      // Not closed here: the drain thread holds the reader's lock until Prometheus exits.
      BufferedReader log =
          new BufferedReader(
              new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
      String line;
      boolean ready = false;
      while ((line = log.readLine()) != null) {
        if (line.contains("Server is ready to receive web requests")) {
          ready = true;
          break;
        }
      }
      if (!ready) {
        process.destroyForcibly();
        throw new IOException("prometheus exited before it was ready");
      }
      Thread.startVirtualThread(() -> drain(log));
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      return new PrometheusServer(process, client, port);
    }

    /**
     * Runs a range query over the benchmark span; stores its wall time in {@code wall[run]} when
     * {@code wall} is given and its {@code execTotalTime} in {@link #lastExecMillis}. Returns the
     * number of result series.
     */
    int query(String query, double @Nullable [] wall, int run)
        throws IOException, InterruptedException {
      URI uri =
          URI.create(
              "http://127.0.0.1:"
                  + port
                  + "/api/v1/query_range?stats=all&query="
                  + URLEncoder.encode(query, StandardCharsets.UTF_8)
                  + "&start="
                  + QueryBenchData.START_MS / 1000.0
                  + "&end="
                  + QueryBenchData.endMs() / 1000.0
                  + "&step=15");
      HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).build();
      long start = Clock.SYSTEM.nanoTime();
      String body = client.send(request, HttpResponse.BodyHandlers.ofString()).body();
      if (wall != null) {
        wall[run] = (Clock.SYSTEM.nanoTime() - start) / 1e6;
      }
      if (!body.startsWith("{\"status\":\"success\"")) {
        throw new IOException(
            "prometheus query failed: " + body.substring(0, Math.min(300, body.length())));
      }
      Matcher m = EXEC_TOTAL.matcher(body);
      lastExecMillis = m.find() ? Double.parseDouble(m.group(1)) * 1e3 : Double.NaN;
      return (int) SERIES.matcher(body).results().count();
    }

    @Override
    public void close() throws InterruptedException {
      client.close();
      process.toHandle().destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  private static void drain(BufferedReader log) {
    try {
      while (log.readLine() != null) {
        // Keep the pipe flowing until Prometheus exits.
      }
    } catch (IOException e) {
      // The process is gone; nothing left to read.
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
