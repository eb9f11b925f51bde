package io.argus.bench;

import com.sun.net.httpserver.HttpServer;
import io.argus.model.labels.Labels;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * Scrape targets whose series and values are shaped like node-exporter's (see {@link
 * NodeExporterWorkload}: many constant or idle series, integer counters, CPU seconds with 0.01 s
 * resolution, page-sized gauges), as the low-entropy counterpart of {@code argus demo} for {@code
 * ScrapeBenchHarness -Dbench.workload=node}. Each target listens on its own port of 127.0.0.1 and
 * serves the text format; its values move one step per second, and every scrape within a second
 * gets the same body.
 *
 * <pre>
 * java -cp benchmarks.jar io.argus.bench.NodeExporterTargets TARGETS SERIES_PER_TARGET TARGETS_FILE
 * </pre>
 *
 * <p>The targets file lists the addresses as a file_sd JSON document. Runs until killed.
 */
public final class NodeExporterTargets {
  /**
   * Labels of the workload that are not on a node-exporter's own series. {@code instance} stays: it
   * tells apart the two hosts' worth of series a 1,000-series target serves (a scrape renames it
   * to {@code exported_instance}).
   */
  private static final List<String> TARGET_LABELS = List.of("env", "job", "region");

  private final NodeExporterWorkload workload;
  private final String[] prefixes;
  private final long startNanos = System.nanoTime();
  private long tick = -1;
  private byte[] body = new byte[0];

  private NodeExporterTargets(int series) {
    workload = new NodeExporterWorkload(series);
    prefixes = new String[series];
    for (int i = 0; i < series; i++) {
      prefixes[i] = prefix(workload.labels(i));
    }
  }

  public static void main(String[] args) throws IOException {
    int targets = Integer.parseInt(args[0]);
    int series = Integer.parseInt(args[1]);
    Path targetsFile = Path.of(args[2]);
    List<String> addresses = new ArrayList<>();
    for (int t = 0; t < targets; t++) {
      NodeExporterTargets target = new NodeExporterTargets(series);
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.createContext(
          "/metrics",
          exchange -> {
            byte[] b = target.body();
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, b.length);
            try (OutputStream os = exchange.getResponseBody()) {
              os.write(b);
            }
          });
      server.start();
      addresses.add("\"127.0.0.1:" + server.getAddress().getPort() + "\"");
    }
    Path tmp = targetsFile.resolveSibling(targetsFile.getFileName() + ".tmp");
    Files.writeString(tmp, "[{\"targets\": [" + String.join(", ", addresses) + "]}]\n");
    Files.move(tmp, targetsFile, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The body for the current second, rendered once per second. */
  private synchronized byte[] body() {
    long now = (System.nanoTime() - startNanos) / 1_000_000_000L;
    if (now != tick) {
      tick = now;
      StringBuilder sb = new StringBuilder(prefixes.length * 80);
      for (int i = 0; i < prefixes.length; i++) {
        sb.append(prefixes[i]);
        double v = workload.next(i);
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
          sb.append((long) v);
        } else {
          sb.append(v);
        }
        sb.append('\n');
      }
      body = sb.toString().getBytes(StandardCharsets.US_ASCII);
    }
    return body;
  }

  /** {@code name{label="value",...} } without the labels a scrape adds. */
  private static String prefix(Labels labels) {
    StringBuilder sb = new StringBuilder(labels.get("__name__"));
    String sep = "{";
    for (int i = 0; i < labels.size(); i++) {
      String name = labels.name(i);
      if (name.equals("__name__") || TARGET_LABELS.contains(name)) {
        continue;
      }
      sb.append(sep).append(name).append("=\"").append(labels.value(i)).append('"');
      sep = ",";
    }
    if (!sep.equals("{")) {
      sb.append('}');
    }
    sb.append(' ');
    return sb.toString();
  }
}
