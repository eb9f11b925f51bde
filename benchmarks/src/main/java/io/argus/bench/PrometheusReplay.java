package io.argus.bench;

import io.argus.util.Clock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts Debian's Prometheus on a data directory (127.0.0.1, no scrape targets), reads its own
 * {@code WAL replay completed} log line, samples its heap and head series through /metrics once it
 * is ready, and stops it with SIGTERM. Used by {@link IngestHarness}.
 */
final class PrometheusReplay {
  private static final Pattern TOTAL_REPLAY =
      Pattern.compile("total_replay_duration=((?:[0-9.]+(?:ns|µs|us|ms|s|m|h))+)");
  private static final Pattern DURATION_PART = Pattern.compile("([0-9.]+)(ns|µs|us|ms|s|m|h)");

  /** What one run observed. */
  record Observation(
      double replayMillis,
      long readyMillis,
      double heapInuseBytes,
      double residentBytes,
      double series) {}

  /** How long a Prometheus run may take before it is killed. */
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private PrometheusReplay() {}

  /** Replays {@code dataDir} and an empty directory, printing replay time and heap per series. */
  static void measure(
      Path prometheus, Path work, Path dataDir, PrintStream out, int samplesPerSeries)
      throws IOException, InterruptedException {
    Path empty = work.resolve("prometheus-empty");
    IngestHarness.deleteTree(empty);
    Files.createDirectories(empty);
    Observation baseline = run(prometheus, work, empty);
    Observation loaded = run(prometheus, work, dataDir);
    out.printf(
        Locale.ROOT,
        "prometheus replay: %.0f ms (its log), process start to ready %d ms, %.0f series%n",
        loaded.replayMillis(),
        loaded.readyMillis(),
        loaded.series());
    if (loaded.series() > 0) {
      out.printf(
          Locale.ROOT,
          "prometheus head bytes per active series: ~%.0f go heap in-use, ~%.0f resident"
              + " (delta vs empty server, not GC-settled; full chunks m-mapped; %d samples per"
              + " series)%n",
          (loaded.heapInuseBytes() - baseline.heapInuseBytes()) / loaded.series(),
          (loaded.residentBytes() - baseline.residentBytes()) / loaded.series(),
          samplesPerSeries);
    }
  }

  private static Observation run(Path prometheus, Path work, Path dataDir)
      throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path config = work.resolve("prometheus-replay.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1m\n");
    long start = Clock.SYSTEM.nanoTime();
    Process process =
        new ProcessBuilder(
                prometheus.toString(),
                "--config.file=" + config,
                "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.path=" + dataDir)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    Thread watchdog =
        Thread.startVirtualThread(
            () -> {
              try {
                if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                  process.destroyForcibly();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    double replayMillis = -1;
    long readyMillis = -1;
    try (BufferedReader log =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = log.readLine()) != null) {
        Matcher m = TOTAL_REPLAY.matcher(line);
        if (line.contains("WAL replay completed") && m.find()) {
          replayMillis = goDurationMillis(m.group(1));
        }
        if (line.contains("Server is ready to receive web requests")) {
          readyMillis = (Clock.SYSTEM.nanoTime() - start) / 1_000_000;
          break;
        }
      }
      Thread.startVirtualThread(() -> drain(log));
      double heap = -1;
      double resident = -1;
      double series = -1;
      if (readyMillis >= 0) {
        String metrics = fetch("http://127.0.0.1:" + port + "/metrics");
        heap = gauge(metrics, "go_memstats_heap_inuse_bytes");
        series = gauge(metrics, "prometheus_tsdb_head_series");
        resident = gauge(metrics, "process_resident_memory_bytes");
      }
      // Signals only; Process.destroy() would close the log pipe it still writes to.
      process.toHandle().destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
      return new Observation(replayMillis, readyMillis, heap, resident, series);
    } finally {
      watchdog.interrupt();
      if (process.isAlive()) {
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

  /** Parses a Go duration such as {@code 2m3.5s} or {@code 812.4ms}. */
  private static double goDurationMillis(String duration) {
    double millis = 0;
    Matcher part = DURATION_PART.matcher(duration);
    while (part.find()) {
      millis += toMillis(Double.parseDouble(part.group(1)), part.group(2));
    }
    return millis;
  }

  private static double toMillis(double v, String unit) {
    return switch (unit) {
      case "ns" -> v / 1e6;
      case "µs", "us" -> v / 1e3;
      case "ms" -> v;
      case "s" -> v * 1e3;
      case "m" -> v * 60e3;
      default -> v * 3600e3;
    };
  }

  private static String fetch(String url) throws IOException, InterruptedException {
    try (HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
      return client
          .send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    }
  }

  private static double gauge(String exposition, String name) {
    for (String line : exposition.split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1).trim());
      }
    }
    return -1;
  }
}
