package io.argus.scrape;

import static io.argus.scrape.RawHttpServer.write;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.scrape.ScrapeHttpClient.Body;
import io.argus.scrape.ScrapeHttpClient.ScrapeFailure;
import io.argus.scrape.config.HttpClientConfig;
import io.argus.scrape.config.Secret;
import io.argus.scrape.httpclient.StatusText;
import io.argus.scrape.httpclient.TestPki;
import io.argus.testkit.Await;
import io.argus.testkit.ManualClock;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain HTTP/1.1 path of {@link ScrapeHttpClient} against a server writing scripted bytes:
 * connection reuse, framings, malformed responses, limits and cancellation, each checked on the
 * server side as well as through the counters of {@link Http1Client}.
 */
class Http1ClientTest {
  private static final String OK_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n";
  private static final long WAIT_SECONDS = 30;

  private final ScrapeHttpClient http = new ScrapeHttpClient("argus-test");
  private RawHttpServer server;

  @AfterEach
  void closeAll() throws Exception {
    http.close();
    if (server != null) {
      server.close();
    }
  }

  private URI url() {
    return URI.create("http://" + server.address() + "/metrics");
  }

  private String fetch() throws ScrapeFailure {
    return fetch(5_000);
  }

  private String fetch(long timeoutMs) throws ScrapeFailure {
    Body body = new Body();
    http.fetch(url(), "text/plain", timeoutMs, 0, body, f -> {});
    return new String(body.bytes, 0, body.length, StandardCharsets.UTF_8);
  }

  private static boolean fixed(java.io.OutputStream out, String body) throws Exception {
    write(out, OK_HEAD + "Content-Length: " + body.length() + "\r\n\r\n" + body);
    return true;
  }

  // ------------------------------------------------------------------ the request

  @Test
  void fetch_sendsAnHttp11GetWithTheScrapeHeaders() throws Exception {
    server = new RawHttpServer((e, out) -> fixed(out, "m 1\n"));

    fetch(2_500);

    RawHttpServer.Exchange e = server.exchanges().getFirst();
    assertThat(e.requestLine()).isEqualTo("GET /metrics HTTP/1.1");
    assertThat(e.header("Host")).isEqualTo(server.address());
    assertThat(e.header("User-Agent")).isEqualTo("argus-test");
    assertThat(e.header("Accept")).isEqualTo("text/plain");
    assertThat(e.header("Accept-Encoding")).isEqualTo("gzip");
    assertThat(e.header("X-Prometheus-Scrape-Timeout-Seconds")).isEqualTo("2.5");
    assertThat(e.head()).doesNotContain("HEAD ").endsWith("\r\n\r\n");
    assertThat(http.direct().exchanges()).isEqualTo(1);
  }

  @Test
  void fetch_sendsPathQueryAndConfiguredHeaders() throws Exception {
    server = new RawHttpServer((e, out) -> fixed(out, "m 1\n"));
    HttpClientConfig config =
        HttpClientConfig.DEFAULT.toBuilder()
            .headers(
                java.util.Map.of(
                    "X-Tenant",
                    new HttpClientConfig.Header(List.of("a", "b"), List.of(), List.of())))
            .authorization(new HttpClientConfig.Authorization("Bearer", new Secret("tok"), ""))
            .build();
    try (ScrapeHttpClient configured =
        new ScrapeHttpClient("argus-test", config, io.argus.util.Clock.SYSTEM)) {
      URI u = URI.create("http://" + server.address() + "/probe?module=x&target=a%20b");
      configured.fetch(u, "*/*", 5_000, 0, new Body(), f -> {});
      assertThat(configured.direct().exchanges()).isEqualTo(1);
    }

    RawHttpServer.Exchange e = server.exchanges().getFirst();
    assertThat(e.requestLine()).isEqualTo("GET /probe?module=x&target=a%20b HTTP/1.1");
    assertThat(e.head()).contains("\r\nX-Tenant: a\r\nX-Tenant: b\r\n");
    assertThat(e.header("Authorization")).isEqualTo("Bearer tok");
  }

