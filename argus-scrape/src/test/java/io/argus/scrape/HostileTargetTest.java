package io.argus.scrape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.scrape.StorageProbe.Sample;
import io.argus.storage.Querier;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import io.argus.testkit.ManualClock;
import io.argus.tsdb.Db;
import io.argus.tsdb.DbOptions;
import io.argus.tsdb.fs.FileOps;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile targets on 127.0.0.1 scraped through the real HTTP client, parsers and scrape loop into a
 * real TSDB: every case ends with {@code up == 0} or a counted rejection and a log line, never with
 * a crash, a hang or unbounded memory.
 */
class HostileTargetTest {
  private static final String TEXT = ScrapeLoopTest.TEXT;
  private static final long START_MS = ScrapeLoopTest.START_MS;

  /** Upper bound for waiting on a hostile server thread; never reached when things work. */
  private static final long WAIT_SECONDS = 30;

  private static final ScrapeHttpClient HTTP = new ScrapeHttpClient("argus-test");

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(START_MS);
  private final ScrapeMetrics metrics = new ScrapeMetrics(new PrometheusRegistry());
  private TestExporter exporter;
  private Db db;
  private LogCapture log;

  @BeforeEach
  void start() throws Exception {
    exporter = new TestExporter();
    db =
        Db.open(
            dir,
            DbOptions.builder().compactionIntervalMs(0).retentionMs(0).build(),
            FileOps.defaults(),
            clock,
            new PrometheusRegistry());
    log = new LogCapture(ScrapeLoop.class);
  }

  @AfterEach
  void stop() throws Exception {
    log.close();
    db.close();
    exporter.close();
  }

  private ScrapeSettings.Builder settings() {
    return ScrapeSettings.builder("hostile").interval(15_000).timeout(5_000);
  }

  /**
   * For bodies of many megabytes, which a limit ends, not the clock: a timeout that a slow or busy
   * machine does not reach first.
   */
  private ScrapeSettings.Builder bigBodySettings() {
    long ms = WAIT_SECONDS * 1_000;
    return ScrapeSettings.builder("hostile").interval(ms).timeout(ms);
  }

  private ScrapeLoop loop(ScrapeSettings s) {
    Target t = Target.create(Labels.of("__address__", exporter.address()), s);
    assertThat(t).isNotNull();
    return new ScrapeLoop(t, s, db, HTTP, clock, Sleeper.REAL, metrics, 0);
  }

  private URI url() {
    return URI.create("http://" + exporter.address() + "/metrics");
  }

