package io.argus.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.model.textparse.MetricType;
import io.argus.scrape.StorageProbe.Sample;
import io.argus.testkit.ManualClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScrapeLoopTest {
  static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
  static final long START_MS = 1_700_000_000_000L;
  private static final ScrapeHttpClient HTTP = new ScrapeHttpClient("argus-test");

  private final ManualClock clock = new ManualClock(START_MS);
  private final ScrapeMetrics metrics = new ScrapeMetrics(new PrometheusRegistry());
  private final StorageProbe probe = new StorageProbe();
  private TestExporter exporter;

  @BeforeEach
  void startExporter() throws Exception {
    exporter = new TestExporter();
  }

  @AfterEach
  void stopExporter() throws Exception {
    exporter.close();
  }

  private ScrapeSettings.Builder settings() {
    return ScrapeSettings.builder("node").interval(15_000).timeout(5_000);
  }

  private ScrapeLoop loop(ScrapeSettings s) {
    Target t = Target.create(Labels.of("__address__", exporter.address()), s);
    assertThat(t).isNotNull();
    return new ScrapeLoop(t, s, probe, HTTP, clock, Sleeper.REAL, metrics, 0);
  }

  private Labels series(String... extra) {
    String[] pairs = Arrays.copyOf(extra, extra.length + 4);
    pairs[extra.length] = "job";
    pairs[extra.length + 1] = "node";
    pairs[extra.length + 2] = "instance";
    pairs[extra.length + 3] = exporter.address();
    return Labels.of(pairs);
  }

  @Test
  void scrapeOnce_appendsSamplesWithTargetLabelsAndSyntheticSeries() {
    exporter.serve(
        "/metrics",
        TEXT,
        """
        # HELP http_requests_total Requests served.
        # TYPE http_requests_total counter
        http_requests_total{code="200"} 10
        http_requests_total{code="500"} 2
        temperature 21.5
        """);
    ScrapeLoop loop = loop(settings().build());

    ScrapeReport first = loop.scrapeOnce(START_MS);
    ScrapeReport second = loop.scrapeOnce(START_MS + 15_000);

    assertThat(first.error()).isNull();
    assertThat(first.samplesScraped()).isEqualTo(3);
    assertThat(first.seriesAdded()).isEqualTo(3);
    assertThat(second.seriesAdded()).isZero();
    Map<Labels, List<Sample>> all = probe.select();
    assertThat(all.get(series("__name__", "http_requests_total", "code", "200")))
        .containsExactly(new Sample(START_MS, 10), new Sample(START_MS + 15_000, 10));
    assertThat(all.get(series("__name__", "temperature"))).hasSize(2);
    assertThat(all.get(series("__name__", "up")))
        .containsExactly(new Sample(START_MS, 1), new Sample(START_MS + 15_000, 1));
    assertThat(all.get(series("__name__", "scrape_samples_scraped")).get(0).v()).isEqualTo(3);
    assertThat(all.get(series("__name__", "scrape_samples_post_metric_relabeling")).get(0).v())
        .isEqualTo(3);
    assertThat(all.get(series("__name__", "scrape_series_added")))
        .containsExactly(new Sample(START_MS, 3), new Sample(START_MS + 15_000, 0));
    assertThat(all).containsKey(series("__name__", "scrape_duration_seconds"));
    assertThat(loop.target().health()).isEqualTo(TargetHealth.UP);
    assertThat(loop.target().lastScrapeMs()).isEqualTo(START_MS + 15_000);
    assertThat(loop.target().metadata().get("http_requests_total"))
        .isEqualTo(
            new MetricMetadata("http_requests_total", MetricType.COUNTER, "Requests served.", ""));
  }

  @Test
  void scrapeOnce_loopsSharingBuffersReuseOneBufferInsteadOfKeepingOneEach() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      body.append("node_series{idx=\"").append(i).append("\"} 1\n");
    }
    exporter.serve("/metrics", TEXT, body.toString());
    ScrapeSettings s = settings().build();
    Target t = Target.create(Labels.of("__address__", exporter.address()), s);
    ScrapeBuffers buffers = new ScrapeBuffers();
    ScrapeLoop first = new ScrapeLoop(t, s, probe, HTTP, clock, Sleeper.REAL, metrics, 0, buffers);
    ScrapeLoop second = new ScrapeLoop(t, s, probe, HTTP, clock, Sleeper.REAL, metrics, 1, buffers);

    // Each loop's first scrape, not knowing the body's size yet, grows a buffer of its own.
    assertThat(first.scrapeOnce(START_MS).error()).isNull();
    assertThat(second.scrapeOnce(START_MS).error()).isNull();
    long idleAfterFirstScrapes = buffers.idleBytes();
    for (int i = 1; i <= 3; i++) {
      assertThat(first.scrapeOnce(START_MS + i * 15_000L).error()).isNull();
      assertThat(second.scrapeOnce(START_MS + i * 15_000L).error()).isNull();
    }

    assertThat(idleAfterFirstScrapes).isGreaterThanOrEqualTo(2L * body.length());
    // Later scrapes borrow those buffers instead of adding more.
    assertThat(buffers.idleBytes()).isEqualTo(idleAfterFirstScrapes);
    assertThat(probe.select(Matcher.equal("__name__", "node_series"))).hasSize(2_000);
  }

  @Test
  void ingest_metadataLinesChangingBetweenScrapesAreRecorded() {
    ScrapeLoop loop = loop(settings().build());
    String first = "# HELP a One.\n# TYPE a counter\na 1\n# HELP b B\u00e9.\nb 2\n";
    String second = "# HELP a Two.\n# TYPE a gauge\na 1\n# HELP c Three \\\\ x.\nc 2\n";

    ingest(loop, first, START_MS);
    ingest(loop, second, START_MS + 15_000);
    ingest(loop, second, START_MS + 30_000);

    Map<String, MetricMetadata> meta = loop.target().metadata();
    assertThat(meta.get("a")).isEqualTo(new MetricMetadata("a", MetricType.GAUGE, "Two.", ""));
    assertThat(meta.get("b"))
        .isEqualTo(new MetricMetadata("b", MetricType.UNKNOWN, "B\u00e9.", ""));
    assertThat(meta.get("c"))
        .isEqualTo(new MetricMetadata("c", MetricType.UNKNOWN, "Three \\ x.", ""));
  }

  private static void ingest(ScrapeLoop loop, String body, long t) {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    assertThat(loop.ingest(b, b.length, "text/plain; version=0.0.4", t).error()).isNull();
  }

  @Test
  void scrapeOnce_newSeriesShareLabelStrings() {
    exporter.serve("/metrics", TEXT, "a{method=\"GET\"} 1\nb{method=\"GET\"} 2\n");
    ScrapeLoop loop = loop(settings().build());

    loop.scrapeOnce(START_MS);

    Labels a = probe.select().keySet().stream().filter(l -> l.get("__name__").equals("a"))
        .findFirst().orElseThrow();
    Labels b = probe.select().keySet().stream().filter(l -> l.get("__name__").equals("b"))
        .findFirst().orElseThrow();
    assertThat(a.get("method")).isEqualTo("GET").isSameAs(b.get("method")).isSameAs("GET");
  }

  @Test
  void scrapeOnce_sendsPrometheusRequestHeaders() {
    exporter.serve("/metrics", TEXT, "a 1\n");
    loop(settings().build()).scrapeOnce(START_MS);

    var headers = exporter.lastHeaders("/metrics");
    assertThat(headers.get(HttpHeader.ACCEPT))
        .isEqualTo(
            "application/openmetrics-text;version=1.0.0;q=0.6,"
                + "application/openmetrics-text;version=0.0.1;q=0.5,"
                + "text/plain;version=0.0.4;q=0.4,*/*;q=0.3");
    assertThat(headers.get(HttpHeader.ACCEPT_ENCODING)).isEqualTo("gzip");
    assertThat(headers.get("X-Prometheus-Scrape-Timeout-Seconds")).isEqualTo("5");
    assertThat(ScrapeHttpClient.timeoutSeconds(250)).isEqualTo("0.25");
    assertThat(ScrapeHttpClient.timeoutSeconds(90_000)).isEqualTo("90");
  }

  @Test
  void scrapeOnce_parsesOpenMetricsByContentTypeAndKeepsUnits() {
    exporter.serve(
        "/metrics",
        OPEN_METRICS,
        """
        # TYPE request_seconds counter
        # UNIT request_seconds seconds
        # HELP request_seconds Time spent.
        request_seconds_total 4.5
        # EOF
        """);
    ScrapeLoop loop = loop(settings().build());

    ScrapeReport r = loop.scrapeOnce(START_MS);

    assertThat(r.error()).isNull();
    assertThat(probe.samples("request_seconds_total")).containsExactly(new Sample(START_MS, 4.5));
    assertThat(loop.target().metadata().get("request_seconds"))
        .isEqualTo(
            new MetricMetadata("request_seconds", MetricType.COUNTER, "Time spent.", "seconds"));
  }

  @Test
  void scrapeOnce_openMetricsBodyServedAsTextFailsWithParseError() {
    exporter.serve("/metrics", OPEN_METRICS, "a 1\n");

    ScrapeReport r = loop(settings().build()).scrapeOnce(START_MS);

    assertThat(r.up()).isZero();
    assertThat(r.error()).isNotBlank();
  }

  @Test
  void scrapeOnce_decompressesGzip() {
    exporter.serve(
        "/metrics",
        (response, out) -> {
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT);
          response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
          out.write(gzip("zipped_total 7\n".repeat(1) + "other 8\n"));
        });

    ScrapeReport r = loop(settings().build()).scrapeOnce(START_MS);

    assertThat(r.error()).isNull();
    assertThat(probe.samples("zipped_total")).containsExactly(new Sample(START_MS, 7));
    assertThat(probe.samples("other")).containsExactly(new Sample(START_MS, 8));
  }

  @Test
  void scrapeOnce_gzipBodyOverTheLimitFails() {
    exporter.serve(
        "/metrics",
        (response, out) -> {
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT);
          response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
          out.write(gzip("# padding\n".repeat(100_000)));
        });

    ScrapeReport r = loop(settings().bodySizeLimit(10_000).build()).scrapeOnce(START_MS);

    assertThat(r.error()).isEqualTo("body size limit exceeded");
  }

  @Test
  void scrapeOnce_honorLabelsFalseRenamesConflictingLabels() {
    exporter.serve("/metrics", TEXT, "m{job=\"inner\",instance=\"x\",exported_job=\"e\"} 1\n");

    loop(settings().build()).scrapeOnce(START_MS);

    assertThat(probe.select(Matcher.equal("__name__", "m")).keySet())
        .containsExactly(
            series(
                "__name__",
                "m",
                "exported_exported_job",
                "inner",
                "exported_job",
                "e",
                "exported_instance",
                "x"));
  }

  @Test
  void scrapeOnce_honorLabelsTrueKeepsScrapedLabels() {
    exporter.serve("/metrics", TEXT, "m{job=\"inner\"} 1\n");

    loop(settings().honorLabels(true).build()).scrapeOnce(START_MS);

    assertThat(probe.select(Matcher.equal("__name__", "m")).keySet())
        .containsExactly(
            Labels.of("__name__", "m", "job", "inner", "instance", exporter.address()));
  }

  @Test
  void scrapeOnce_honorTimestampsChoosesBetweenBodyAndScrapeTime() {
    exporter.serve("/metrics", TEXT, "with_ts 1 1699999999000\n");

    loop(settings().build()).scrapeOnce(START_MS);
    assertThat(probe.samples("with_ts")).containsExactly(new Sample(1_699_999_999_000L, 1));

    probe.storage.clear();
    loop(settings().honorTimestamps(false).build()).scrapeOnce(START_MS);
    assertThat(probe.samples("with_ts")).containsExactly(new Sample(START_MS, 1));
  }

  @Test
  void scrapeOnce_marksDisappearedSeriesStale() {
    exporter.serve("/metrics", TEXT, "kept 1\ngone 2\n");
    ScrapeLoop loop = loop(settings().build());
    loop.scrapeOnce(START_MS);
    exporter.serve("/metrics", TEXT, "kept 3\n");

    loop.scrapeOnce(START_MS + 15_000);

    List<Sample> gone = probe.samples("gone");
    assertThat(gone).hasSize(2);
    assertThat(gone.get(1).t()).isEqualTo(START_MS + 15_000);
    assertThat(StorageProbe.isStale(gone.get(1).v())).isTrue();
    assertThat(probe.samples("kept"))
        .containsExactly(new Sample(START_MS, 1), new Sample(START_MS + 15_000, 3));
  }

  @Test
  void scrapeOnce_failedScrapeMarksPreviousSeriesStaleAndReportsDown() {
    exporter.serve("/metrics", TEXT, "m 1\n");
    ScrapeLoop loop = loop(settings().build());
    loop.scrapeOnce(START_MS);
    exporter.serve(
        "/metrics",
        (response, out) -> {
          response.setStatus(500);
        });

    ScrapeReport r = loop.scrapeOnce(START_MS + 15_000);

    assertThat(r.error()).isEqualTo("server returned HTTP status 500 Internal Server Error");
    assertThat(StorageProbe.isStale(probe.samples("m").get(1).v())).isTrue();
    assertThat(probe.samples("up"))
        .containsExactly(new Sample(START_MS, 1), new Sample(START_MS + 15_000, 0));
    assertThat(loop.target().health()).isEqualTo(TargetHealth.DOWN);
    assertThat(loop.target().lastError()).isEqualTo(r.error());
  }

  @Test
  void scrapeOnce_bodyOverTheLimitFails() {
    exporter.serve("/metrics", TEXT, "m 1\n".repeat(10_000));

    ScrapeReport r = loop(settings().bodySizeLimit(1_000).build()).scrapeOnce(START_MS);

    assertThat(r.error()).isEqualTo("body size limit exceeded");
    assertThat(probe.select(Matcher.equal("__name__", "m"))).isEmpty();
    assertThat(probe.samples("up")).containsExactly(new Sample(START_MS, 0));
    assertThat(metrics.exceededBodySizeLimit.get()).isEqualTo(1);
  }

  @Test
  void scrapeOnce_endlessBodyIsCutAtTheLimit() {
    CountDownLatch writerStopped = new CountDownLatch(1);
    byte[] chunk = "endless_series{a=\"b\"} 1\n".repeat(1_000).getBytes(StandardCharsets.UTF_8);
    exporter.serve(
        "/metrics",
        (response, out) -> {
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT);
          try {
            // Bounded: 2 GiB at most, far past the limit the client enforces.
            for (long written = 0; written < (2L << 30); written += chunk.length) {
              out.write(chunk);
            }
          } finally {
            writerStopped.countDown();
          }
        });

    ScrapeReport r = loop(settings().bodySizeLimit(1 << 20).build()).scrapeOnce(START_MS);

    assertThat(r.error()).isEqualTo("body size limit exceeded");
    assertThat(r.up()).isZero();
  }

  @Test
  void scrapeOnce_slowResponseTimesOut() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    exporter.serve(
        "/metrics",
        (response, out) -> {
          release.await(30, TimeUnit.SECONDS);
        });
    ScrapeLoop loop = loop(settings().timeout(200).build());

    ScrapeReport r;
    try {
      r = loop.scrapeOnce(START_MS);
    } finally {
      release.countDown();
    }

    assertThat(r.up()).isZero();
    assertThat(r.error()).contains("context deadline exceeded").contains(exporter.address());
  }

  @Test
  void scrapeOnce_bodyStalledAfterHeadersTimesOut() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    exporter.serve(
        "/metrics",
        (response, out) -> {
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT);
          out.write("partial 1\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          release.await(30, TimeUnit.SECONDS);
        });
    ScrapeLoop loop = loop(settings().timeout(200).build());

    ScrapeReport r;
    try {
      r = loop.scrapeOnce(START_MS);
    } finally {
      release.countDown();
    }

    assertThat(r.error()).endsWith("context deadline exceeded");
    assertThat(probe.select(Matcher.equal("__name__", "partial"))).isEmpty();
  }

  @Test
  void scrapeOnce_invalidUtf8FailsTheScrape() {
    byte[] body = "m{a=\"\u0000\"} 1\n".getBytes(StandardCharsets.UTF_8);
    body[5] = (byte) 0xC3;
    exporter.serve(
        "/metrics",
        (response, out) -> {
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT);
          out.write(body);
        });

    ScrapeReport r = loop(settings().build()).scrapeOnce(START_MS);

    assertThat(r.up()).isZero();
    assertThat(r.error()).contains("invalid UTF-8");
  }

  @Test
  void scrapeOnce_duplicateSeriesInOneBodyIsCounted() {
    exporter.serve("/metrics", TEXT, "dup 1\ndup 2\nother 3\n");

    ScrapeReport r = loop(settings().build()).scrapeOnce(START_MS);

    assertThat(r.up()).isEqualTo(1);
    assertThat(r.duplicates()).isEqualTo(1);
    assertThat(metrics.duplicateTimestamp.get()).isEqualTo(1);
    assertThat(probe.samples("dup")).containsExactly(new Sample(START_MS, 1));
    assertThat(probe.samples("other")).containsExactly(new Sample(START_MS, 3));
  }

  @Test
  void scrapeOnce_outOfOrderTimestampsAreCounted() {
    exporter.serve("/metrics", TEXT, "ts 1 1699999990000\nts 2 1699999980000\n");

    ScrapeReport r = loop(settings().build()).scrapeOnce(START_MS);

    assertThat(r.up()).isEqualTo(1);
    assertThat(r.outOfOrder()).isEqualTo(1);
    assertThat(metrics.outOfOrder.get()).isEqualTo(1);
    assertThat(probe.samples("ts")).containsExactly(new Sample(1_699_999_990_000L, 1));
  }

  @Test
  void scrapeOnce_sampleLimitExceededFailsTheWholeScrape() {
    exporter.serve("/metrics", TEXT, "a 1\nb 2\nc 3\n");

    ScrapeReport r = loop(settings().sampleLimit(2).build()).scrapeOnce(START_MS);

    assertThat(r.error()).isEqualTo("sample limit exceeded");
    assertThat(probe.select(Matcher.regex("__name__", "a|b|c"))).isEmpty();
    assertThat(probe.samples("up")).containsExactly(new Sample(START_MS, 0));
    assertThat(probe.samples("scrape_samples_scraped").get(0).v()).isEqualTo(3);
    assertThat(metrics.exceededSampleLimit.get()).isEqualTo(1);
  }

  @Test
  void scrapeOnce_sampleLimitCountsOnlySamplesKeptByRelabeling() {
    exporter.serve("/metrics", TEXT, "a 1\nb 2\ndropped 3\n");
    LabelsRewriter dropDropped = ls -> "dropped".equals(ls.get("__name__")) ? null : ls;

    ScrapeReport r =
        loop(settings().sampleLimit(2).metricRelabel(dropDropped).build()).scrapeOnce(START_MS);

    assertThat(r.error()).isNull();
    assertThat(r.samplesScraped()).isEqualTo(3);
    assertThat(r.samplesPostRelabel()).isEqualTo(2);
    assertThat(probe.select(Matcher.equal("__name__", "dropped"))).isEmpty();
  }

  @Test
  void scrapeOnce_metricRelabelRewritesLabels() {
    exporter.serve("/metrics", TEXT, "m{secret=\"x\"} 1\n");
    UnaryOperator<Labels> dropSecret = ls -> ls.toBuilder().delete("secret").build();

    loop(settings().metricRelabel(dropSecret::apply).build()).scrapeOnce(START_MS);

    assertThat(probe.select(Matcher.equal("__name__", "m")).keySet())
        .containsExactly(series("__name__", "m"));
  }

  @Test
  void scrapeOnce_labelLimitsFailTheScrape() {
    exporter.serve("/metrics", TEXT, "m{a=\"1\",b=\"2\"} 1\n");
    assertThat(loop(settings().labelLimit(4).build()).scrapeOnce(START_MS).error())
        .isEqualTo("label_limit exceeded (metric: m, number of labels: 5, limit: 4)");

    exporter.serve("/metrics", TEXT, "m{long_name=\"1\"} 1\n");
    assertThat(loop(settings().labelNameLengthLimit(8).build()).scrapeOnce(START_MS).error())
        .isEqualTo(
            "label_name_length_limit exceeded (metric: m, label name: long_name, length: 9,"
                + " limit: 8)");

    exporter.serve("/metrics", TEXT, "m{v=\"toolongvalue\"} 1\n");
    assertThat(loop(settings().labelValueLengthLimit(20).build()).scrapeOnce(START_MS).error())
        .isNull();
    String error =
        loop(settings().labelValueLengthLimit(5).build()).scrapeOnce(START_MS + 1).error();
    assertThat(error).startsWith("label_value_length_limit exceeded (metric: m, label name: ");
  }

  @Test
  void scrapeOnce_paramsAndPathComeFromTheTarget() {
    exporter.serve("/probe", TEXT, "probe_success 1\n");
    ScrapeSettings s =
        settings()
            .metricsPath("/probe")
            .params(Map.of("module", List.of("http_2xx"), "target", List.of("a", "b")))
            .build();

    ScrapeReport r = loop(s).scrapeOnce(START_MS);

    assertThat(r.error()).isNull();
    assertThat(exporter.lastQuery("/probe")).isEqualTo("module=http_2xx&target=a&target=b");
  }

  @Test
  void stop_marksAllSeriesOfTheLastScrapeStale() {
    exporter.serve("/metrics", TEXT, "m 1\n");
    ScrapeLoop loop = loop(settings().build());
    loop.scrapeOnce(START_MS);
    clock.advanceMillis(5_000);

    loop.stop();

    for (String name : List.of("m", "up", "scrape_duration_seconds", "scrape_series_added")) {
      List<Sample> samples = probe.samples(name);
      assertThat(samples).hasSize(2);
      assertThat(samples.get(1).t()).isEqualTo(START_MS + 5_000);
      assertThat(StorageProbe.isStale(samples.get(1).v())).as(name).isTrue();
    }
  }

  private static byte[] gzip(String s) throws java.io.IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
