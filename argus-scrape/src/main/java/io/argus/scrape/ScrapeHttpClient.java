package io.argus.scrape;

import io.argus.scrape.config.HttpClientConfig;
import io.argus.scrape.httpclient.ClientSetupException;
import io.argus.scrape.httpclient.ConfiguredHttpClient;
import io.argus.scrape.httpclient.StatusText;
import io.argus.util.Clock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Fetches scrape bodies over HTTP with a total deadline and a body size limit, decompressing gzip
 * itself so that the limit applies to the uncompressed body. Authentication, TLS, proxies and
 * redirects follow the job's {@link HttpClientConfig} (see {@link ConfiguredHttpClient}). Plain
 * {@code http} targets without a proxy are fetched by {@link Http1Client} on the caller's thread
 * over kept-alive connections; the others by the JDK client. Thread-safe; one instance serves all
 * loops of a scrape pool (it owns the connection pools).
 */
public final class ScrapeHttpClient implements AutoCloseable {
  /** Creates the client of a scrape pool from the pool's HTTP client options. */
  @FunctionalInterface
  public interface Factory {
    ScrapeHttpClient create(HttpClientConfig config);
  }

  /** Thrown for a scrape that produced no usable body; the message is the scrape error. */
  public static final class ScrapeFailure extends Exception {
    private final boolean bodyLimit;

    ScrapeFailure(String message, boolean bodyLimit, @Nullable Throwable cause) {
      super(message, cause, false, false);
      this.bodyLimit = bodyLimit;
    }

    /** Returns whether the body exceeded the size limit. */
    public boolean bodyLimitExceeded() {
      return bodyLimit;
    }
  }

  /**
   * A reusable body buffer owned by one loop. After a failed fetch it is replaced, because a
   * cancelled exchange may still be writing into the old array.
   */
  static final class Body {
    byte[] bytes = new byte[8192];
    int length;
    String contentType = "";
  }

  static final String BODY_LIMIT_ERROR = "body size limit exceeded";
  static final int GZIP_SLACK = 64 * 1024;

  /** The largest body a Java array holds. */
  static final long MAX_BODY_BYTES = Integer.MAX_VALUE - 16;

  /**
   * The limit applied when {@code body_size_limit} is 0, so that an endless body ends with an error
   * instead of an out-of-memory error: an eighth of the maximum heap, since the body buffer briefly
   * exists twice while it grows. As with a configured limit, a body fails once it reaches the limit
   * (a body of exactly {@code body_size_limit} bytes fails, as in Prometheus).
   */
  static final long DEFAULT_BODY_CAP =
      Math.min(MAX_BODY_BYTES, Runtime.getRuntime().maxMemory() / 8);

  private final ConfiguredHttpClient client;
  private final Http1Client direct;
  private final String userAgent;
  private final long defaultCap;

  /**
   * Measures scrape deadlines: the system clock unless a test injects one. Not the OAuth clock: a
   * timeout is real time whatever clock the scrape loops run on (tests step theirs by whole
   * intervals while requests are in flight).
   */
  private final Clock timer;

  /** The last {@code X-Prometheus-Scrape-Timeout-Seconds} value, reused while timeouts match. */
  private volatile TimeoutHeader lastTimeout = new TimeoutHeader(0, "0");

  private record TimeoutHeader(long timeoutMs, String value) {}

  /** Creates a client with the default HTTP options. */
  public ScrapeHttpClient(String userAgent) {
    this(userAgent, HttpClientConfig.DEFAULT, Clock.SYSTEM, DEFAULT_BODY_CAP);
  }

  /** Creates a client that caps bodies without a {@code body_size_limit} at {@code defaultCap}. */
  ScrapeHttpClient(String userAgent, long defaultCap) {
    this(userAgent, HttpClientConfig.DEFAULT, Clock.SYSTEM, defaultCap);
  }

  /**
   * Creates a client applying {@code config}, whose callbacks run on virtual threads.
   *
   * @param clock times OAuth 2.0 token expiry
   */
  public ScrapeHttpClient(String userAgent, HttpClientConfig config, Clock clock) {
    this(userAgent, config, clock, DEFAULT_BODY_CAP);
  }

  private ScrapeHttpClient(
      String userAgent, HttpClientConfig config, Clock clock, long defaultCap) {
    this(userAgent, config, clock, defaultCap, Clock.SYSTEM);
  }

  /**
   * Creates a client whose plain HTTP/1.1 path measures deadlines with {@code timer} (the JDK
   * client's timeouts stay real time).
   */
  ScrapeHttpClient(
      String userAgent, HttpClientConfig config, Clock clock, long defaultCap, Clock timer) {
    this.timer = timer;
    this.userAgent = userAgent;
    this.defaultCap = Math.min(defaultCap, MAX_BODY_BYTES);
    this.client =
        new ConfiguredHttpClient(
            config, Executors.newVirtualThreadPerTaskExecutor(), null, System::getenv, clock);
    this.direct = new Http1Client(client, userAgent, timer);
  }