  private Map<Labels, List<Sample>> select(Matcher... ms) {
    Map<Labels, List<Sample>> out = new LinkedHashMap<>();
    try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(true, SelectHints.NONE, ms);
      while (set.next()) {
        List<Sample> samples = new ArrayList<>();
        SampleIterator it = set.at().iterator(null);
        while (it.next() == ValueType.FLOAT) {
          samples.add(new Sample(it.atT(), it.atFloat()));
        }
        out.put(set.at().labels(), samples);
      }
    }
    return out;
  }

  private List<Sample> samples(String name) {
    Map<Labels, List<Sample>> m = select(Matcher.equal("__name__", name));
    assertThat(m).as("series named %s", name).hasSize(1);
    return m.values().iterator().next();
  }

  private Map<Labels, List<Sample>> scraped() {
    return select(Matcher.regex("__name__", ".+"), Matcher.notRegex("__name__", "up|scrape_.+"));
  }

  private void serveBytes(String contentType, byte[] body) {
    exporter.serve(
        "/metrics",
        (response, out) -> {
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
          out.write(body);
        });
  }

  /** Asserts the scrape failed: up 0 in storage, nothing scraped stored, the debug line logged. */
  private void assertFailed(ScrapeReport r, String error) {
    assertThat(r.error()).isEqualTo(error);
    assertThat(samples("up")).containsExactly(new Sample(START_MS, 0));
    assertThat(scraped()).isEmpty();
    assertThat(log.lines()).contains("DEBUG scrape failed target=" + url() + " err=" + error);
  }

  // ------------------------------------------------------------------ body size

  @Test
  void scrapeOnce_bodyOverTheLimitIsCountedAndFails() {
    serveBytes(TEXT, "m 1\n".repeat(10_000).getBytes(StandardCharsets.UTF_8));

    ScrapeReport r = loop(settings().bodySizeLimit(1_000).build()).scrapeOnce(START_MS);

    assertFailed(r, "body size limit exceeded");
    assertThat(metrics.exceededBodySizeLimit.get()).isEqualTo(1);
  }

  @Test
  void scrapeOnce_bodyOfExactlyTheLimitFailsAsInPrometheus() {
    byte[] body = "m 1\n".repeat(250).getBytes(StandardCharsets.UTF_8);
    serveBytes(TEXT, body);

    ScrapeReport atLimit = loop(settings().bodySizeLimit(body.length).build()).scrapeOnce(START_MS);
    ScrapeReport below =
        loop(settings().bodySizeLimit(body.length + 1).build()).scrapeOnce(START_MS + 15_000);

    assertThat(atLimit.error()).isEqualTo("body size limit exceeded");
    assertThat(below.error()).isNull();
    assertThat(metrics.exceededBodySizeLimit.get()).isEqualTo(1);
  }

  @Test
  void fetch_endlessBodyIsCutAtTheLimitWithoutBufferingMoreAndTheConnectionCloses()
      throws Exception {
    CountDownLatch writerStopped = new CountDownLatch(1);
    byte[] chunk = "endless{a=\"b\"} 1\n".repeat(1_000).getBytes(StandardCharsets.UTF_8);
    exporter.serve(
        "/metrics",
        (response, out) -> {
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT);
          try {
            // Bounded: 4 GiB at most, far past the limit the client enforces.
            for (long written = 0; written < (4L << 30); written += chunk.length) {
              out.write(chunk);
            }
          } finally {
            writerStopped.countDown();
          }
        });
    int limit = 1 << 20;
    ScrapeHttpClient.Body body = new ScrapeHttpClient.Body();

    assertThatThrownBy(() -> HTTP.fetch(url(), "*/*", 5_000, limit, body, f -> {}))
        .isInstanceOf(ScrapeHttpClient.ScrapeFailure.class)
        .hasMessage("body size limit exceeded");

    assertThat(body.bytes.length).isLessThanOrEqualTo(limit);
    // The server's write fails once the client has closed the connection.
    assertThat(writerStopped.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void fetch_refusedConnection_wordedAsGo() throws Exception {
    int port;
    try (java.net.ServerSocket s =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    URI refused = URI.create("http://127.0.0.1:" + port + "/metrics");
    assertThatThrownBy(
            () -> HTTP.fetch(refused, "*/*", 5_000, 0, new ScrapeHttpClient.Body(), f -> {}))
        .isInstanceOf(ScrapeHttpClient.ScrapeFailure.class)
        .hasMessage(
            "Get \"%s\": dial tcp 127.0.0.1:%d: connect: connection refused", refused, port);
  }

  @Test
  void scrapeOnce_endlessBodyWithoutALimitEndsAtTheClientsCap() throws Exception {
    long cap = 8 << 20;
    CountDownLatch writerStopped = new CountDownLatch(1);
    byte[] chunk = "endless{a=\"b\"} 1\n".repeat(1_000).getBytes(StandardCharsets.UTF_8);
    exporter.serve(
        "/metrics",
        (response, out) -> {
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT);
          try {
            for (long written = 0; written < 64 * cap; written += chunk.length) {
              out.write(chunk);
            }
          } finally {
            writerStopped.countDown();
          }
        });
    ScrapeSettings s = bigBodySettings().build();
    Target t = Target.create(Labels.of("__address__", exporter.address()), s);
    assertThat(t).isNotNull();

    ScrapeReport r;
    try (ScrapeHttpClient capped = new ScrapeHttpClient("argus-test", cap)) {
      r = new ScrapeLoop(t, s, db, capped, clock, Sleeper.REAL, metrics, 0).scrapeOnce(START_MS);
    }

    assertFailed(r, "body size limit exceeded");
    assertThat(writerStopped.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(ScrapeHttpClient.DEFAULT_BODY_CAP)
        .isPositive()
        .isLessThanOrEqualTo(Runtime.getRuntime().maxMemory() / 8);
  }

  // ------------------------------------------------------------------ slow and broken transfers

  @Test
  void scrapeOnce_bodyTricklingPastTheTimeoutFailsAndTheConnectionCloses() throws Exception {
    CountDownLatch writerStopped = new CountDownLatch(1);
    exporter.serve(
        "/metrics",
        (response, out) -> {
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT);
          try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            int i = 0;
            while (System.nanoTime() < deadline) {
              out.write(("trickle{i=\"" + i++ + "\"} 1\n").getBytes(StandardCharsets.UTF_8));
              out.flush();
              Thread.sleep(20);
            }
          } finally {
            writerStopped.countDown();
          }
        });

    ScrapeReport r = loop(settings().timeout(300).build()).scrapeOnce(START_MS);

    // As in Prometheus, a timeout while reading the body does not name the request.
    assertFailed(r, "context deadline exceeded");
    assertThat(writerStopped.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void scrapeOnce_connectionClosedMidBodyFails() {
    exporter.serve(
        "/metrics",
        (response, out) -> {
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT);
          out.write("complete 1\nincompl".getBytes(StandardCharsets.UTF_8));
          out.flush();
          closeConnection(response);
        });

    ScrapeReport r = loop(settings().build()).scrapeOnce(START_MS);

    assertThat(r.up()).isZero();
    assertThat(r.error()).isEqualTo("unexpected EOF");
    assertThat(samples("up")).containsExactly(new Sample(START_MS, 0));
    assertThat(scraped()).isEmpty();
  }

  @Test
  void scrapeOnce_connectionClosedBeforeContentLengthIsReachedFails() {
    exporter.serve(
        "/metrics",
        (response, out) -> {
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT);
          response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 1_000L);
          out.write("complete 1\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          closeConnection(response);
        });

    ScrapeReport r = loop(settings().build()).scrapeOnce(START_MS);

    assertThat(r.up()).isZero();
    assertThat(r.error()).isEqualTo("unexpected EOF");
    assertThat(scraped()).isEmpty();
  }

  private static void closeConnection(Response response) {
    response.getRequest().getConnectionMetaData().getConnection().getEndPoint().close();
  }

  @Test
  void scrapeOnce_serverErrorStatusFails() {
    exporter.serve(
        "/metrics",
        (response, out) -> {
          response.setStatus(500);
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT);
          out.write("m 1\n".getBytes(StandardCharsets.UTF_8));
        });

    ScrapeReport r = loop(settings().build()).scrapeOnce(START_MS);

    assertFailed(r, "server returned HTTP status 500 Internal Server Error");
  }

  // ------------------------------------------------------------------ content type

  @Test
  void scrapeOnce_unsupportedContentTypeFailsWithoutAFallback() {
    serveBytes("application/json", "m 1\n".getBytes(StandardCharsets.UTF_8));

    ScrapeReport r = loop(settings().build()).scrapeOnce(START_MS);

    String error =
        "received unsupported Content-Type \"application/json\" and no fallback_scrape_protocol"
            + " specified for target";
    assertFailed(r, error);
    assertThat(log.lines())
        .contains(
            "ERROR failed to determine correct type of scrape target target="
                + url()
                + " content_type=application/json err="
                + error);
  }

  @Test
  void scrapeOnce_blankContentTypeFailsWithoutAFallback() {
    exporter.serve(
        "/metrics", (response, out) -> out.write("m 1\n".getBytes(StandardCharsets.UTF_8)));

    ScrapeReport r = loop(settings().build()).scrapeOnce(START_MS);

    assertFailed(
        r,
        "non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol"
            + " specified for target");
  }

  @Test
  void scrapeOnce_unsupportedContentTypeUsesTheFallbackProtocol() {
    serveBytes("application/json", "m 1\n".getBytes(StandardCharsets.UTF_8));
    ScrapeSettings s = settings().fallbackProtocol(ScrapeProtocol.PROMETHEUS_TEXT_0_0_4).build();

    ScrapeReport r = loop(s).scrapeOnce(START_MS);

    assertThat(r.error()).isNull();
    assertThat(samples("m")).containsExactly(new Sample(START_MS, 1));
  }

  // ------------------------------------------------------------------ malformed bodies

  @Test
  void scrapeOnce_invalidUtf8InALabelValueFailsWithTheParserError() {
    byte[] body = "good 1\nm{a=\"x?y\"} 1\n".getBytes(StandardCharsets.UTF_8);
    body[body.length - 7] = (byte) 0xFF;
    serveBytes(TEXT, body);

    ScrapeReport r = loop(settings().build()).scrapeOnce(START_MS);

    assertFailed(r, "invalid UTF-8 label value: \"\\\"x\\xffy\\\"\"");
  }

  @Test
  void scrapeOnce_invalidUtf8InAMetricNameFailsWithAParseError() {
    byte[] body = "good 1\nm?x 1\n".getBytes(StandardCharsets.UTF_8);
    body[8] = (byte) 0xC3;
    serveBytes(TEXT, body);

    ScrapeReport r = loop(settings().build()).scrapeOnce(START_MS);

    assertThat(r.up()).isZero();
    assertThat(r.error()).isNotEmpty();
    assertThat(samples("up")).containsExactly(new Sample(START_MS, 0));
    assertThat(scraped()).isEmpty();
  }

  @Test
  void scrapeOnce_invalidUtf8InHelpFailsWithTheParserError() {
    byte[] body = "# HELP m a?b\nm 1\n".getBytes(StandardCharsets.UTF_8);
    body[10] = (byte) 0xFE;
    serveBytes(TEXT, body);

    ScrapeReport r = loop(settings().build()).scrapeOnce(START_MS);

    assertFailed(r, "help text \"a\\xfeb\" is not a valid utf8 string");
  }

  // ------------------------------------------------------------------ rejected samples

  @Test
  void scrapeOnce_duplicateSeriesInOneBodyAreCountedLoggedAndTheRestIngested() {
    serveBytes(TEXT, "dup 1\ndup 2\nsame 5\nsame 5\nother 3\n".getBytes(StandardCharsets.UTF_8));

    ScrapeReport r = loop(settings().build()).scrapeOnce(START_MS);

    assertThat(r.up()).isEqualTo(1);
    assertThat(r.duplicates()).isEqualTo(2);
    assertThat(r.samplesPostRelabel()).isEqualTo(5);
    assertThat(metrics.duplicateTimestamp.get()).isEqualTo(2);
    assertThat(samples("dup")).containsExactly(new Sample(START_MS, 1));
    assertThat(samples("same")).containsExactly(new Sample(START_MS, 5));
    assertThat(samples("other")).containsExactly(new Sample(START_MS, 3));
    assertThat(log.lines())
        .contains(
            "WARN error on ingesting samples with different value but same timestamp target="
                + url()
                + " num_dropped=2");
  }

  @Test
  void scrapeOnce_outOfOrderAndDuplicateTimestampsAreCountedAndTheRestIngested() {
    long t = START_MS - 10_000;
    serveBytes(TEXT, ("ts 1 " + t + "\nsame_t 1 " + t + "\n").getBytes(StandardCharsets.UTF_8));
    ScrapeLoop loop = loop(settings().build());
    loop.scrapeOnce(START_MS);
    String body = "ts 2 " + (t - 10_000) + "\nsame_t 2 " + t + "\nfine 7\n";
    serveBytes(TEXT, body.getBytes(StandardCharsets.UTF_8));

    ScrapeReport r = loop.scrapeOnce(START_MS + 15_000);

    assertThat(r.up()).isEqualTo(1);
    assertThat(r.outOfOrder()).isEqualTo(1);
    assertThat(r.duplicates()).isEqualTo(1);
    assertThat(metrics.outOfOrder.get()).isEqualTo(1);
    assertThat(metrics.duplicateTimestamp.get()).isEqualTo(1);
    assertThat(samples("ts")).containsExactly(new Sample(t, 1));
    assertThat(samples("same_t")).containsExactly(new Sample(t, 1));
    assertThat(samples("fine")).containsExactly(new Sample(START_MS + 15_000, 7));
    assertThat(log.lines())
        .contains(
            "WARN error on ingesting out-of-order samples target=" + url() + " num_dropped=1",
            "WARN error on ingesting samples with different value but same timestamp target="
                + url()
                + " num_dropped=1");
  }

  @Test
  void scrapeOnce_outOfOrderTimestampsWithinOneBodyKeepTheFirstSample() {
    // As in Prometheus, the head checks a sample against committed data only; the later, older
    // sample of the same batch is dropped at commit (and counted by the TSDB, not the scrape).
    long t = START_MS - 10_000;
    String body =
        "ts 1 "
            + t
            + "\nts 2 "
            + (t - 10_000)
            + "\nsame_t 1 "
            + t
            + "\nsame_t 2 "
            + t
            + "\nfine 7\n";
    serveBytes(TEXT, body.getBytes(StandardCharsets.UTF_8));

    ScrapeReport r = loop(settings().build()).scrapeOnce(START_MS);

    assertThat(r.up()).isEqualTo(1);
    assertThat(samples("ts")).containsExactly(new Sample(t, 1));
    assertThat(samples("same_t")).containsExactly(new Sample(t, 1));
    assertThat(samples("fine")).containsExactly(new Sample(START_MS, 7));
  }

  @Test
  void scrapeOnce_timestampsTooFarInThePastAreOutOfBounds() {
    serveBytes(TEXT, "warm 1\n".getBytes(StandardCharsets.UTF_8));
    ScrapeLoop loop = loop(settings().build());
    loop.scrapeOnce(START_MS);
    long ancient = START_MS - TimeUnit.HOURS.toMillis(3);
    serveBytes(TEXT, ("ancient 1 " + ancient + "\nwarm 2\n").getBytes(StandardCharsets.UTF_8));

    ScrapeReport r = loop.scrapeOnce(START_MS + 15_000);

    assertThat(r.up()).isEqualTo(1);
    assertThat(r.outOfBounds()).isEqualTo(1);
    assertThat(metrics.outOfBounds.get()).isEqualTo(1);
    assertThat(select(Matcher.equal("__name__", "ancient"))).isEmpty();
    assertThat(samples("warm"))
        .containsExactly(new Sample(START_MS, 1), new Sample(START_MS + 15_000, 2));
    assertThat(log.lines())
        .contains(
            "WARN error on ingesting samples that are too old or are too far into the future"
                + " target="
                + url()
                + " num_dropped=1");
  }

  // ------------------------------------------------------------------ limits

  @Test
  void scrapeOnce_sampleLimitRejectsTheScrapeButCountsTheWholeBody() {
    serveBytes(TEXT, "a 1\nb 2\nc 3\nd 4\n".getBytes(StandardCharsets.UTF_8));

    ScrapeReport r = loop(settings().sampleLimit(2).build()).scrapeOnce(START_MS);

    assertFailed(r, "sample limit exceeded");
    assertThat(samples("scrape_samples_scraped")).containsExactly(new Sample(START_MS, 4));
    assertThat(samples("scrape_samples_post_metric_relabeling"))
        .containsExactly(new Sample(START_MS, 4));
    assertThat(metrics.exceededSampleLimit.get()).isEqualTo(1);
  }

  @Test
  void scrapeOnce_labelLimitsRejectTheScrapeWithUpstreamErrors() {
    serveBytes(TEXT, "m{a=\"1\",b=\"2\"} 1\n".getBytes(StandardCharsets.UTF_8));
    String labels = "label_limit exceeded (metric: m, number of labels: 5, limit: 4)";
    assertThat(loop(settings().labelLimit(4).build()).scrapeOnce(START_MS).error())
        .isEqualTo(labels);

    serveBytes(TEXT, "m{long_name=\"1\"} 1\n".getBytes(StandardCharsets.UTF_8));
    assertThat(loop(settings().labelNameLengthLimit(8).build()).scrapeOnce(START_MS).error())
        .isEqualTo(
            "label_name_length_limit exceeded (metric: m, label name: long_name, length: 9,"
                + " limit: 8)");

    serveBytes(TEXT, "m{a=\"0123456789\"} 1\n".getBytes(StandardCharsets.UTF_8));
    assertThat(loop(settings().labelValueLengthLimit(5).build()).scrapeOnce(START_MS).error())
        .isEqualTo(
            "label_value_length_limit exceeded (metric: m, label name: a, value:"
                + " \"0123456789\", length: 10, limit: 5)");

    assertThat(metrics.poolExceededLabelLimits.get()).isEqualTo(3);
    assertThat(scraped()).isEmpty();
  }

  // ------------------------------------------------------------------ a million series

  // Rough figures (not asserted), 2-core box at load ~20, -Xmx2g, 1M series = 30.9 MB of text:
  // rejected by sample_limit 10k: 5-9 s end to end (fetch ~0.8 s, parse ~1.6-2.6 s), heap peak
  // ~100 MB, ~3 MB retained afterwards (the 10k cached series); rejected by a 4 MB
  // body_size_limit: 0.2-0.3 s, heap peak ~30 MB. Ingested without limits into the in-memory
  // test storage: heap peak ~870 MB, ~585 MB retained.

  /** Serves {@code count} distinct series, generated while writing. */
  private void serveManySeries(int count) {
    exporter.serve(
        "/metrics",
        (response, out) -> {
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT);
          writeSeries(out, count);
        });
  }

  private static void writeSeries(OutputStream out, int count) throws Exception {
    byte[] block = new byte[64 * 1024];
    int n = 0;
    for (int i = 0; i < count; i++) {
      if (n > block.length - 64) {
        out.write(block, 0, n);
        n = 0;
      }
      n = put(block, n, "hostile_series{idx=\"");
      n = put(block, n, Integer.toString(i));
      n = put(block, n, "\"} 1\n");
    }
    out.write(block, 0, n);
  }

  private static int put(byte[] block, int at, String ascii) {
    for (int i = 0; i < ascii.length(); i++) {
      block[at++] = (byte) ascii.charAt(i);
    }
    return at;
  }

  @Test
  void scrapeOnce_millionSeriesOverTheSampleLimitAreRejectedWithoutCachingThem() {
    serveManySeries(1_000_000);
    ScrapeLoop loop = loop(bigBodySettings().sampleLimit(10_000).build());

    ScrapeReport r = loop.scrapeOnce(START_MS);

    assertThat(r.error()).isEqualTo("sample limit exceeded");
    assertThat(r.samplesScraped()).isEqualTo(1_000_000);
    // The series within the limit and the one that crossed it.
    assertThat(loop.cachedSeries()).isEqualTo(10_001);
    // The ~20 MB body buffer is not kept after a rejected scrape.
    assertThat(loop.bodyBufferBytes()).isLessThan(1 << 20);
    assertThat(select(Matcher.equal("__name__", "hostile_series"))).isEmpty();
    assertThat(metrics.exceededSampleLimit.get()).isEqualTo(1);
  }

  @Test
  void scrapeOnce_millionSeriesOverTheBodyLimitAreRejectedBeforeParsing() {
    serveManySeries(1_000_000);
    ScrapeLoop loop = loop(bigBodySettings().bodySizeLimit(4 << 20).build());

    ScrapeReport r = loop.scrapeOnce(START_MS);

    assertThat(r.error()).isEqualTo("body size limit exceeded");
    assertThat(loop.cachedSeries()).isZero();
    assertThat(metrics.exceededBodySizeLimit.get()).isEqualTo(1);
  }
}
