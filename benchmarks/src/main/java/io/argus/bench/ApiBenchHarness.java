package io.argus.bench;

import io.argus.util.Clock;
import java.io.IOException;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Query API throughput and latency, Argus against Prometheus in the same run: {@code argus server}
 * (a child JVM from the fat jar) and Debian's {@code /usr/bin/prometheus} each serve a copy of the
 * {@link QueryBenchData} block (10k series x 6 h) on loopback, and N closed-loop clients (one
 * HTTP/1.1 connection each, virtual threads in this JVM) send one query for a fixed time; the two
 * servers take turns per round, so both see the same background load. Two queries: a small instant
 * query and a 1 h range query at a 15 s step. Prints requests per second and p50/p99 latency over
 * all rounds. Every answer must be a {@code success}; failures are counted and printed.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.argus.bench.ApiBenchHarness [work-dir] [seconds per
 * turn] [rounds]}; {@code -Dharness.connections=8}, {@code
 * -Dharness.argusJar=argus-app/target/argus.jar}, {@code -Dharness.argusOpts="-Xmx1g
 * -XX:+UseCompactObjectHeaders"}, {@code -Dharness.prometheus=/usr/bin/prometheus}, {@code
 * -Dharness.warmupSeconds=30} (the warm-up turn per server and query).
 */
public final class ApiBenchHarness {
  private ApiBenchHarness() {}

  /** One benchmarked request: its name and its path and query string. */
  private record Query(String name, String pathAndQuery) {}

  /** What one turn of one server on one query measured. */
  private record Turn(long requests, long failures, double seconds, long[] latenciesNanos) {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "target/api-bench").toAbsolutePath();
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    // A JVM still compiles hot code for tens of seconds on a loaded 2-core box.
    int warmupSeconds = Integer.getInteger("harness.warmupSeconds", 30);
    int connections = Integer.getInteger("harness.connections", 8);
    Path argusJar = Path.of(System.getProperty("harness.argusJar", "argus-app/target/argus.jar"));
    String argusOpts =
        System.getProperty("harness.argusOpts", "-Xmx1g -XX:+UseCompactObjectHeaders");
    Path prometheusBin = Path.of(System.getProperty("harness.prometheus", "/usr/bin/prometheus"));
    PrintStream out = System.out;

    Path block = QueryBenchData.ensureBlock(work.resolve("argus-data"));
    long end = QueryBenchData.endMs() / 1000;
    List<Query> queries =
        List.of(
            new Query(
                "instant: rate(x{instance=\"inst-42\"}[5m])",
                "/api/v1/query?query="
                    + enc("rate(x{instance=\"inst-42\"}[5m])")
                    + "&time="
                    + end),
            new Query(
                "range 1h step 15s: sum by (job) (rate(x{instance=~\"inst-1.*\"}[5m]))",
                "/api/v1/query_range?query="
                    + enc("sum by (job) (rate(x{instance=~\"inst-1.*\"}[5m]))")
                    + "&start="
                    + (end - 3600)
                    + "&end="
                    + end
                    + "&step=15"));