  /** Returns the plain HTTP/1.1 path of this client (tests check which path served them). */
  Http1Client direct() {
    return direct;
  }

  /** Returns the HTTP options this client applies. */
  public HttpClientConfig config() {
    return client.config();
  }

  /**
   * Fetches {@code url} into {@code body}. Plain {@code http} targets reached without a proxy are
   * fetched over a persistent HTTP/1.1 connection on the calling thread ({@link Http1Client}),
   * which follows redirects while they lead to such targets; other targets, and a redirect to one
   * (with the time left), go through the JDK client.
   *
   * @param bodyLimit uncompressed byte limit, 0 for the client's default cap
   * @param inFlight receives the pending exchange so that another thread can cancel it
   * @throws ScrapeFailure with Prometheus' error wording for HTTP errors, timeouts and limits
   */
  void fetch(
      URI url,
      String accept,
      long timeoutMs,
      long bodyLimit,
      Body body,
      java.util.function.Consumer<@Nullable CompletableFuture<?>> inFlight)
      throws ScrapeFailure {
    long limit = limitOf(bodyLimit);
    String timeoutHeader = timeoutHeader(timeoutMs);
    if (client.sendsDirectly(url)) {
      long deadline = timer.nanoTime() + timeoutMs * 1_000_000;
      URI redirected = direct.fetch(url, accept, timeoutHeader, deadline, limit, body, inFlight);
      if (redirected == null) {
        return;
      }
      long left = (deadline - timer.nanoTime()) / 1_000_000;
      if (left <= 0) {
        throw new ScrapeFailure(
            "Get \"" + redirected + "\": context deadline exceeded", false, null);
      }
      fetchJdk(redirected, accept, left, timeoutHeader, limit, body, inFlight);
      return;
    }
    fetchJdk(url, accept, timeoutMs, timeoutHeader, limit, body, inFlight);
  }

  /** Fetches as {@link #fetch} does, but through the JDK client whatever the URL (to compare). */
  void fetchThroughJdk(
      URI url,
      String accept,
      long timeoutMs,
      long bodyLimit,
      Body body,
      java.util.function.Consumer<@Nullable CompletableFuture<?>> inFlight)
      throws ScrapeFailure {
    fetchJdk(url, accept, timeoutMs, timeoutHeader(timeoutMs), limitOf(bodyLimit), body, inFlight);
  }

  /** The uncompressed body limit of a scrape: {@code body_size_limit}, or the default cap for 0. */
  private long limitOf(long bodyLimit) {
    return bodyLimit <= 0 ? defaultCap : Math.min(bodyLimit, MAX_BODY_BYTES);
  }

  private String timeoutHeader(long timeoutMs) {
    TimeoutHeader t = lastTimeout;
    if (t.timeoutMs() != timeoutMs) {
      t = new TimeoutHeader(timeoutMs, timeoutSeconds(timeoutMs));
      lastTimeout = t;
    }
    return t.value();
  }

