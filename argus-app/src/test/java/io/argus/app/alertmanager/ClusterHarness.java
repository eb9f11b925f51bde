package io.argus.app.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.argus.app.testing.ExternalProcess;
import io.argus.testkit.LoopbackPorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@code argus alertmanager} peers of one cluster as separate processes on loopback (the fat
 * jar), a webhook sink recording every notification, and the HTTP calls the cluster tests make.
 * Every wait is bounded by {@link #WAIT_SECONDS}; {@link #close} kills what was started, by PID.
 * Not thread-safe apart from the sink.
 */
final class ClusterHarness implements AutoCloseable {
  static final long WAIT_SECONDS = 90;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The timers of one test's cluster. */
  record Timers(
      Duration groupWait,
      Duration groupInterval,
      Duration peerTimeout,
      Duration gossipInterval,
      Duration probeInterval) {}

  /** One received notification. */
  record Notification(String alertname, String status, long receivedNanos) {}

  /** One running peer. */
  record Peer(int index, int webPort, int clusterPort, Path data, ExternalProcess process) {
    String url(String path) {
      return "http://127.0.0.1:" + webPort + path;
    }

    long pid() {
      return process.process().pid();
    }

    String clusterAddress() {
      return "127.0.0.1:" + clusterPort;
    }
  }

  private final Path jar;
  private final Path dir;
  private final Timers timers;
  private final HttpClient http = HttpClient.newHttpClient();
  private final HttpServer sink;
  private final List<Notification> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger answered = new AtomicInteger();
  private final List<ExternalProcess> processes = new ArrayList<>();
  private volatile long holdMillis;
  private final Path config;

  ClusterHarness(Path jar, Path dir, Timers timers) throws IOException {
    this.jar = jar;
    this.dir = dir;
    this.timers = timers;
    sink = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    sink.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    sink.createContext(
        "/hook",
        exchange -> {
          long now = System.nanoTime();
          JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
          received.add(
              new Notification(
                  body.at("/groupLabels/alertname").asText(), body.get("status").asText(), now));
          try {
            Thread.sleep(holdMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
          answered.incrementAndGet();
        });
    sink.start();
    config = dir.resolve("alertmanager.yml");
    Files.writeString(
        config,
        """
        route:
          receiver: hook
          group_by: [alertname]
          group_wait: %dms
          group_interval: %dms
          repeat_interval: 1h
        receivers:
          - name: hook
            webhook_configs:
              - url: http://127.0.0.1:%d/hook
        """
            .formatted(
                timers.groupWait().toMillis(),
                timers.groupInterval().toMillis(),
                sink.getAddress().getPort()));
  }

  /** Makes the sink hold every response this long before answering 200. */
  void holdResponses(Duration hold) {
    holdMillis = hold.toMillis();
  }

  int answered() {
    return answered.get();
  }

  List<Notification> notifications() {
    return List.copyOf(received);
  }

  /** Notifications per alertname (the group), firing ones only. */
  Map<String, Integer> countsByGroup() {
    Map<String, Integer> counts = new TreeMap<>();
    for (Notification n : received) {
      if (n.status().equals("firing")) {
        counts.merge(n.alertname(), 1, Integer::sum);
      }
    }
    return counts;
  }

  /** Starts {@code n} peers, each knowing the others' cluster addresses. */
  List<Peer> startCluster(int n) throws Exception {
    int[] web = new int[n];
    int[] cluster = new int[n];
    for (int i = 0; i < n; i++) {
      web[i] = LoopbackPorts.freePort();
      cluster[i] = LoopbackPorts.freePort();
    }
    List<Peer> peers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> others = new ArrayList<>();
      for (int j = 0; j < n; j++) {
        if (j != i) {
          others.add("127.0.0.1:" + cluster[j]);
        }
      }
      peers.add(startPeer(i, web[i], cluster[i], dir.resolve("am-" + i), others));
    }
    return peers;
  }

  /** Starts one peer with its own data directory. */
  Peer startPeer(int index, int webPort, int clusterPort, Path data, List<String> others)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "--enable-native-access=ALL-UNNAMED",
            "-Xmx128m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-jar",
            jar.toString(),
            "alertmanager",
            "--config.file=" + config,
            "--storage.path=" + data,
            "--web.listen-address=127.0.0.1:" + webPort,
            "--cluster.listen-address=127.0.0.1:" + clusterPort,
            "--cluster.label=cluster-it",
            "--cluster.peer-timeout=" + timers.peerTimeout().toMillis() + "ms",
            "--cluster.gossip-interval=" + timers.gossipInterval().toMillis() + "ms",
            "--cluster.probe-interval=" + timers.probeInterval().toMillis() + "ms",
            "--cluster.probe-timeout=300ms",
            "--cluster.pushpull-interval=5s",
            "--cluster.settle-timeout=30s"));
    for (String other : others) {
      command.add("--cluster.peer=" + other);
    }
    ExternalProcess process = ExternalProcess.start(command, dir, WAIT_SECONDS);
    processes.add(process);
    return new Peer(index, webPort, clusterPort, data, process);
  }

  /** Starts another process (a sender) that this harness stops at the end. */
  ExternalProcess startProcess(List<String> command) throws IOException {
    ExternalProcess process = ExternalProcess.start(command, dir, WAIT_SECONDS);
    processes.add(process);
    return process;
  }

  /** The HTTP status of {@code GET url}, or -1 when nothing listens yet. */
  int status(String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  String get(String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET %s: %s", url, r.body()).isEqualTo(200);
    return r.body();
  }

  static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }

  JsonNode getJson(String url) throws Exception {
    return JSON.readTree(get(url));
  }

  String post(String url, String json) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("POST %s: %s", url, r.body()).isEqualTo(200);
    return r.body();
  }

  /** Posts one firing alert per name to {@code peer}, as a Prometheus would. */
  void postAlerts(Peer peer, List<String> alertnames) throws Exception {
    StringBuilder body = new StringBuilder("[");
    for (String name : alertnames) {
      body.append(body.length() > 1 ? "," : "")
          .append("{\"labels\":{\"alertname\":\"")
          .append(name)
          .append("\",\"severity\":\"page\"}}");
    }
    post(peer.url("/api/v2/alerts"), body.append(']').toString());
  }

  /**
   * Posts the alerts to every peer at once, {@code senders} times each, as that many Prometheus
   * replicas would; returns when all answered.
   */
  void postAlertsToAll(List<Peer> peers, List<String> alertnames, int senders) throws Exception {
    List<Future<?>> posts = new ArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int s = 0; s < senders; s++) {
        for (Peer p : peers) {
          posts.add(
              pool.submit(
                  () -> {
                    postAlerts(p, alertnames);
                    return null;
                  }));
        }
      }
      for (Future<?> f : posts) {
        f.get(WAIT_SECONDS, TimeUnit.SECONDS);
      }
    }
  }

  /** A gauge of a peer's {@code /metrics}, or NaN when absent. */
  double metric(Peer peer, String name) throws Exception {
    for (String line : get(peer.url("/metrics")).split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    return Double.NaN;
  }

  /** A metric's value summed over its series (every label combination). */
  double metricSum(Peer peer, String name) throws Exception {
    double sum = 0;
    for (String line : get(peer.url("/metrics")).split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  String clusterStatus(Peer peer) throws Exception {
    return getJson(peer.url("/api/v2/status")).at("/cluster/status").asText();
  }

  /** Waits until every peer is ready and counts {@code members} members. */
  void awaitFormed(List<Peer> peers, int members) throws Exception {
    for (Peer p : peers) {
      try {
        awaitTrue(
            "peer " + p.index() + " ready with " + members + " members",
            () ->
                status(p.url("/-/ready")) == 200
                    && metric(p, "alertmanager_cluster_members") == members);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "\n" + describe(peers), e);
      }
    }
  }

  /** Each peer's process state, readiness, member count and last lines of output. */
  String describe(List<Peer> peers) {
    StringBuilder sb = new StringBuilder();
    for (Peer p : peers) {
      String members;
      try {
        members = Double.toString(metric(p, "alertmanager_cluster_members"));
      } catch (Exception | AssertionError e) {
        members = "unknown (" + e.getMessage() + ")";
      }
      List<String> lines = p.process().output().lines().toList();
      sb.append("peer ")
          .append(p.index())
          .append(" (web ")
          .append(p.webPort())
          .append(", cluster ")
          .append(p.clusterAddress())
          .append("): ")
          .append(p.process().process().isAlive() ? "running" : "exited")
          .append(", /-/ready ")
          .append(status(p.url("/-/ready")))
          .append(", members ")
          .append(members)
          .append(", last output:\n  ")
          .append(String.join("\n  ", lines.subList(Math.max(0, lines.size() - 30), lines.size())))
          .append('\n');
    }
    return sb.toString();
  }

  /** The peer at {@code position}, by the peers' own {@code alertmanager_peer_position}. */
  Peer atPosition(List<Peer> peers, int position) throws Exception {
    for (Peer p : peers) {
      if (metric(p, "alertmanager_peer_position") == position) {
        return p;
      }
    }
    throw new AssertionError("no peer at position " + position);
  }

  static List<String> names(String prefix, int n) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      names.add(prefix + String.format("%02d", i));
    }
    return names;
  }

  /** Sends a signal to a process this harness started. */
  static void signal(Peer peer, String signal) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-" + signal, Long.toString(peer.pid()))
            .redirectErrorStream(true)
            .start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -%s %d", signal, peer.pid()).isZero();
  }

  /** A condition that may throw. */
  @FunctionalInterface
  interface Condition {
    boolean get() throws Exception;
  }

  static void awaitTrue(String what, Condition condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(WAIT_SECONDS).toNanos();
    while (!condition.get()) {
      assertThat(System.nanoTime()).as("waiting for %s", what).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  static String urlEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws Exception {
    for (ExternalProcess p : processes) {
      p.close();
    }
    sink.stop(0);
    http.close();
  }
}