  @Test
  void fetch_headerValueWithANewlineIsRefusedBeforeSending() throws Exception {
    server = new RawHttpServer((e, out) -> fixed(out, "m 1\n"));
    HttpClientConfig config =
        HttpClientConfig.DEFAULT.toBuilder()
            .headers(
                java.util.Map.of(
                    "X-Evil",
                    new HttpClientConfig.Header(List.of("a\r\nInjected: 1"), List.of(), List.of())))
            .build();
    try (ScrapeHttpClient configured =
        new ScrapeHttpClient("argus-test", config, io.argus.util.Clock.SYSTEM)) {
      assertThatThrownBy(() -> configured.fetch(url(), "*/*", 5_000, 0, new Body(), f -> {}))
          .hasMessage(
              "Get \"%s\": invalid http_headers: invalid header value for header \"X-Evil\"",
              url());
    }
    assertThat(server.connections()).isZero();
  }

  // ------------------------------------------------------------------ connection reuse

  @Test
  void fetch_keepsOneConnectionForSeveralScrapes() throws Exception {
    server = new RawHttpServer((e, out) -> fixed(out, "m " + e.request() + "\n"));

    List<String> bodies = List.of(fetch(), fetch(), fetch());

    assertThat(bodies).containsExactly("m 0\n", "m 1\n", "m 2\n");
    assertThat(server.connections()).isEqualTo(1);
    assertThat(server.exchanges()).extracting(RawHttpServer.Exchange::connection).containsOnly(0);
    assertThat(http.direct().connectionsOpened()).isEqualTo(1);
    assertThat(http.direct().exchanges()).isEqualTo(3);
  }

