package io.argus.bench;

import io.argus.model.labels.Labels;
import io.argus.remote.proto.WriteRequestV1Encoder;
import io.argus.util.Clock;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.xerial.snappy.Snappy;

/**
 * Issue 10, acceptance 7: remote-write ingest under load. {@code argus server} (a child JVM from
 * the fat jar, {@code --web.enable-remote-write-receiver}), Debian's {@code prometheus} (same flag)
 * and Debian's {@code victoria-metrics} each start on an empty data directory; a client in this JVM
 * sends pre-built remote-write 1.0 requests of 2,000 samples (snappy, 2,000 series x one sample,
 * node-exporter-like labels) over N connections (one {@link HttpClient} with HTTP/1.1 per
 * connection, closed loop). Each connection owns its own series, so every series' samples arrive in
 * time order. First a warm-up on other series, then the measured phase. Reported per server:
 * samples accepted per second (2xx answers x 2,000 / wall time) and the server process' CPU seconds
 * (user + system from {@code /proc/<pid>/stat}) per million samples accepted.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.argus.bench.RemoteWriteLoadHarness [work-dir]};
 * {@code -Dharness.connections=4}, {@code -Dharness.requests=400} (measured requests per
 * connection), {@code -Dharness.warmup=100}, {@code -Dharness.argusJar=argus-app/target/argus.jar},
 * {@code -Dharness.argusOpts="-Xmx2g -XX:+UseCompactObjectHeaders"} (bin/argus' default JVM
 * options and a heap bound), {@code -Dharness.servers=argus,prometheus,victoria-metrics} (any
 * subset, e.g. one server under a profiler).
 */
public final class RemoteWriteLoadHarness {
  private static final int SAMPLES_PER_REQUEST = 2_000;
  private static final int SERIES_PER_CONNECTION = 10_000;

  private RemoteWriteLoadHarness() {}

  /** What the measured phase of one server gave. */
  private record Result(long accepted, long failed, double seconds, double cpuSeconds) {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "target/rw-load").toAbsolutePath();
    int connections = Integer.getInteger("harness.connections", 4);
    int requests = Integer.getInteger("harness.requests", 400);
    int warmup = Integer.getInteger("harness.warmup", 100);
    Path argusJar = Path.of(System.getProperty("harness.argusJar", "argus-app/target/argus.jar"));
    // bin/argus' default JVM options, plus the heap bound
    String argusOpts =
        System.getProperty("harness.argusOpts", "-Xmx2g -XX:+UseCompactObjectHeaders");
    PrintStream out = System.out;
    Files.createDirectories(work);

    long t0 = Clock.SYSTEM.millis() - TimeUnit.MINUTES.toMillis(50);
    out.printf(
        "building %d + %d requests per connection x %d connections...%n",
        warmup, requests, connections);
    byte[][][] warm = new byte[connections][][];
    byte[][][] measured = new byte[connections][][];
    long bytes = 0;
    for (int c = 0; c < connections; c++) {
      warm[c] = build("warmup_metric", c, warmup, t0);
      measured[c] = build("node_metric", c, requests, t0);
      for (byte[] b : measured[c]) {
        bytes += b.length;
      }
    }
    out.printf(
        "mean compressed request: %d bytes (%d samples)%n",
        bytes / ((long) connections * requests), SAMPLES_PER_REQUEST);

