package io.argus.bench;

import com.sun.net.httpserver.HttpServer;
import io.argus.util.Clock;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end cost of an {@code argus alertmanager} cluster: starts {@code -Dharness.peers} (3)
 * peers of the given {@code argus.jar} as processes on loopback with upstream's cluster defaults
 * (gossip 200ms, push/pull 1m, peer timeout 15s) and a route with {@code group_wait 1s}, {@code
 * group_interval 5m}, and a webhook sink in this process. Reports:
 *
 * <ol>
 *   <li>notification latency of a lone group: one alert posted to every peer at once, time until
 *       the webhook receives it (ten rounds; includes the 1 s group_wait);
 *   <li>a burst of {@code -Dharness.groups} (1,000) groups posted to every peer: time until each is
 *       notified (p50, p99, max), duplicates, and the cluster bytes the burst cost;
 *   <li>steady state with those groups active: cluster bytes sent and received per peer over
 *       {@code -Dharness.measureSeconds} (60), from {@code
 *       alertmanager_cluster_messages_{sent,received}_size_total}, by message type.
 * </ol>
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.argus.bench.AlertmanagerClusterHarness
 * argus-app/target/argus.jar [work-dir]}. Every process it starts is killed at the end.
 */
public final class AlertmanagerClusterHarness {
  private static final Pattern SAMPLE =
      Pattern.compile(
          "^(alertmanager_cluster_messages_(?:sent|received)(?:_size)?_total)"
              + "\\{msg_type=\"(\\w+)\"} (\\S+)$",
          Pattern.MULTILINE);

  private AlertmanagerClusterHarness() {}

