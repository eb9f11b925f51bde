package io.argus.bench;

import com.sun.net.httpserver.HttpServer;
import io.argus.util.Clock;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Alert ingestion under load, {@code argus alertmanager} (a child JVM from the fat jar) against
 * Debian's {@code prometheus-alertmanager} in the same run: 10,000 active alerts in 1,000 groups of
 * 10, posted as Prometheus' notifier does (batches of 64 alerts, no {@code endsAt}, so each stays
 * active for resolve_timeout) and re-posted every round. Per round and server: the time to post all
 * batches over N parallel connections (alerts ingested per second), then memory — resident set size
 * from {@code /proc}; for Argus the heap after a full GC ({@code jcmd GC.run}, then {@code
 * GC.heap_info}), for Alertmanager Go's {@code go_memstats_heap_inuse_bytes} — and the
 * notifications its webhook sink counted. The two servers take turns within each round. Both run
 * one inhibition rule whose sources never fire, so every flush pays the inhibition check.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.argus.bench.AlertmanagerLoadHarness [work-dir]
 * [rounds] [seconds between rounds]}; {@code -Dharness.alerts=10000}, {@code
 * -Dharness.groups=1000}, {@code -Dharness.connections=4}, {@code
 * -Dharness.argusJar=argus-app/target/argus.jar}, {@code -Dharness.argusOpts=-Xmx512m}, {@code
 * -Dharness.alertmanager=/usr/bin/prometheus-alertmanager}.
 */
public final class AlertmanagerLoadHarness {
  private static final int BATCH = 64;

  private AlertmanagerLoadHarness() {}