    List<String[]> rows = new ArrayList<>();
    Map<String, List<double[]>> byServer = new LinkedHashMap<>();
    String servers = System.getProperty("harness.servers", "argus,prometheus,victoria-metrics");
    int rounds = Integer.getInteger("harness.rounds", 1);
    List<String> order = new ArrayList<>(List.of(servers.split(",")));
    List<String> runs = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      runs.addAll(order);
      Collections.reverse(order); // every server takes the first place in turn
    }
    for (String name : runs) {
      int port = freePort();
      Path data = work.resolve(name + "-data");
      deleteRecursively(data);
      List<String> cmd = command(name, port, data, argusJar, argusOpts, work);
      if (cmd == null) {
        out.println(name + ": binary absent; skipped");
        continue;
      }
      Process p =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(work.resolve(name + ".log").toFile())
              .start();
      try {
        awaitReady(p, port, name.equals("victoria-metrics") ? "/health" : "/-/ready");
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/write");
        run(uri, warm);
        String load = Files.readString(Path.of("/proc/loadavg")).trim();
        Result r = measure(uri, measured, p.pid());
        double rate = r.accepted / r.seconds;
        double cpuPerMillion = r.cpuSeconds / (r.accepted / 1e6);
        out.printf(
            "%-17s %,10.0f samples/s  %5.2f CPU-s per million  (%,d accepted, %d failed requests,"
                + " %.1f s, %.1f CPU-s; load %s)%n",
            name, rate, cpuPerMillion, r.accepted, r.failed, r.seconds, r.cpuSeconds, load);
        rows.add(
            new String[] {
              name, String.format("%,.0f", rate), String.format("%.2f", cpuPerMillion)
            });
        byServer
            .computeIfAbsent(name, k -> new ArrayList<>())
            .add(new double[] {rate, cpuPerMillion});
      } finally {
        p.destroy();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
    out.println();
    out.println("| server | samples/s | CPU-s per million samples |");
    out.println("|---|---:|---:|");
    for (String[] r : rows) {
      out.println("| " + r[0] + " | " + r[1] + " | " + r[2] + " |");
    }
    if (rounds > 1) {
      out.println();
      out.println("medians over " + rounds + " rounds (server order reversed every round):");
      for (Map.Entry<String, List<double[]>> e : byServer.entrySet()) {
        out.printf(
            "%-17s %,10.0f samples/s  %5.2f CPU-s per million%n",
            e.getKey(), median(e.getValue(), 0), median(e.getValue(), 1));
      }
    }
  }

  private static double median(List<double[]> values, int column) {
    double[] v = values.stream().mapToDouble(a -> a[column]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static List<String> command(
      String name, int port, Path data, Path argusJar, String argusOpts, Path work)
      throws IOException {
    switch (name) {
      case "argus" -> {
        if (!Files.isRegularFile(argusJar)) {
          return null;
        }
        Path config = work.resolve("argus-rw.yml");
        Files.writeString(config, "global: {}\n");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(Arrays.asList(argusOpts.trim().split("\\s+")));
        cmd.addAll(
            List.of(
                "-jar",
                argusJar.toString(),
                "server",
                "--config.file=" + config,
                "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.path=" + data,
                "--web.enable-remote-write-receiver"));
        return cmd;
      }
      case "prometheus" -> {
        if (!Files.isExecutable(Path.of("/usr/bin/prometheus"))) {
          return null;
        }
        Path config = work.resolve("prometheus-rw.yml");
        Files.writeString(config, "global: {}\n");
        return List.of(
            "/usr/bin/prometheus",
            "--config.file=" + config,
            "--web.listen-address=127.0.0.1:" + port,
            "--storage.tsdb.path=" + data,
            "--web.enable-remote-write-receiver");
      }
      default -> {
        if (!Files.isExecutable(Path.of("/usr/bin/victoria-metrics"))) {
          return null;
        }
        return List.of(
            "/usr/bin/victoria-metrics",
            "-httpListenAddr=127.0.0.1:" + port,
            "-storageDataPath=" + data,
            "-retentionPeriod=1y",
            "-loggerLevel=ERROR");
      }
    }
  }

  /**
   * Requests for one connection: its own {@value #SERIES_PER_CONNECTION} series, 2,000 per request,
   * one timestamp per pass over them (15 s apart), so each series' samples are in time order.
   */
  private static byte[][] build(String metric, int connection, int n, long t0) throws IOException {
    int perPass = SERIES_PER_CONNECTION / SAMPLES_PER_REQUEST;
    Labels[] labels = new Labels[SERIES_PER_CONNECTION];
    for (int i = 0; i < labels.length; i++) {
      labels[i] =
          Labels.of(
              "__name__",
              metric + "_" + (i % 50),
              "cluster",
              "eu-1",
              "cpu",
              Integer.toString(i % 16),
              "instance",
              "10." + connection + "." + (i / 256) + "." + (i % 256) + ":9100",
              "job",
              "node",
              "mode",
              "user");
    }
    byte[][] out = new byte[n][];
    WriteRequestV1Encoder enc = new WriteRequestV1Encoder(SAMPLES_PER_REQUEST * 160);
    for (int r = 0; r < n; r++) {
      int pass = r / perPass;
      int first = (r % perPass) * SAMPLES_PER_REQUEST;
      long t = t0 + pass * 15_000L;
      enc.clear();
      for (int i = first; i < first + SAMPLES_PER_REQUEST; i++) {
        enc.beginSeries(labels[i]);
        enc.sample(t, (double) pass * 10 + (i % 7));
        enc.endSeries();
      }
      out[r] = Snappy.compress(enc.writer().toByteArray());
    }
    return out;
  }

  private static long[] run(URI uri, byte[][][] perConnection) throws Exception {
    long[] counts = new long[2];
    try (ExecutorService pool = Executors.newFixedThreadPool(perConnection.length)) {
      List<Future<long[]>> futures = new ArrayList<>();
      for (byte[][] reqs : perConnection) {
        futures.add(pool.submit(() -> send(uri, reqs)));
      }
      for (Future<long[]> f : futures) {
        long[] c = f.get();
        counts[0] += c[0];
        counts[1] += c[1];
      }
    }
    return counts;
  }

  /** Sends the requests in order on one connection; returns {accepted samples, failed requests}. */
  private static long[] send(URI uri, byte[][] reqs) throws Exception {
    long accepted = 0;
    long failed = 0;
    try (HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(Runnable::run)
            .build()) {
      for (byte[] body : reqs) {
        HttpRequest req =
            HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(60))
                .header("Content-Encoding", "snappy")
                .header("Content-Type", "application/x-protobuf")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .header("User-Agent", "argus-rw-load")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 == 2) {
          accepted += SAMPLES_PER_REQUEST;
        } else {
          if (failed == 0) {
            System.out.println("  first failure: " + r.statusCode() + " " + r.body().strip());
          }
          failed++;
        }
      }
    }
    return new long[] {accepted, failed};
  }

  private static Result measure(URI uri, byte[][][] reqs, long pid) throws Exception {
    double cpu0 = cpuSeconds(pid);
    long start = Clock.SYSTEM.nanoTime();
    long[] counts = run(uri, reqs);
    double seconds = (Clock.SYSTEM.nanoTime() - start) / 1e9;
    double cpu = cpuSeconds(pid) - cpu0;
    return new Result(counts[0], counts[1], seconds, cpu);
  }

  /** User + system CPU seconds of a process, from /proc (clock ticks of 1/100 s). */
  private static double cpuSeconds(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // After the command: state is field 3, utime 14 and stime 15 (1-based in proc(5)).
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }

  private static void awaitReady(Process p, int port, String path) throws Exception {
    URI ready = URI.create("http://127.0.0.1:" + port + path);
    long deadline = Clock.SYSTEM.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    try (HttpClient client = HttpClient.newHttpClient()) {
      while (Clock.SYSTEM.nanoTime() < deadline && p.isAlive()) {
        try {
          HttpResponse<Void> r =
              client.send(
                  HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                  HttpResponse.BodyHandlers.discarding());
          if (r.statusCode() == 200) {
            return;
          }
        } catch (IOException e) {
          // not listening yet
        }
        Thread.sleep(200);
      }
    }
    throw new IOException("server on port " + port + " did not become ready");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
        Files.delete(p);
      }
    }
  }
}