  private static final Clock CLOCK = Clock.SYSTEM;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Map<String, Long> FIRST_SEEN = new ConcurrentHashMap<>();
  private static final Map<String, Integer> SEEN = new ConcurrentHashMap<>();

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: AlertmanagerClusterHarness ARGUS_JAR [WORK_DIR]");
      System.exit(2);
    }
    Path jar = Path.of(args[0]).toAbsolutePath();
    Path work =
        args.length > 1
            ? Files.createDirectories(Path.of(args[1]))
            : Files.createTempDirectory("am-cluster-harness");
    int peers = Integer.getInteger("harness.peers", 3);
    int groups = Integer.getInteger("harness.groups", 1000);
    int measureSeconds = Integer.getInteger("harness.measureSeconds", 60);

    HttpServer sink =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
    sink.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    Pattern alertname = Pattern.compile("\"groupLabels\":\\{\"alertname\":\"([^\"]+)\"");
    sink.createContext(
        "/hook",
        exchange -> {
          long now = CLOCK.nanoTime();
          String body;
          try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
          Matcher m = alertname.matcher(body);
          if (m.find()) {
            FIRST_SEEN.putIfAbsent(m.group(1), now);
            SEEN.merge(m.group(1), 1, Integer::sum);
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    sink.start();
    Path config = work.resolve("alertmanager.yml");
    Files.writeString(
        config,
        """
        route:
          receiver: hook
          group_by: [alertname]
          group_wait: 1s
          group_interval: 5m
          repeat_interval: 4h
        receivers:
          - name: hook
            webhook_configs:
              - url: http://127.0.0.1:%d/hook
        """
            .formatted(sink.getAddress().getPort()));

    int[] web = new int[peers];
    int[] cluster = new int[peers];
    for (int i = 0; i < peers; i++) {
      web[i] = freePort();
      cluster[i] = freePort();
    }
    List<Process> processes = new ArrayList<>();
    try {
      for (int i = 0; i < peers; i++) {
        List<String> cmd = new ArrayList<>();
        cmd.addAll(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx256m",
                "-jar",
                jar.toString(),
                "alertmanager",
                "--log.level=warn",
                "--config.file=" + config,
                "--storage.path=" + work.resolve("am-" + i),
                "--web.listen-address=127.0.0.1:" + web[i],
                "--cluster.listen-address=127.0.0.1:" + cluster[i]));
        for (int j = 0; j < peers; j++) {
          if (j != i) {
            cmd.add("--cluster.peer=127.0.0.1:" + cluster[j]);
          }
        }
        processes.add(
            new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("am-" + i + ".log").toFile())
                .start());
      }
      long startNanos = CLOCK.nanoTime();
      for (int i = 0; i < peers; i++) {
        awaitReady(web[i]);
      }
      System.out.printf(
          Locale.ROOT,
          "%d peers ready %.1f s after start (settle with default gossip interval)%n",
          peers,
          (CLOCK.nanoTime() - startNanos) / 1e9);

      for (int i = 0; i < peers; i++) {
        String metrics = get(web[i], "/metrics");
        System.out.printf(
            Locale.ROOT,
            "peer %d: %s, %s%n",
            i,
            line(metrics, "alertmanager_cluster_members"),
            line(metrics, "alertmanager_peer_position"));
      }

      // 1. lone groups
      List<Double> lone = new ArrayList<>();
      for (int round = 1; round <= 10; round++) {
        String name = "Lone" + round;
        long posted = postToAll(web, List.of(name));
        long seen = awaitSeen(List.of(name));
        lone.add((seen - posted) / 1e6);
      }
      lone.sort(null);
      System.out.printf(
          Locale.ROOT,
          "lone group, posted -> webhook (group_wait 1 s included): min %.0f ms, median %.0f ms,"
              + " max %.0f ms%n",
          lone.getFirst(),
          lone.get(lone.size() / 2),
          lone.getLast());

      // 2. burst
      Thread.sleep(2_000);
      long[][] beforeBurst = counters(web);
      List<String> names = new ArrayList<>();
      for (int g = 0; g < groups; g++) {
        names.add(String.format(Locale.ROOT, "Group%04d", g));
      }
      long posted = postToAll(web, names);
      awaitSeen(names);
      List<Double> latencies = new ArrayList<>();
      for (String n : names) {
        latencies.add((FIRST_SEEN.get(n) - posted) / 1e6);
      }
      latencies.sort(null);
      Thread.sleep(2 * 15_000 + 5_000); // the later peers' waits end and find the log entries
      long duplicates = names.stream().filter(n -> SEEN.get(n) > 1).count();
      long[][] afterBurst = counters(web);
      for (int i = 0; i < peers; i++) {
        System.out.printf(
            Locale.ROOT,
            "peer %d: %s%n",
            i,
            line(get(web[i], "/metrics"), "alertmanager_cluster_members"));
      }
      System.out.printf(
          Locale.ROOT,
          "%d groups posted to every peer -> webhook: p50 %.0f ms, p99 %.0f ms, max %.0f ms;"
              + " groups notified twice: %d%n",
          groups,
          latencies.get(latencies.size() / 2),
          latencies.get((int) (latencies.size() * 0.99)),
          latencies.getLast(),
          duplicates);
      report("burst (notifications, nflog deltas, claims; ~40 s)", beforeBurst, afterBurst);

      // 3. steady state
      long[][] before = counters(web);
      Thread.sleep(measureSeconds * 1000L);
      long[][] after = counters(web);
      report(
          "steady state with " + groups + " active groups, " + measureSeconds + " s",
          before,
          after);
    } finally {
      for (Process p : processes) {
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      sink.stop(0);
    }
  }

  private static String line(String metrics, String name) {
    for (String l : metrics.split("\n")) {
      if (l.startsWith(name + " ")) {
        return l;
      }
    }
    return name + " absent";
  }

  /** Per peer: update bytes sent, full-state bytes sent, bytes received, messages sent. */
  private static long[][] counters(int[] web) throws Exception {
    long[][] out = new long[web.length][4];
    for (int i = 0; i < web.length; i++) {
      String metrics = get(web[i], "/metrics");
      Matcher m = SAMPLE.matcher(metrics);
      while (m.find()) {
        long v = (long) Double.parseDouble(m.group(3));
        switch (m.group(1)) {
          case "alertmanager_cluster_messages_sent_size_total" -> {
            if (m.group(2).equals("update")) {
              out[i][0] += v;
            } else {
              out[i][1] += v;
            }
          }
          case "alertmanager_cluster_messages_received_size_total" -> out[i][2] += v;
          case "alertmanager_cluster_messages_sent_total" -> out[i][3] += v;
          default -> {}
        }
      }
    }
    return out;
  }

  private static void report(String phase, long[][] before, long[][] after) {
    System.out.println(phase + ":");
    for (int i = 0; i < before.length; i++) {
      System.out.printf(
          Locale.ROOT,
          "  peer %d: sent %,d B (updates %,d B, full states %,d B) in %d messages,"
              + " received %,d B%n",
          i,
          after[i][0] - before[i][0] + after[i][1] - before[i][1],
          after[i][0] - before[i][0],
          after[i][1] - before[i][1],
          after[i][3] - before[i][3],
          after[i][2] - before[i][2]);
    }
  }

  /** Posts the alerts to every peer concurrently; returns when the posting started. */
  private static long postToAll(int[] web, List<String> names) throws Exception {
    StringBuilder body = new StringBuilder("[");
    for (String n : names) {
      body.append(body.length() > 1 ? "," : "")
          .append("{\"labels\":{\"alertname\":\"")
          .append(n)
          .append("\"}}");
    }
    String json = body.append(']').toString();
    long start = CLOCK.nanoTime();
    List<CompletableFuture<HttpResponse<String>>> sends = new ArrayList<>();
    for (int port : web) {
      sends.add(
          HTTP.sendAsync(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/alerts"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> s : sends) {
      HttpResponse<String> r = s.get(60, TimeUnit.SECONDS);
      if (r.statusCode() != 200) {
        throw new IllegalStateException("post alerts: " + r.statusCode() + " " + r.body());
      }
    }
    return start;
  }

  private static long awaitSeen(List<String> names) throws InterruptedException {
    long deadline = CLOCK.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (!FIRST_SEEN.keySet().containsAll(names)) {
      if (CLOCK.nanoTime() > deadline) {
        throw new IllegalStateException("notifications missing after 3 minutes");
      }
      Thread.sleep(5);
    }
    long last = 0;
    for (String n : names) {
      last = Math.max(last, FIRST_SEEN.get(n));
    }
    return last;
  }

  private static void awaitReady(int port) throws Exception {
    long deadline = CLOCK.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      try {
        URI ready = URI.create("http://127.0.0.1:" + port + "/-/ready");
        HttpResponse<Void> r =
            HTTP.send(
                HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (CLOCK.nanoTime() > deadline) {
        throw new IllegalStateException("peer on port " + port + " not ready after 2 minutes");
      }
      Thread.sleep(50);
    }
  }

  private static String get(int port, String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