    List<ChildServer> servers = new ArrayList<>();
    try {
      if (Files.isRegularFile(argusJar)) {
        Path data = freshCopy(block, work.resolve("argus-server-data"));
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(Arrays.asList(argusOpts.trim().split("\\s+")));
        cmd.addAll(
            List.of(
                "-jar",
                argusJar.toString(),
                "server",
                "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.path=" + data,
                "--storage.tsdb.retention.time=100y"));
        servers.add(ChildServer.start("argus", cmd, port, work));
      } else {
        out.println("argus: " + argusJar + " absent (build argus-app with package); skipped");
      }
      if (Files.isExecutable(prometheusBin)) {
        Path data = freshCopy(block, work.resolve("prometheus-data"));
        Path config = work.resolve("prometheus-api.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1m\n");
        int port = freePort();
        servers.add(
            ChildServer.start(
                "prometheus",
                List.of(
                    prometheusBin.toString(),
                    "--config.file=" + config,
                    "--web.listen-address=127.0.0.1:" + port,
                    "--storage.tsdb.path=" + data,
                    "--storage.tsdb.retention.time=100y"),
                port,
                work));
      } else {
        out.println("prometheus: " + prometheusBin + " absent; skipped");
      }

      String loadBefore = loadAverage();
      for (Query q : queries) {
        StringBuilder counts = new StringBuilder();
        for (ChildServer s : servers) {
          counts.append(' ').append(s.name).append('=').append(s.seriesCount(q));
        }
        out.println("result series of " + q.name + ":" + counts);
      }
      // turns[server][query][round]
      Turn[][][] turns = new Turn[servers.size()][queries.size()][rounds];
      for (int q = 0; q < queries.size(); q++) {
        for (ChildServer s : servers) {
          run(s, queries.get(q), connections, warmupSeconds); // warm-up: JIT, page cache
        }
        for (int r = 0; r < rounds; r++) {
          // Alternate which server goes first, so neither always follows the other's GC.
          for (int k = 0; k < servers.size(); k++) {
            int i = (k + r) % servers.size();
            turns[i][q][r] = run(servers.get(i), queries.get(q), connections, seconds);
          }
        }
      }

      out.printf(
          Locale.ROOT,
          "%d connections, %d rounds x %d s per server and query after a %d s warm-up each,"
              + " load average before: %s%n",
          connections,
          rounds,
          seconds,
          warmupSeconds,
          loadBefore);
      out.printf(
          Locale.ROOT,
          "%-72s %-10s %9s %9s %9s %8s%n",
          "query",
          "server",
          "req/s",
          "p50 ms",
          "p99 ms",
          "failed");
      for (int q = 0; q < queries.size(); q++) {
        for (int i = 0; i < servers.size(); i++) {
          long requests = 0;
          long failures = 0;
          double secs = 0;
          List<long[]> all = new ArrayList<>();
          StringBuilder perRound = new StringBuilder();
          for (Turn t : turns[i][q]) {
            requests += t.requests;
            failures += t.failures;
            secs += t.seconds;
            all.add(t.latenciesNanos);
            long[] sorted = t.latenciesNanos.clone();
            Arrays.sort(sorted);
            perRound.append(
                String.format(
                    Locale.ROOT,
                    " %.0f/%.1f",
                    t.requests / t.seconds,
                    percentile(sorted, 0.99) / 1e6));
          }
          long[] lat = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
          out.printf(
              Locale.ROOT,
              "%-72s %-10s %9.1f %9.1f %9.1f %8d   per round (req/s/p99 ms):%s%n",
              queries.get(q).name,
              servers.get(i).name,
              requests / secs,
              percentile(lat, 0.50) / 1e6,
              percentile(lat, 0.99) / 1e6,
              failures,
              perRound);
        }
      }
      out.println("load average after: " + loadAverage());
    } finally {
      for (ChildServer s : servers) {
        s.close();
      }
    }
  }

  /** Closed loop: each of {@code connections} clients sends the query again as soon as answered. */
  private static Turn run(ChildServer server, Query query, int connections, int seconds)
      throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + server.port + query.pathAndQuery);
    long deadline = Clock.SYSTEM.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    AtomicInteger failures = new AtomicInteger();
    List<Future<long[]>> workers = new ArrayList<>();
    long start = Clock.SYSTEM.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < connections; c++) {
        workers.add(
            pool.submit(
                () -> {
                  long[] lat = new long[1024];
                  int n = 0;
                  try (HttpClient client =
                      HttpClient.newBuilder()
                          .version(HttpClient.Version.HTTP_1_1)
                          .connectTimeout(Duration.ofSeconds(10))
                          .build()) {
                    HttpRequest request =
                        HttpRequest.newBuilder(uri)
                            .header("Accept-Encoding", "identity")
                            .timeout(Duration.ofMinutes(2))
                            .build();
                    while (Clock.SYSTEM.nanoTime() < deadline) {
                      long t0 = Clock.SYSTEM.nanoTime();
                      HttpResponse<byte[]> r =
                          client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                      long t = Clock.SYSTEM.nanoTime() - t0;
                      if (r.statusCode() != 200 || !startsWithSuccess(r.body())) {
                        failures.incrementAndGet();
                        continue;
                      }
                      if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                      }
                      lat[n++] = t;
                    }
                  }
                  return Arrays.copyOf(lat, n);
                }));
      }
    }
    double elapsed = (Clock.SYSTEM.nanoTime() - start) / 1e9;
    List<long[]> parts = new ArrayList<>();
    for (Future<long[]> f : workers) {
      parts.add(f.get());
    }
    long[] lat = parts.stream().flatMapToLong(Arrays::stream).toArray();
    return new Turn(lat.length, failures.get(), elapsed, lat);
  }

  private static boolean startsWithSuccess(byte[] body) {
    byte[] prefix = "{\"status\":\"success\"".getBytes(StandardCharsets.US_ASCII);
    return body.length >= prefix.length
        && Arrays.equals(body, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static Path freshCopy(Path block, Path dataDir) throws IOException {
    IngestHarness.deleteTree(dataDir);
    Path target = dataDir.resolve(block.getFileName());
    try (Stream<Path> s = Files.walk(block)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Path to = target.resolve(block.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    return dataDir;
  }

  /** A server in a child process, ready once its {@code /-/ready} answers 200. */
  private static final class ChildServer implements AutoCloseable {
    final String name;
    final int port;
    private final Process process;

    private ChildServer(String name, int port, Process process) {
      this.name = name;
      this.port = port;
      this.process = process;
    }

    static ChildServer start(String name, List<String> command, int port, Path work)
        throws IOException, InterruptedException {
      Path log = work.resolve(name + ".log");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      ChildServer server = new ChildServer(name, port, process);
      URI ready = URI.create("http://127.0.0.1:" + port + "/-/ready");
      long deadline = Clock.SYSTEM.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      try (HttpClient client = HttpClient.newHttpClient()) {
        while (Clock.SYSTEM.nanoTime() < deadline && process.isAlive()) {
          try {
            HttpResponse<Void> r =
                client.send(
                    HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 200) {
              return server;
            }
          } catch (IOException e) {
            // not listening yet
          }
          Thread.sleep(200);
        }
      }
      server.close();
      throw new IOException(name + " did not become ready; see " + log);
    }

    /** The number of series in the answer to {@code query}. */
    int seriesCount(Query query) throws IOException, InterruptedException {
      try (HttpClient client = HttpClient.newHttpClient()) {
        String body =
            client
                .send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + query.pathAndQuery))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        return body.split("\"metric\":", -1).length - 1;
      }
    }

    @Override
    public void close() throws InterruptedException {
      process.toHandle().destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }
}
