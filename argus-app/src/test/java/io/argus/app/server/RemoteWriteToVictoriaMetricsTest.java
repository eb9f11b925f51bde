package io.argus.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.app.testing.LoopbackHttp;
import io.argus.app.testing.PeerProcess;
import io.argus.testkit.LoopbackPorts;
import io.argus.util.Clock;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, acceptance 2 (VictoriaMetrics half): {@code argus server} scrapes itself and
 * remote-writes to Debian's {@code victoria-metrics}; every series and every sample Argus stored up
 * to a cut-off time is then in VictoriaMetrics ({@code /api/v1/export}, raw samples), with the
 * external labels added.
 *
 * <p>Normalisation: VictoriaMetrics stores each block of a series as integer mantissas with one
 * decimal exponent and keeps about 12 significant digits relative to the block's largest value, so
 * values are compared with a tolerance of 1e-11 times the series' largest magnitude (the lossy
 * encoding is VictoriaMetrics' own); timestamps must be identical. VictoriaMetrics 1.79 drops NaN
 * samples at ingestion (Prometheus' staleness markers and real NaNs alike, e.g. the quantiles of a
 * summary without observations), so NaN samples are left out on both sides and a series holding
 * only NaNs is not expected. VictoriaMetrics runs without {@code -dedup.minScrapeInterval}, so it
 * keeps every sample, and a duplicate would show up as a difference.
 */
class RemoteWriteToVictoriaMetricsTest {
  private static final Path VICTORIA = Path.of("/usr/bin/victoria-metrics");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private PeerProcess victoria;
  private ArgusServer argus;
  private final LoopbackHttp http = new LoopbackHttp();

  @AfterEach
  void stop() throws Exception {
    if (argus != null) {
      argus.close();
    }
    if (victoria != null) {
      victoria.stop();
    }
    http.close();
  }

