package io.argus.bench;

import com.sun.net.httpserver.HttpServer;
import io.argus.model.labels.Labels;
import io.argus.rules.notifier.Alert;
import io.argus.rules.notifier.Notifier;
import io.argus.rules.notifier.NotifierOptions;
import io.argus.scrape.config.Config;
import io.argus.scrape.config.ConfigLoader;
import io.argus.scrape.discovery.DiscoveryContext;
import io.argus.scrape.discovery.DiscoveryMetrics;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Notifier throughput: pushes {@code --alerts} alerts (default 500,000, in chunks of 1,000 as rule
 * groups would) through a {@link Notifier} to {@code --alertmanagers} stand-in Alertmanagers on
 * loopback (default 2, each a JDK HTTP server that reads and discards the body) and reports alerts
 * delivered per second per Alertmanager, requests per second, bytes per alert and the process' CPU
 * time per 1,000 alerts delivered (the sinks run in the same process). The queue never overflows:
 * sending pauses while more than half of it is full.
 */
public final class NotifierHarness {
  private NotifierHarness() {}

  /** A stand-in Alertmanager counting request bodies. */
  private static final class Sink implements AutoCloseable {
    final HttpServer server;
    final AtomicLong requests = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();

    Sink() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.createContext(
          "/",
          exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
              bytes.addAndGet(in.readAllBytes().length);
            }
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
          });
      server.start();
    }

    String address() {
      return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  private static long cpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
  }

  public static void main(String[] args) throws Exception {
    int alerts = 500_000;
    int alertmanagers = 2;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--alerts" -> alerts = Integer.parseInt(args[++i]);
        case "--alertmanagers" -> alertmanagers = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    run(alerts, alertmanagers, System.out);
  }

  static void run(int total, int alertmanagerCount, PrintStream out) throws Exception {
    List<Sink> sinks = new ArrayList<>();
    StringBuilder targets = new StringBuilder();
    for (int i = 0; i < alertmanagerCount; i++) {
      Sink s = new Sink();
      sinks.add(s);
      targets.append(i == 0 ? "" : ", ").append('"').append(s.address()).append('"');
    }
    Config config =
        ConfigLoader.loadString(
            """
            global:
              external_labels: {replica: r1, cluster: bench}
            alerting:
              alert_relabel_configs:
                - action: labeldrop
                  regex: replica
              alertmanagers:
                - static_configs:
                    - targets: [%s]
            """
                .formatted(targets),
            Path.of("."));
    PrometheusRegistry registry = new PrometheusRegistry();
    int capacity = NotifierOptions.DEFAULT_QUEUE_CAPACITY;
    try (Notifier notifier =
        new Notifier(
            new NotifierOptions(
                capacity, NotifierOptions.DEFAULT_MAX_BATCH_SIZE, "bench", 60_000, 10),
            Clock.SYSTEM,
            registry,
            DiscoveryContext.of(Clock.SYSTEM, DiscoveryMetrics.register(registry)))) {
      notifier.applyConfig(config.global().externalLabels(), config.alerting());
      notifier.start();
      while (notifier.activeUrls().size() < alertmanagerCount) {
        Thread.sleep(10);
      }
      List<Alert> chunk = new ArrayList<>();
      long now = Clock.SYSTEM.millis();
      for (int i = 0; i < 1_000; i++) {
        chunk.add(
            new Alert(
                Labels.of(
                    "alertname",
                    "HighErrorRate",
                    "job",
                    "api",
                    "instance",
                    "host-" + i + ":9100",
                    "severity",
                    "page"),
                Labels.of(
                    "summary",
                    "error rate above 5% on host-" + i,
                    "runbook",
                    "https://runbooks.example.com/HighErrorRate"),
                now,
                now + 240_000,
                "http://argus:9090/graph?g0.expr=rate%28errors%5B5m%5D%29"));
      }
      long begin = Clock.SYSTEM.nanoTime();
      long cpuBegin = cpuNanos();
      for (int sent = 0; sent < total; sent += chunk.size()) {
        while (notifier.queueLength() > capacity / 2) {
          Thread.sleep(1);
        }
        notifier.send(chunk);
      }
      while (notifier.queueLength() > 0) {
        Thread.sleep(1);
      }
      long closing = Clock.SYSTEM.nanoTime();
      notifier.close();
      double seconds = (Clock.SYSTEM.nanoTime() - begin) / 1e9;
      double closeSeconds = (Clock.SYSTEM.nanoTime() - closing) / 1e9;
      double cpuSeconds = (cpuNanos() - cpuBegin) / 1e9;
      long requests = 0;
      long bytes = 0;
      for (Sink s : sinks) {
        requests += s.requests.get();
        bytes += s.bytes.get();
      }
      long delivered = (long) total * alertmanagerCount;
      out.printf(
          Locale.ROOT,
          "notifier: %,d alerts to %d alertmanagers in %.2f s: %,.0f alerts/s per alertmanager,"
              + " %,.0f requests/s, %.0f bytes/alert, %.1f CPU-ms per 1,000 alerts per"
              + " alertmanager (whole process, sinks included; close took %.2f s)%n",
          total,
          alertmanagerCount,
          seconds,
          total / seconds,
          requests / seconds,
          bytes / (double) delivered,
          cpuSeconds * 1e6 / delivered,
          closeSeconds);
    } finally {
      for (Sink s : sinks) {
        s.close();
      }
    }
  }
}