  private record Round(
      double seconds, long failures, long rssBytes, long heapBytes, int notified) {}

  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "target/am-load").toAbsolutePath();
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
    int pause = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int alerts = Integer.getInteger("harness.alerts", 10_000);
    int groups = Integer.getInteger("harness.groups", 1_000);
    int connections = Integer.getInteger("harness.connections", 4);
    Path argusJar = Path.of(System.getProperty("harness.argusJar", "argus-app/target/argus.jar"));
    String argusOpts = System.getProperty("harness.argusOpts", "-Xmx512m");
    Path amBin =
        Path.of(System.getProperty("harness.alertmanager", "/usr/bin/prometheus-alertmanager"));
    PrintStream out = System.out;
    Files.createDirectories(work);

    Map<String, AtomicInteger> notified = new ConcurrentHashMap<>();
    HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
    sink.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    sink.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          notified
              .computeIfAbsent(exchange.getRequestURI().getPath(), k -> new AtomicInteger())
              .incrementAndGet();
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    sink.start();
    String sinkUrl = "http://127.0.0.1:" + sink.getAddress().getPort();

    List<byte[]> batches = batches(alerts, groups);
    List<Server> servers = new ArrayList<>();
    try {
      if (Files.isRegularFile(argusJar)) {
        Path config = config(work, "argus", sinkUrl);
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(Arrays.asList(argusOpts.trim().split("\\s+")));
        cmd.addAll(
            List.of(
                "-jar",
                argusJar.toString(),
                "alertmanager",
                "--config.file=" + config,
                "--storage.path=" + fresh(work.resolve("argus-data")),
                "--web.listen-address=127.0.0.1:" + port));
        servers.add(Server.start("argus", cmd, port, work, true));
      } else {
        out.println("argus: " + argusJar + " absent (build argus-app with package); skipped");
      }
      if (Files.isExecutable(amBin)) {
        Path config = config(work, "alertmanager", sinkUrl);
        int port = freePort();
        servers.add(
            Server.start(
                "alertmanager",
                List.of(
                    amBin.toString(),
                    "--config.file=" + config,
                    "--storage.path=" + fresh(work.resolve("alertmanager-data")),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--cluster.listen-address="),
                port,
                work,
                false));
      } else {
        out.println("alertmanager: " + amBin + " absent; skipped");
      }

      String loadBefore = loadAverage();
      Round[][] results = new Round[servers.size()][rounds];
      long[] baseline = new long[servers.size()];
      for (int i = 0; i < servers.size(); i++) {
        baseline[i] = servers.get(i).rss();
      }
      try (HttpClient client = HttpClient.newHttpClient()) {
        for (int r = 0; r < rounds; r++) {
          long roundStart = Clock.SYSTEM.nanoTime();
          for (int k = 0; k < servers.size(); k++) {
            int i = (k + r) % servers.size();
            Server s = servers.get(i);
            long t0 = Clock.SYSTEM.nanoTime();
            long failures = post(client, s, batches, connections);
            double secs = (Clock.SYSTEM.nanoTime() - t0) / 1e9;
            results[i][r] =
                new Round(
                    secs,
                    failures,
                    s.rss(),
                    s.heapAfterGc(),
                    notified.getOrDefault("/" + s.name, new AtomicInteger()).get());
          }
          long rest = roundStart + TimeUnit.SECONDS.toNanos(pause) - Clock.SYSTEM.nanoTime();
          if (rest > 0) {
            Thread.sleep(rest / 1_000_000);
          }
        }
        for (Server s : servers) {
          s.activeAlerts = count(client, s);
        }
      }

      out.printf(
          Locale.ROOT,
          "%d alerts in %d groups, batches of %d, %d connections, %d rounds every %d s;"
              + " load average before: %s, after: %s%n",
          alerts,
          groups,
          BATCH,
          connections,
          rounds,
          pause,
          loadBefore,
          loadAverage());
      for (int i = 0; i < servers.size(); i++) {
        Server s = servers.get(i);
        out.printf(
            Locale.ROOT,
            "%s: RSS before the first post %.1f MiB; active alerts at the end %d%n",
            s.name,
            baseline[i] / 1048576.0,
            s.activeAlerts);
        out.printf(
            Locale.ROOT,
            "  %-6s %12s %9s %10s %11s %9s%n",
            "round",
            "alerts/s",
            "failed",
            "RSS MiB",
            s.jvm ? "heap MiB*" : "heap MiB**",
            "notified");
        for (int r = 0; r < rounds; r++) {
          Round x = results[i][r];
          out.printf(
              Locale.ROOT,
              "  %-6d %12.0f %9d %10.1f %11.1f %9d%n",
              r + 1,
              alerts / x.seconds,
              x.failures,
              x.rssBytes / 1048576.0,
              x.heapBytes / 1048576.0,
              x.notified);
        }
      }
      out.println("* heap used after a full GC (jcmd GC.run); ** go_memstats_heap_inuse_bytes");
    } finally {
      for (Server s : servers) {
        s.close();
      }
      sink.stop(0);
    }
  }

  private static Path config(Path work, String name, String sinkUrl) throws IOException {
    Path config = work.resolve(name + "-load.yml");
    Files.writeString(
        config,
        """
        route:
          receiver: sink
          group_by: [group]
          group_wait: 5s
          group_interval: 30s
          repeat_interval: 4h
        inhibit_rules:
          - source_matchers: [severity="critical"]
            target_matchers: [severity="warning"]
            equal: [group]
        receivers:
          - name: sink
            webhook_configs: [{url: '%s/%s'}]
        """
            .formatted(sinkUrl, name));
    return config;
  }

  /** The alerts as JSON batches of {@link #BATCH}, the same every round. */
  static List<byte[]> batches(int alerts, int groups) {
    List<byte[]> out = new ArrayList<>();
    StringBuilder sb = new StringBuilder();
    int inBatch = 0;
    for (int a = 0; a < alerts; a++) {
      sb.append(inBatch == 0 ? "[" : ",");
      sb.append(
          String.format(
              Locale.ROOT,
              "{\"labels\":{\"alertname\":\"LoadTest\",\"group\":\"g-%04d\","
                  + "\"instance\":\"host-%05d:9100\",\"job\":\"node\",\"severity\":\"warning\"},"
                  + "\"annotations\":{\"summary\":\"instance host-%05d is loaded\","
                  + "\"runbook\":\"https://runbooks.example/load\"},"
                  + "\"generatorURL\":\"http://prometheus.example:9090/graph?g0.expr=up\"}",
              a % groups,
              a,
              a));
      if (++inBatch == BATCH || a == alerts - 1) {
        out.add(sb.append(']').toString().getBytes(StandardCharsets.UTF_8));
        sb.setLength(0);
        inBatch = 0;
      }
    }
    return out;
  }

  private static long post(HttpClient client, Server s, List<byte[]> batches, int connections)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicLong failures = new AtomicLong();
    URI uri = URI.create("http://127.0.0.1:" + s.port + "/api/v2/alerts");
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> workers = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        workers.add(
            pool.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < batches.size()) {
                    HttpResponse<Void> r =
                        client.send(
                            HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(60))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofByteArray(batches.get(i)))
                                .build(),
                            HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() != 200) {
                      failures.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : workers) {
        f.get();
      }
    }
    return failures.get();
  }

  private static int count(HttpClient client, Server s) throws Exception {
    String body =
        client
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + s.port + "/api/v2/alerts?silenced=false"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    return body.split("\"fingerprint\":", -1).length - 1;
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static Path fresh(Path dir) throws IOException {
    IngestHarness.deleteTree(dir);
    return Files.createDirectories(dir);
  }

  /** A server in a child process, ready once its {@code /-/ready} answers 200. */
  private static final class Server implements AutoCloseable {
    final String name;
    final int port;
    final boolean jvm;
    private final Process process;
    int activeAlerts;

    private Server(String name, int port, Process process, boolean jvm) {
      this.name = name;
      this.port = port;
      this.process = process;
      this.jvm = jvm;
    }

    static Server start(String name, List<String> command, int port, Path work, boolean jvm)
        throws IOException, InterruptedException {
      Path log = work.resolve(name + ".log");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Server server = new Server(name, port, process, jvm);
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

    long rss() throws IOException {
      for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
      return -1;
    }

    /** Argus: heap used after a full GC; Alertmanager: Go's heap in use. */
    long heapAfterGc() throws IOException, InterruptedException {
      if (jvm) {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        // " garbage-first heap   total reserved 524288K, committed 65536K, used 23456K"
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(info);
        return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
      }
      try (HttpClient client = HttpClient.newHttpClient()) {
        String metrics =
            client
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        for (String line : metrics.split("\n")) {
          if (line.startsWith("go_memstats_heap_inuse_bytes ")) {
            return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1));
          }
        }
      }
      return -1;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
      Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
      Process p =
          new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), command)
              .redirectErrorStream(true)
              .start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(60, TimeUnit.SECONDS);
      return text;
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