  @Test
  void argusServer_remoteWritesEveryStoredSampleToVictoriaMetrics() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(VICTORIA),
        "victoria-metrics not installed at /usr/bin/victoria-metrics; skipping");
    int vmPort = LoopbackPorts.freePort();
    int argusPort = LoopbackPorts.freePort();
    victoria =
        PeerProcess.start(
            tmp.resolve("vm.log"),
            List.of(
                VICTORIA.toString(),
                "-httpListenAddr=127.0.0.1:" + vmPort,
                "-storageDataPath=" + tmp.resolve("vm-data"),
                "-loggerLevel=ERROR"));
    http.awaitOk(vmPort, "/health", "victoria-metrics");
    argus =
        RemoteWriteFixture.startSelfScrapingWriter(
            tmp,
            argusPort,
            """
            url: http://127.0.0.1:%d/api/v1/write
            name: to-victoria
            queue_config:
              max_samples_per_send: 200
              batch_send_deadline: 1s
            """
                .formatted(vmPort));

    TimeUnit.SECONDS.sleep(8);
    long endMillis = Clock.SYSTEM.millis() - 1_500;
    Map<String, List<double[]>> stored = argusSamples(argusPort, endMillis);
    assertThat(stored).as("series Argus stored").hasSizeGreaterThan(50);
    assertThat(stored.values().stream().mapToInt(List::size).sum())
        .as("samples Argus stored")
        .isGreaterThan(300);

    long deadline = Clock.SYSTEM.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    Map<String, String> differences = differences(stored, exported(vmPort, endMillis));
    while (!differences.isEmpty() && Clock.SYSTEM.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(500); // polling interval; the loop checks the condition
      differences = differences(stored, exported(vmPort, endMillis));
    }
    assertThat(differences).as("series VictoriaMetrics lacks or holds differently").isEmpty();
    assertThat(exported(vmPort, endMillis).keySet()).isEqualTo(stored.keySet());
  }

  /** Series whose samples differ, with the first difference. */
  private static Map<String, String> differences(
      Map<String, List<double[]>> expected, Map<String, List<double[]>> actual) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, List<double[]>> e : expected.entrySet()) {
      List<double[]> want = e.getValue();
      List<double[]> got = actual.get(e.getKey());
      if (got == null) {
        out.put(e.getKey(), "missing");
        continue;
      }
      if (got.size() != want.size()) {
        out.put(e.getKey(), "has " + got.size() + " samples, want " + want.size());
        continue;
      }
      double scale = 0;
      for (double[] s : want) {
        scale = Math.max(scale, Math.abs(s[1]));
      }
      for (int i = 0; i < want.size(); i++) {
        double[] w = want.get(i);
        double[] g = got.get(i);
        boolean sameValue =
            Double.compare(w[1], g[1]) == 0 || Math.abs(w[1] - g[1]) <= 1e-11 * scale;
        if (w[0] != g[0] || !sameValue) {
          out.put(
              e.getKey(), "sample " + i + ": " + g[0] + " " + g[1] + ", want " + w[0] + " " + w[1]);
          break;
        }
      }
    }
    return out;
  }

  /** Raw samples of job argus in Argus, five minutes up to {@code endMillis}, replica added. */
  private Map<String, List<double[]>> argusSamples(int port, long endMillis) throws Exception {
    String q = URLEncoder.encode("{job=\"argus\"}[5m]", StandardCharsets.UTF_8);
    JsonNode body =
        JSON.readTree(
            http.get(
                port,
                "/api/v1/query?query=" + q + "&time=" + String.format("%.3f", endMillis / 1e3)));
    assertThat(body.path("status").asText()).as(body.toString()).isEqualTo("success");
    Map<String, List<double[]>> out = new TreeMap<>();
    for (JsonNode series : body.at("/data/result")) {
      TreeMap<String, String> labels = labels(series.get("metric"));
      labels.put("replica", "a");
      List<double[]> values = new ArrayList<>();
      for (JsonNode v : series.get("values")) {
        if (v.get(1).asText().equals("NaN")) {
          continue;
        }
        values.add(
            new double[] {
              Math.round(v.get(0).asDouble() * 1000), Double.parseDouble(v.get(1).asText())
            });
      }
      if (!values.isEmpty()) {
        out.put(labels.toString(), values);
      }
    }
    return out;
  }

  /** Raw samples of job argus in VictoriaMetrics in the same window, NaNs left out. */
  private Map<String, List<double[]>> exported(int port, long endMillis) throws Exception {
    http.get(port, "/internal/force_flush");
    String match = URLEncoder.encode("{job=\"argus\"}", StandardCharsets.UTF_8);
    String body =
        http.get(
            port,
            "/api/v1/export?match[]="
                + match
                + "&start="
                + (endMillis - 300_000 + 1) / 1000.0
                + "&end="
                + endMillis / 1000.0);
    Map<String, List<double[]>> out = new TreeMap<>();
    for (String line : body.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode series = JSON.readTree(line);
      List<double[]> values = new ArrayList<>();
      JsonNode ts = series.get("timestamps");
      JsonNode vs = series.get("values");
      for (int i = 0; i < ts.size(); i++) {
        long t = ts.get(i).asLong();
        double v =
            vs.get(i).isNumber() ? vs.get(i).asDouble() : Double.parseDouble(vs.get(i).asText());
        if (t > endMillis - 300_000 && t <= endMillis && !Double.isNaN(v)) {
          values.add(new double[] {t, v});
        }
      }
      values.sort((a, b) -> Double.compare(a[0], b[0]));
      if (!values.isEmpty()) {
        out.put(labels(series.get("metric")).toString(), values);
      }
    }
    return out;
  }

  private static TreeMap<String, String> labels(JsonNode metric) {
    TreeMap<String, String> labels = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = metric.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      labels.put(e.getKey(), e.getValue().asText());
    }
    return labels;
  }

}