  private void fetchJdk(
      URI url,
      String accept,
      long timeoutMs,
      String timeoutHeader,
      long limit,
      Body body,
      java.util.function.Consumer<@Nullable CompletableFuture<?>> inFlight)
      throws ScrapeFailure {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .GET()
            .timeout(Duration.ofMillis(timeoutMs))
            .header("Accept", accept)
            .header("Accept-Encoding", "gzip")
            .header("User-Agent", userAgent)
            .header("X-Prometheus-Scrape-Timeout-Seconds", timeoutHeader);
    AtomicBoolean headersReceived = new AtomicBoolean();
    CompletableFuture<HttpResponse<Void>> future;
    try {
      future =
          client.sendAsync(
              request,
              url,
              info -> {
                headersReceived.set(true);
                if (info.statusCode() != 200) {
                  return HttpResponse.BodySubscribers.replacing(null);
                }
                // A gzip body may be larger than what it inflates to; its inflated size is checked
                // against the exact limit in gunzip.
                boolean gzip = isGzip(info.headers().firstValue("Content-Encoding").orElse(""));
                return new LimitedBodySubscriber(
                    body, gzip ? Math.min(MAX_BODY_BYTES, limit + GZIP_SLACK) : limit);
              });
    } catch (ClientSetupException e) {
      throw new ScrapeFailure("Get \"" + url + "\": " + e.getMessage(), false, e);
    }
    inFlight.accept(future);
    HttpResponse<Void> response;
    try {
      response = future.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new ScrapeFailure(
          requestError(url, headersReceived, "context deadline exceeded"), false, null);
    } catch (CancellationException e) {
      throw new ScrapeFailure(requestError(url, headersReceived, "context canceled"), false, null);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new ScrapeFailure(requestError(url, headersReceived, "context canceled"), false, null);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof BodyLimitExceeded) {
        throw new ScrapeFailure(BODY_LIMIT_ERROR, true, null);
      }
      if (cause instanceof java.net.http.HttpTimeoutException) {
        throw new ScrapeFailure(
            requestError(url, headersReceived, "context deadline exceeded"), false, null);
      }
      String why = cause == null ? e.toString() : ConfiguredHttpClient.describeFailure(url, cause);
      if (headersReceived.get() && isPrematureEnd(cause, why)) {
        why = "unexpected EOF";
      }
      throw new ScrapeFailure(requestError(url, headersReceived, why), false, cause);
    } finally {
      inFlight.accept(null);
    }
    int status = response.statusCode();
    if (status != 200) {
      throw new ScrapeFailure("server returned HTTP status " + statusText(status), false, null);
    }
    body.contentType = response.headers().firstValue("Content-Type").orElse("");
    if (isGzip(response.headers().firstValue("Content-Encoding").orElse(""))) {
      gunzip(body, limit);
    }
  }

  /**
   * Words a failed exchange as Prometheus does: errors before the response headers arrive come from
   * the request and name it ({@code Get "url": ...}); errors while reading the body do not.
   */
  private static String requestError(URI url, AtomicBoolean headersReceived, String why) {
    return headersReceived.get() ? why : "Get \"" + url + "\": " + why;
  }

  /** Whether the JDK client says that the body ended before it was complete. */
  private static boolean isPrematureEnd(@Nullable Throwable cause, String message) {
    return cause instanceof java.io.EOFException
        || (cause instanceof IOException
            && (message.contains("EOF")
                || message.contains("content-length")
                || message.startsWith("chunked transfer encoding")));
  }

  private static boolean isGzip(String contentEncoding) {
    return contentEncoding.trim().equalsIgnoreCase("gzip");
  }

  /** Formats seconds as Go's shortest decimal form, as Prometheus sends them: 5, 0.25. */
  static String timeoutSeconds(long timeoutMs) {
    return java.math.BigDecimal.valueOf(timeoutMs, 3).stripTrailingZeros().toPlainString();
  }

  private static String statusText(int status) {
    return StatusText.of(status);
  }

  /** Inflates the body in place; an inflated size of {@code limit} bytes or more fails. */
  static void gunzip(Body body, long limit) throws ScrapeFailure {
    byte[] compressed = Arrays.copyOf(body.bytes, body.length);
    int n = 0;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), 8192)) {
      while (true) {
        if (n >= limit) {
          throw new ScrapeFailure(BODY_LIMIT_ERROR, true, null);
        }
        if (n == body.bytes.length) {
          body.bytes = Arrays.copyOf(body.bytes, (int) Math.min(limit, 2L * n + 16));
        }
        int r = in.read(body.bytes, n, body.bytes.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    } catch (IOException e) {
      throw new ScrapeFailure(
          "decompressing response: " + ConfiguredHttpClient.describeFailure(e), false, e);
    }
    body.length = n;
  }

  /** Signals that the raw body grew past its limit; carries no stack trace. */
  private static final class BodyLimitExceeded extends IOException {
    BodyLimitExceeded() {
      super(BODY_LIMIT_ERROR, null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  /** Copies the body into {@link Body#bytes}, cancelling the exchange past the limit. */
  private static final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<Void> {
    private final Body body;
    private final long limit;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private Flow.@Nullable Subscription subscription;

    LimitedBodySubscriber(Body body, long limit) {
      this.body = body;
      this.limit = limit;
      body.length = 0;
    }

    @Override
    public CompletionStage<Void> getBody() {
      return done;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (done.isDone()) {
        return;
      }
      for (ByteBuffer bb : items) {
        int r = bb.remaining();
        long needed = (long) body.length + r;
        if (needed >= limit) {
          Flow.Subscription s = subscription;
          if (s != null) {
            s.cancel();
          }
          done.completeExceptionally(new BodyLimitExceeded());
          return;
        }
        if (needed > body.bytes.length) {
          body.bytes =
              Arrays.copyOf(body.bytes, (int) Math.min(limit, Math.max(needed, 2L * body.length)));
        }
        bb.get(body.bytes, body.length, r);
        body.length += r;
      }
      Flow.Subscription s = subscription;
      if (s != null) {
        s.request(1);
      }
    }

    @Override
    public void onError(Throwable t) {
      done.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      done.complete(null);
    }
  }

  /** Closes the connections, idle or in use, and stops the client's threads. */
  @Override
  public void close() {
    direct.close();
    client.close();
  }

  /** Returns the media type of a {@code Content-Type} header, lower case, without parameters. */
  static String mediaType(String contentType) {
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi))
        .trim()
        .toLowerCase(Locale.ROOT);
  }
}
