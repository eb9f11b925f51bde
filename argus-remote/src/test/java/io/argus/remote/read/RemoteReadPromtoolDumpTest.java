package io.argus.remote.read;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.scrape.config.HttpClientConfig;
import io.argus.scrape.config.RemoteReadConfig;
import io.argus.storage.Querier;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import io.argus.storage.merge.Queriers;
import io.argus.testkit.LoopbackPorts;
import io.argus.util.Clock;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, acceptance 5 (first half): Argus' remote-read client asks Debian's {@code prometheus}
 * 2.42 for every series of a closed time range; once prometheus has stopped, {@code promtool tsdb
 * dump} of its data directory for the same range shows exactly the same series and samples (values
 * compared bit for bit, NaN as NaN).
 */
class RemoteReadPromtoolDumpTest {
  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");

  @TempDir Path tmp;

  @Test
  void remoteRead_equalsPromtoolDumpOfTheSameRange() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL),
        "prometheus/promtool not installed in /usr/bin; skipping");
    int port = LoopbackPorts.freePort();
    Path config = tmp.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 1s
        scrape_configs:
          - job_name: prometheus
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """
            .formatted(port));
    Path data = tmp.resolve("data");
    Process prometheus =
        new ProcessBuilder(
                PROMETHEUS.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + data,
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("prometheus.log").toFile())
            .start();
    Map<String, List<String>> viaRead;
    long start;
    long end;
    try (HttpClient http = HttpClient.newHttpClient()) {
      awaitScrapes(http, port, 8);
      end = Clock.SYSTEM.millis() - 1_000; // closed: every scrape before it is committed
      start = end - 6_000;
      RemoteReadConfig rc =
          new RemoteReadConfig(
              "http://127.0.0.1:" + port + "/api/v1/read",
              "",
              30_000,
              Map.of(),
              Map.of(),
              true,
              true,
              HttpClientConfig.DEFAULT);
      try (RemoteReadStorage storage = new RemoteReadStorage("Argus/test", Clock.SYSTEM)) {
        storage.applyConfig(List.of(rc), Labels.EMPTY);
        viaRead = read(storage, start, end);
      }
    } finally {
      prometheus.destroy(); // SIGTERM to the process this test started
      if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
    Map<String, List<String>> dumped = dump(data, start, end);
    assertThat(viaRead).hasSizeGreaterThan(50);
    assertThat(viaRead.values().stream().mapToInt(List::size).sum()).isGreaterThan(300);
    assertThat(viaRead.keySet()).containsExactlyElementsOf(dumped.keySet());
    assertThat(viaRead).isEqualTo(dumped);
  }

  private static void awaitScrapes(HttpClient http, int port, int scrapes) throws Exception {
    long deadline = Clock.SYSTEM.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    URI uri =
        URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=count_over_time(up%5B1m%5D)");
    while (Clock.SYSTEM.nanoTime() < deadline) {
      try {
        String body =
            http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
        int at = body.lastIndexOf(",\"");
        if (at > 0
            && Integer.parseInt(body.substring(at + 2, body.indexOf('"', at + 2))) >= scrapes) {
          return;
        }
      } catch (Exception e) {
        // not up yet
      }
      Thread.sleep(250); // polling interval; the loop checks the condition
    }
    throw new AssertionError("prometheus did not scrape " + scrapes + " times within 60 s");
  }

  /** Every series with its samples "t v" (v as Java prints the double) through remote read. */
  private static Map<String, List<String>> read(RemoteReadStorage storage, long start, long end) {
    Map<String, List<String>> out = new TreeMap<>();
    try (Querier q =
        storage.querier((mint, maxt) -> Queriers.empty(), () -> Long.MIN_VALUE, start, end)) {
      SeriesSet set =
          q.select(true, SelectHints.range(start, end), Matcher.regex("__name__", ".+"));
      SampleIterator it = null;
      while (set.next()) {
        it = set.at().iterator(it);
        List<String> samples = new ArrayList<>();
        while (it.next() == ValueType.FLOAT) {
          samples.add(it.atT() + " " + text(it.atFloat()));
        }
        out.put(set.at().labels().toString(), samples);
      }
      assertThat(set.warnings()).isEmpty();
    }
    return out;
  }

  /** {@code promtool tsdb dump} of {@code [start, end]}: "{labels} value timestamp" per line. */
  private Map<String, List<String>> dump(Path data, long start, long end) throws Exception {
    Path out = tmp.resolve("dump.txt");
    Process p =
        new ProcessBuilder(
                PROMTOOL.toString(),
                "tsdb",
                "dump",
                "--min-time=" + start,
                "--max-time=" + end,
                data.toString())
            .redirectError(tmp.resolve("dump.err").toFile())
            .redirectOutput(out.toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("dump.err"))).isZero();
    Map<String, List<String>> series = new TreeMap<>();
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      int close = line.lastIndexOf("} ");
      String labels = line.substring(0, close + 1);
      String[] vt = line.substring(close + 2).split(" ");
      series
          .computeIfAbsent(labels, k -> new ArrayList<>())
          .add(vt[1] + " " + text(goFloat(vt[0])));
    }
    return series;
  }

  private static double goFloat(String s) {
    return switch (s) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }

  private static String text(double v) {
    return Double.isNaN(v) ? "NaN" : Double.toString(v);
  }
}