  @Test
  void fetch_connectionTheServerClosedWhileIdleIsReplacedTransparently() throws Exception {
    // The server answers once per connection and then closes it without saying so.
    server =
        new RawHttpServer(
            (e, out) -> {
              fixed(out, "m " + e.connection() + "\n");
              return false;
            });
    CountDownLatch closed = server.nextConnectionEnd();
    assertThat(fetch()).isEqualTo("m 0\n");
    assertThat(closed.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

    String second = fetch();

    assertThat(second).isEqualTo("m 1\n");
    assertThat(server.connections()).isEqualTo(2);
    assertThat(http.direct().connectionsOpened()).isEqualTo(2);
  }

  @Test
  void fetch_idleConnectionClosedAfterReadingTheRequestIsRetriedOnce() throws Exception {
    // On its first connection the server answers one request, then reads the next and hangs up.
    server =
        new RawHttpServer(
            (e, out) -> {
              if (e.connection() == 0 && e.request() == 1) {
                return false;
              }
              return fixed(out, "m " + e.connection() + "\n");
            });
    assertThat(fetch()).isEqualTo("m 0\n");

    assertThat(fetch()).isEqualTo("m 1\n");
    assertThat(server.exchanges()).hasSize(3);
  }

  @Test
  void fetch_freshConnectionClosedWithoutAResponseFailsWithEof() throws Exception {
    server = new RawHttpServer((e, out) -> false);

    assertThatThrownBy(this::fetch).hasMessage("Get \"%s\": EOF", url());
    assertThat(server.connections()).isEqualTo(1);
  }

  @Test
  void fetch_connectionCloseHeaderEndsTheConnection() throws Exception {
    server =
        new RawHttpServer(
            (e, out) -> {
              write(out, OK_HEAD + "Connection: close\r\nContent-Length: 4\r\n\r\nm 1\n");
              return true; // The server would keep it; the client must not.
            });

    CountDownLatch firstEnded = server.nextConnectionEnd();
    fetch();
    assertThat(firstEnded.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    fetch();

    assertThat(server.connections()).isEqualTo(2);
    assertThat(server.closedByClient()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void fetch_http10ResponseWithoutKeepAliveIsNotReused() throws Exception {
    server =
        new RawHttpServer(
            (e, out) -> {
              write(
                  out,
                  "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nm 1\n");
              return true;
            });

    assertThat(fetch()).isEqualTo("m 1\n");
    assertThat(fetch()).isEqualTo("m 1\n");

    assertThat(server.connections()).isEqualTo(2);
  }

  @Test
  void fetch_connectionIdleForFiveMinutesIsClosedInsteadOfReused() throws Exception {
    ManualClock timer = new ManualClock(0);
    server = new RawHttpServer((e, out) -> fixed(out, "m 1\n"));
    try (ScrapeHttpClient timed = timedBy(timer)) {
      timed.fetch(url(), "*/*", 5_000, 0, new Body(), f -> {});
      timer.advanceMillis(4 * 60_000);
      timed.fetch(url(), "*/*", 5_000, 0, new Body(), f -> {});
      CountDownLatch ended = server.nextConnectionEnd();
      timer.advanceMillis(5 * 60_000);

      timed.fetch(url(), "*/*", 5_000, 0, new Body(), f -> {});

      assertThat(ended.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(server.connections()).isEqualTo(2);
      assertThat(server.closedByClient()).isEqualTo(1);
      assertThat(timed.direct().openConnections()).isEqualTo(1);
    }
  }

  @Test
  void close_closesPooledConnections() throws Exception {
    server = new RawHttpServer((e, out) -> fixed(out, "m 1\n"));
    fetch();
    CountDownLatch ended = server.nextConnectionEnd();
    assertThat(http.direct().openConnections()).isEqualTo(1);

    http.close();

    assertThat(ended.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(server.closedByClient()).isEqualTo(1);
    assertThat(http.direct().openConnections()).isZero();
    assertThatThrownBy(this::fetch).hasMessage("Get \"%s\": http client is closed", url());
  }

  // ------------------------------------------------------------------ framing

  @Test
  void fetch_chunkedBodyWithExtensionsAndTrailers() throws Exception {
    server =
        new RawHttpServer(
            (e, out) -> {
              write(
                  out,
                  OK_HEAD
                      + "Transfer-Encoding: chunked\r\n\r\n"
                      + "4;name=value\r\nm 1\n\r\n"
                      + "A ; other=\"x\"\r\nsecond 22\n\r\n"
                      + "0\r\nX-Trailer: t\r\nOther-Trailer: u\r\n\r\n");
              return true;
            });

    assertThat(fetch()).isEqualTo("m 1\nsecond 22\n");
    assertThat(fetch()).isEqualTo("m 1\nsecond 22\n");

    assertThat(server.connections()).isEqualTo(1);
  }

  @Test
  void fetch_chunkedBodyOfManySmallChunksIsNotCopiedOncePerChunk() throws Exception {
    String line = "m{a=\"b\"} 1\n".repeat(256);
    int chunks = 1_024;
    server =
        new RawHttpServer(
            (e, out) -> {
              write(out, OK_HEAD + "Transfer-Encoding: chunked\r\n\r\n");
              String chunk = Integer.toHexString(line.length()) + "\r\n" + line + "\r\n";
              for (int i = 0; i < chunks; i++) {
                write(out, chunk);
              }
              write(out, "0\r\n\r\n");
              return true;
            });
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long bodyBytes = (long) line.length() * chunks;

    long before = threads.getCurrentThreadAllocatedBytes();
    Body body = new Body();
    http.fetch(url(), "text/plain", 30_000, 0, body, f -> {});
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(body.length).isEqualTo(bodyBytes);
    assertThat(new String(body.bytes, body.length - line.length(), line.length(), UTF_8))
        .isEqualTo(line);
    // Growing to each chunk's end would copy the body once per chunk: about 1.4 GiB here.
    assertThat(allocated).isLessThan(8 * bodyBytes);
  }

  @Test
  void fetch_malformedChunkIsABodyError() throws Exception {
    server =
        new RawHttpServer(
            (e, out) -> {
              write(out, OK_HEAD + "Transfer-Encoding: chunked\r\n\r\nzz\r\nm 1\n\r\n0\r\n\r\n");
              return true;
            });

    assertThatThrownBy(this::fetch).hasMessage("invalid byte in chunk length");
  }

  @Test
  void fetch_bodyShorterThanContentLengthIsUnexpectedEof() throws Exception {
    server =
        new RawHttpServer(
            (e, out) -> {
              write(out, OK_HEAD + "Content-Length: 100\r\n\r\nm 1\n");
              return false;
            });

    assertThatThrownBy(this::fetch).isInstanceOf(ScrapeFailure.class).hasMessage("unexpected EOF");
  }

  @Test
  void fetch_bytesBeyondContentLengthPreventReuse() throws Exception {
    server =
        new RawHttpServer(
            (e, out) -> {
              write(out, OK_HEAD + "Content-Length: 4\r\n\r\nm 1\nGARBAGE");
              return true;
            });

    assertThat(fetch()).isEqualTo("m 1\n");
    assertThat(fetch()).isEqualTo("m 1\n");

    assertThat(server.connections()).isEqualTo(2);
  }

  @Test
  void fetch_closeDelimitedBodyEndsWithTheConnection() throws Exception {
    server =
        new RawHttpServer(
            (e, out) -> {
              write(out, OK_HEAD + "\r\nm 1\nn 2\n");
              return false;
            });

    assertThat(fetch()).isEqualTo("m 1\nn 2\n");
    assertThat(fetch()).isEqualTo("m 1\nn 2\n");

    assertThat(server.connections()).isEqualTo(2);
  }

  @Test
  void fetch_interimResponsesBeforeTheFinalOneAreSkipped() throws Exception {
    server =
        new RawHttpServer(
            (e, out) -> {
              write(
                  out,
                  "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n");
              return fixed(out, "m 1\n");
            });

    assertThat(fetch()).isEqualTo("m 1\n");
    assertThat(fetch()).isEqualTo("m 1\n");

    assertThat(server.connections()).isEqualTo(1);
  }

  @Test
  void fetch_noContentIsAStatusErrorAndKeepsTheConnection() throws Exception {
    server =
        new RawHttpServer(
            (e, out) -> {
              if (e.request() == 0) {
                write(out, "HTTP/1.1 204 No Content\r\n\r\n");
                return true;
              }
              return fixed(out, "m 1\n");
            });

    assertThatThrownBy(this::fetch).hasMessage("server returned HTTP status " + StatusText.of(204));
    assertThat(fetch()).isEqualTo("m 1\n");

    assertThat(server.connections()).isEqualTo(1);
  }

  @Test
  void fetch_gzipChunkedBodyIsInflated() throws Exception {
    byte[] gz = gzip("m 1\n".repeat(1_000));
    server =
        new RawHttpServer(
            (e, out) -> {
              write(out, OK_HEAD + "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n");
              write(out, Integer.toHexString(gz.length) + "\r\n");
              out.write(gz);
              write(out, "\r\n0\r\n\r\n");
              return true;
            });

    assertThat(fetch()).isEqualTo("m 1\n".repeat(1_000));
  }

  // ------------------------------------------------------------------ malformed responses

  @Test
  void fetch_malformedStatusLineIsARequestError() throws Exception {
    server =
        new RawHttpServer(
            (e, out) -> {
              write(out, "garbage\r\n\r\n");
              return false;
            });

    assertThatThrownBy(this::fetch)
        .hasMessage("Get \"%s\": malformed HTTP response \"garbage\"", url());
  }

  @Test
  void fetch_malformedStatusCodeAndVersionAreRequestErrors() throws Exception {
    server =
        new RawHttpServer(
            (e, out) -> {
              write(out, e.connection() == 0 ? "HTTP/1.1 2x0 OK\r\n\r\n" : "HTTP/x 200 OK\r\n\r\n");
              return false;
            });

    assertThatThrownBy(this::fetch)
        .hasMessage("Get \"%s\": malformed HTTP status code \"2x0\"", url());
    assertThatThrownBy(this::fetch)
        .hasMessage("Get \"%s\": malformed HTTP version \"HTTP/x\"", url());
  }

  @Test
  void fetch_headerLineWithoutColonIsARequestError() throws Exception {
    server =
        new RawHttpServer(
            (e, out) -> {
              write(out, "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n");
              return false;
            });

    assertThatThrownBy(this::fetch)
        .hasMessage("Get \"%s\": malformed MIME header line: no colon here", url());
  }

  @Test
  void fetch_conflictingContentLengthsAreRefused() throws Exception {
    server =
        new RawHttpServer(
            (e, out) -> {
              write(out, OK_HEAD + "Content-Length: 4\r\nContent-Length: 5\r\n\r\nm 1\n");
              return false;
            });

    assertThatThrownBy(this::fetch)
        .hasMessage(
            "Get \"%s\": http: message cannot contain multiple Content-Length headers;"
                + " got [\"4\" \"5\"]",
            url());
  }

  @Test
  void fetch_headerSectionOverOneMibIsRefused() throws Exception {
    CountDownLatch writerStopped = new CountDownLatch(1);
    server =
        new RawHttpServer(
            (e, out) -> {
              try {
                write(out, "HTTP/1.1 200 OK\r\n");
                String line = "X-Filler: " + "f".repeat(1_000) + "\r\n";
                // Bounded: 4 MiB of headers at most.
                for (int i = 0; i < 4_000; i++) {
                  write(out, line);
                }
                return false;
              } finally {
                writerStopped.countDown();
              }
            });

    assertThatThrownBy(this::fetch)
        .hasMessage(
            "Get \"%s\": net/http: server response headers exceeded 1048576 bytes; aborted", url());
    assertThat(writerStopped.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void fetch_singleHeaderLineOverOneMibIsRefused() throws Exception {
    server =
        new RawHttpServer(
            (e, out) -> {
              write(out, "HTTP/1.1 200 OK\r\nX-Long: ");
              byte[] chunk = "y".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
              for (int i = 0; i < 40; i++) {
                out.write(chunk);
              }
              return false;
            });

    assertThatThrownBy(this::fetch)
        .hasMessage(
            "Get \"%s\": net/http: server response headers exceeded 1048576 bytes; aborted", url());
  }

  // ------------------------------------------------------------------ redirects

  @Test
  void fetch_redirectsAreFollowedOnTheSameConnection() throws Exception {
    server =
        new RawHttpServer(
            (e, out) -> {
              if (e.requestLine().startsWith("GET /metrics ")) {
                write(
                    out,
                    "HTTP/1.1 301 Moved Permanently\r\n"
                        + "Location: /moved\r\n"
                        + "Content-Length: 0\r\n\r\n");
                return true;
              }
              return fixed(out, "moved 1\n");
            });

    assertThat(fetch()).isEqualTo("moved 1\n");

    assertThat(server.exchanges())
        .extracting(RawHttpServer.Exchange::requestLine)
        .containsExactly("GET /metrics HTTP/1.1", "GET /moved HTTP/1.1");
    assertThat(server.connections()).isEqualTo(1);
  }

  @Test
  void fetch_redirectToHttpsContinuesOnTheJdkClient(@TempDir Path pkiDir) throws Exception {
    TestPki pki = new TestPki(pkiDir);
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStore(pki.keyStore("server"));
    tls.setKeyStorePassword(TestPki.PASSWORD);
    tls.setCertAlias("server");
    try (TestExporter secure = new TestExporter(tls)) {
      secure.serve("/metrics", "text/plain", "secure 1\n");
      server =
          new RawHttpServer(
              (e, out) -> {
                write(
                    out,
                    "HTTP/1.1 302 Found\r\nLocation: https://"
                        + secure.address()
                        + "/metrics\r\nContent-Length: 0\r\n\r\n");
                return true;
              });
      HttpClientConfig config =
          HttpClientConfig.DEFAULT.toBuilder()
              .tls(
                  new HttpClientConfig.TlsConfig(
                      "", pki.pem("ca").toString(), "", "", Secret.EMPTY, "", "", false, "", ""))
              .build();
      try (ScrapeHttpClient client =
          new ScrapeHttpClient("argus-test", config, io.argus.util.Clock.SYSTEM)) {
        Body body = new Body();
        client.fetch(url(), "*/*", 5_000, 0, body, f -> {});

        assertThat(new String(body.bytes, 0, body.length, StandardCharsets.UTF_8))
            .isEqualTo("secure 1\n");
        assertThat(client.direct().exchanges()).isEqualTo(1);
        assertThat(secure.lastHeaders("/metrics").get("User-Agent")).isEqualTo("argus-test");
      }
    }
  }

  @Test
  void fetch_endlessRedirectsStopAfterTen() throws Exception {
    server =
        new RawHttpServer(
            (e, out) -> {
              write(
                  out,
                  "HTTP/1.1 302 Found\r\nLocation: /r"
                      + e.request()
                      + "\r\nContent-Length: 0\r\n\r\n");
              return true;
            });

    assertThatThrownBy(this::fetch).hasMessage("Get \"/r10\": stopped after 10 redirects");
    assertThat(server.exchanges()).hasSize(11);
    assertThat(server.connections()).isEqualTo(1);
  }

  // ------------------------------------------------------------------ limits and cancellation

  @Test
  void fetch_declaredLengthAtTheLimitFailsWithoutReadingTheBody() throws Exception {
    server =
        new RawHttpServer(
            (e, out) -> {
              write(out, OK_HEAD + "Content-Length: 1000\r\n\r\n");
              return true;
            });
    Body body = new Body();

    assertThatThrownBy(() -> http.fetch(url(), "*/*", 5_000, 1_000, body, f -> {}))
        .isInstanceOf(ScrapeFailure.class)
        .hasMessage("body size limit exceeded")
        .matches(t -> ((ScrapeFailure) t).bodyLimitExceeded());
    assertThat(body.bytes.length).isEqualTo(new Body().bytes.length);
  }

  @Test
  void fetch_cancelFromAnotherThreadEndsABlockedScrape() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server =
        new RawHttpServer(
            (e, out) -> {
              release.await(WAIT_SECONDS, TimeUnit.SECONDS);
              return false;
            });
    AtomicReference<@Nullable CompletableFuture<?>> inFlight = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread scrape =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    http.fetch(url(), "*/*", 20_000, 0, new Body(), inFlight::set);
                  } catch (ScrapeFailure e) {
                    failure.set(e);
                  }
                });
    while (server.exchanges().isEmpty()) {
      Thread.sleep(5);
    }

    inFlight.get().cancel(true);
    scrape.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    release.countDown();

    assertThat(scrape.isAlive()).isFalse();
    assertThat(failure.get()).hasMessage("Get \"%s\": context canceled", url());
    assertThat(inFlight.get()).isNull();
    assertThat(http.direct().openConnections()).isZero();
  }

  // ------------------------------------------------------------------ deadline

  /** A client whose deadlines run on {@code timer}; the server's script moves it. */
  private static ScrapeHttpClient timedBy(ManualClock timer) {
    return new ScrapeHttpClient(
        "argus-test", HttpClientConfig.DEFAULT, timer, ScrapeHttpClient.DEFAULT_BODY_CAP, timer);
  }

  @Test
  void fetch_deadlinePassingWhileTheHeadArrivesIsARequestError() throws Exception {
    ManualClock timer = new ManualClock(0);
    CountDownLatch release = new CountDownLatch(1);
    server =
        new RawHttpServer(
            (e, out) -> {
              timer.advanceMillis(5_000);
              write(out, "HTTP/1.1 200 OK\r\n");
              out.flush();
              release.await(WAIT_SECONDS, TimeUnit.SECONDS);
              return false;
            });
    try (ScrapeHttpClient timed = timedBy(timer)) {
      assertThatThrownBy(() -> timed.fetch(url(), "*/*", 5_000, 0, new Body(), f -> {}))
          .hasMessage("Get \"%s\": context deadline exceeded", url());
    } finally {
      release.countDown();
    }
  }

  @Test
  void fetch_deadlinePassingWhileTheBodyArrivesIsABodyError() throws Exception {
    ManualClock timer = new ManualClock(0);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<ScrapeHttpClient> client = new AtomicReference<>();
    server =
        new RawHttpServer(
            (e, out) -> {
              write(out, OK_HEAD + "Content-Length: 100\r\n\r\nm 1\n");
              out.flush();
              // The clock moves only once the client has parsed the head, so the deadline passes
              // while the body arrives however slowly the client thread runs.
              Await.until(
                  "response head parsed",
                  Duration.ofSeconds(WAIT_SECONDS),
                  () -> client.get() != null && client.get().direct().exchanges() == 1);
              timer.advanceMillis(4_999);
              write(out, "n 2\n");
              out.flush();
              timer.advanceMillis(1);
              write(out, "o 3\n");
              out.flush();
              release.await(WAIT_SECONDS, TimeUnit.SECONDS);
              return false;
            });
    try (ScrapeHttpClient timed = timedBy(timer)) {
      client.set(timed);
      assertThatThrownBy(() -> timed.fetch(url(), "*/*", 5_000, 0, new Body(), f -> {}))
          .hasMessage("context deadline exceeded");
      assertThat(timed.direct().openConnections()).isZero();
    } finally {
      release.countDown();
    }
  }

  @Test
  void fetch_interruptingTheScrapingThreadCancelsTheScrape() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server =
        new RawHttpServer(
            (e, out) -> {
              release.await(WAIT_SECONDS, TimeUnit.SECONDS);
              return false;
            });
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
    Thread scrape =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    http.fetch(url(), "*/*", 20_000, 0, new Body(), f -> {});
                  } catch (ScrapeFailure e) {
                    failure.set(e);
                  }
                  stillInterrupted.set(Thread.currentThread().isInterrupted());
                });
    while (server.exchanges().isEmpty()) {
      Thread.sleep(5);
    }

    scrape.interrupt();
    scrape.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    release.countDown();

    assertThat(scrape.isAlive()).isFalse();
    assertThat(failure.get()).hasMessage("Get \"%s\": context canceled", url());
    assertThat(stillInterrupted.get()).isTrue();
  }

  @Test
  void fetch_proxiedTargetsStayOnTheJdkClient() throws Exception {
    server = new RawHttpServer((e, out) -> fixed(out, "m 1\n"));
    try (ForwardProxy proxy = new ForwardProxy();
        ScrapeHttpClient proxied =
            new ScrapeHttpClient(
                "argus-test",
                HttpClientConfig.DEFAULT.toBuilder().proxyUrl("http://" + proxy.address()).build(),
                io.argus.util.Clock.SYSTEM)) {
      Body body = new Body();
      proxied.fetch(url(), "*/*", 5_000, 0, body, f -> {});

      assertThat(new String(body.bytes, 0, body.length, StandardCharsets.UTF_8)).isEqualTo("m 1\n");
      assertThat(proxy.seen()).extracting(ForwardProxy.Seen::uri).containsExactly(url().toString());
      assertThat(proxied.direct().exchanges()).isZero();
    }
  }

  static byte[] gzip(String s) throws java.io.IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }
}
