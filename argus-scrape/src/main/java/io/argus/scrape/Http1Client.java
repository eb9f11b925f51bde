package io.argus.scrape;

import io.argus.scrape.ScrapeHttpClient.Body;
import io.argus.scrape.ScrapeHttpClient.ScrapeFailure;
import io.argus.scrape.httpclient.ClientSetupException;
import io.argus.scrape.httpclient.ConfiguredHttpClient;
import io.argus.scrape.httpclient.StatusText;
import io.argus.util.Clock;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Fetches scrape bodies of plain {@code http://} targets over persistent HTTP/1.1 connections on
 * the calling thread, without the JDK client's selector thread and completion stages: the request
 * is written from a reused buffer, the status line and headers are parsed in the connection's read
 * buffer (Strings only for the headers a scrape uses), and the body is read straight into {@link
 * Body#bytes}. Errors are worded as by Go's client, the way {@link ScrapeHttpClient} words the JDK
 * client's.
 *
 * <p>Connections come from an {@link Http1Pool}; one that the server closed while idle is replaced
 * transparently when no byte of the response arrived (the request cannot have been processed).
 * Thread-safe; each call to {@link #fetch} uses one connection at a time.
 */
final class Http1Client implements AutoCloseable {
  /** The largest response head (status line and headers) read, as Go's default of 1 MiB. */
  static final int MAX_HEAD_BYTES = 1 << 20;

  /** The longest chunk-size line, as Go's chunked reader. */
  private static final int MAX_CHUNK_LINE_BYTES = 4096;

  /** Redirects followed before giving up, as Go's client. */
  private static final int MAX_REDIRECTS = 10;

  /** Informational (1xx) responses skipped before the final one, as Go's client. */
  private static final int MAX_INTERIM_RESPONSES = 5;

  private static final byte[] CONTENT_LENGTH = ascii("content-length");
  private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");
  private static final byte[] CONNECTION = ascii("connection");
  private static final byte[] CONTENT_TYPE = ascii("content-type");
  private static final byte[] CONTENT_ENCODING = ascii("content-encoding");
  private static final byte[] LOCATION = ascii("location");

  private final ConfiguredHttpClient client;
  private final String userAgent;
  private final Clock timer;
  private final Http1Pool pool;

  /** Responses read by this client (tests prove with it which path served a scrape). */
  private final LongAdder exchanges = new LongAdder();

  private final LongAdder connectionsOpened = new LongAdder();

  /**
   * @param timer measures deadlines and idle times (the system clock outside tests)
   */
  Http1Client(ConfiguredHttpClient client, String userAgent, Clock timer) {
    this.client = client;
    this.userAgent = userAgent;
    this.timer = timer;
    this.pool = new Http1Pool(timer);
  }

  long exchanges() {
    return exchanges.sum();
  }

  long connectionsOpened() {
    return connectionsOpened.sum();
  }

  int openConnections() {
    return pool.openConnections();
  }

  /** A malformed response or a refused exchange; the message is the error, without the request. */
  private static final class ProtocolError extends IOException {
    ProtocolError(String message) {
      super(message, null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  /**
   * Fetches {@code url} (one for which {@link ConfiguredHttpClient#sendsDirectly} holds) into
   * {@code body}, following redirects as configured while they stay direct.
   *
   * @param deadlineNanos the end of the scrape, from the timer clock
   * @param rawLimit the limit of the body as received; {@code limit} applies after inflating
   * @return null when the body was fetched, or a redirect target that the JDK client must fetch
   * @throws ScrapeFailure as {@link ScrapeHttpClient#fetch} words it
   */
  @Nullable URI fetch(
      URI url,
      String accept,
      String timeoutHeader,
      long deadlineNanos,
      long limit,
      Body body,
      Consumer<@Nullable CompletableFuture<?>> inFlight)
      throws ScrapeFailure {
    URI current = url;
    for (int redirects = 0; ; redirects++) {
      String location =
          exchange(current, accept, timeoutHeader, deadlineNanos, limit, body, inFlight);
      if (location == null) {
        return null;
      }
      if (redirects == MAX_REDIRECTS) {
        // As Go's client, the error names the Location it refused to follow.
        throw new ScrapeFailure(
            "Get \"" + location + "\": stopped after " + MAX_REDIRECTS + " redirects", false, null);
      }
      URI next;
      try {
        next = current.resolve(location);
      } catch (IllegalArgumentException e) {
        throw new ScrapeFailure(
            "Get \""
                + current
                + "\": failed to parse Location header \""
                + location
                + "\": "
                + e.getMessage(),
            false,
            e);
      }
      if (!client.sendsDirectly(next)) {
        return next;
      }
      current = next;
    }
  }

  /**
   * Runs one exchange. Returns null when the body is in {@code body}, or the Location of a redirect
   * to follow.
   */
  private @Nullable String exchange(
      URI url,
      String accept,
      String timeoutHeader,
      long deadlineNanos,
      long limit,
      Body body,
      Consumer<@Nullable CompletableFuture<?>> inFlight)
      throws ScrapeFailure {
    RequestHeaders extra = new RequestHeaders();
    try {
      client.directRequestHeaders(url, extra);
    } catch (ClientSetupException e) {
      throw new ScrapeFailure("Get \"" + url + "\": " + e.getMessage(), false, e);
    }
    String authority = url.getRawAuthority();
    Cancel cancel = new Cancel();
    inFlight.accept(cancel);
    Http1Connection c = null;
    boolean headRead = false;
    boolean gzip;
    try {
      c = pool.take(authority);
      boolean reused = c != null;
      while (true) {
        if (c == null) {
          c = connect(url, deadlineNanos, cancel);
        }
        cancel.attach(c.socket());
        c.begin(deadlineNanos);
        try {
          writeRequest(c, url, accept, timeoutHeader, extra);
          c.writeRequest();
          readHead(c);
          break;
        } catch (IOException e) {
          if (reused
              && !c.received
              && !(e instanceof Http1Connection.DeadlineExceeded)
              && !cancel.isCancelled()) {
            // The server closed the idle connection before reading the request: retry once on a
            // new one.
            c.close();
            c = null;
            reused = false;
            continue;
          }
          throw e;
        }
      }
      headRead = true;
      exchanges.increment();
      int status = c.status;
      if (status != 200) {
        String location =
            isRedirect(status) && client.config().followRedirects() ? c.location : null;
        // The body of an error is not read: only a connection without one is kept.
        if (status != 101 && !hasBody(c) && keepAlive(c) && c.reusable() && !cancel.detach()) {
          pool.release(c);
        } else {
          c.close();
        }
        c = null;
        if (location != null) {
          return location;
        }
        throw new ScrapeFailure(
            "server returned HTTP status " + StatusText.of(status), false, null);
      }
      long rawLimit =
          c.gzip
              ? Math.min(ScrapeHttpClient.MAX_BODY_BYTES, limit + ScrapeHttpClient.GZIP_SLACK)
              : limit;
      readBody(c, body, rawLimit);
      body.contentType = c.contentType;
      gzip = c.gzip;
      boolean keep = keepAlive(c) && !isCloseDelimited(c);
      if (cancel.detach() || !keep || !c.reusable()) {
        c.close();
      } else {
        pool.release(c);
      }
      c = null;
    } catch (BodyLimitExceeded e) {
      if (c != null) {
        c.close();
      }
      throw new ScrapeFailure(ScrapeHttpClient.BODY_LIMIT_ERROR, true, null);
    } catch (IOException e) {
      if (c != null) {
        c.close();
      }
      String why;
      if (cancel.isCancelled() || Thread.currentThread().isInterrupted()) {
        why = "context canceled";
      } else if (e instanceof Http1Connection.DeadlineExceeded) {
        why = "context deadline exceeded";
      } else if (e instanceof ProtocolError) {
        why = e.getMessage();
      } else if (e instanceof EOFException) {
        why = headRead || (c != null && c.received) ? "unexpected EOF" : "EOF";
      } else if (c == null && e instanceof UnknownHostException) {
        why = "dial tcp: lookup " + url.getHost() + ": no such host";
      } else {
        why = ConfiguredHttpClient.describeFailure(url, e);
      }
      throw new ScrapeFailure(headRead ? why : "Get \"" + url + "\": " + why, false, e);
    } finally {
      cancel.detach();
      inFlight.accept(null);
    }
    if (gzip) {
      // Inflated in place after the connection went back to the pool; the limit applies here.
      ScrapeHttpClient.gunzip(body, limit);
    }
    return null;
  }

  private Http1Connection connect(URI url, long deadlineNanos, Cancel cancel) throws IOException {
    int port = url.getPort() < 0 ? 80 : url.getPort();
    Http1Connection c =
        Http1Connection.open(
            url.getHost(), port, url.getRawAuthority(), deadlineNanos, timer, pool, cancel::attach);
    connectionsOpened.increment();
    if (c.isClosed()) {
      throw new ProtocolError(cancel.isCancelled() ? "context canceled" : "http client is closed");
    }
    return c;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static boolean keepAlive(Http1Connection c) {
    return !c.connectionClose && (!c.http10 || c.connectionKeepAlive);
  }

  private static boolean isCloseDelimited(Http1Connection c) {
    return hasBody(c) && !c.chunked && c.contentLength < 0;
  }

  /** Whether the response has a body to read (RFC 9112 section 6.3). */
  private static boolean hasBody(Http1Connection c) {
    return c.status != 204 && c.status != 304 && (c.chunked || c.contentLength != 0);
  }

  // ------------------------------------------------------------------------------- request

  /** The configured headers of one request, in order; allocated only when there are some. */
  private static final class RequestHeaders implements ConfiguredHttpClient.HeaderSink {
    private @Nullable List<String> entries;

    @Override
    public void add(String name, String value) {
      if (!isToken(name)) {
        throw new IllegalArgumentException("invalid header name: \"" + name + "\"");
      }
      for (int i = 0; i < value.length(); i++) {
        char ch = value.charAt(i);
        if (ch == '\r' || ch == '\n' || ch == 0 || ch > 0xFF) {
          throw new IllegalArgumentException("invalid header value for header \"" + name + "\"");
        }
      }
      List<String> e = entries;
      if (e == null) {
        e = entries = new ArrayList<>(4);
      }
      e.add(name);
      e.add(value);
    }

    @Override
    public void set(String name, String value) {
      List<String> e = entries;
      if (e != null) {
        for (int i = e.size() - 2; i >= 0; i -= 2) {
          if (e.get(i).equalsIgnoreCase(name)) {
            e.remove(i + 1);
            e.remove(i);
          }
        }
      }
      add(name, value);
    }

    private static boolean isToken(String s) {
      if (s.isEmpty()) {
        return false;
      }
      for (int i = 0; i < s.length(); i++) {
        char ch = s.charAt(i);
        boolean ok =
            (ch >= 'a' && ch <= 'z')
                || (ch >= 'A' && ch <= 'Z')
                || (ch >= '0' && ch <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(ch) >= 0;
        if (!ok) {
          return false;
        }
      }
      return true;
    }
  }

  private void writeRequest(
      Http1Connection c, URI url, String accept, String timeoutHeader, RequestHeaders extra) {
    c.requestLength = 0;
    put(c, "GET ");
    String path = url.getRawPath();
    putUri(c, path == null || path.isEmpty() ? "/" : path);
    String query = url.getRawQuery();
    if (query != null) {
      put(c, "?");
      putUri(c, query);
    }
    put(c, " HTTP/1.1\r\nHost: ");
    put(c, url.getRawAuthority());
    header(c, "User-Agent", userAgent);
    header(c, "Accept", accept);
    header(c, "Accept-Encoding", "gzip");
    header(c, "X-Prometheus-Scrape-Timeout-Seconds", timeoutHeader);
    List<String> e = extra.entries;
    if (e != null) {
      for (int i = 0; i < e.size(); i += 2) {
        header(c, e.get(i), e.get(i + 1));
      }
    }
    put(c, "\r\n\r\n");
  }

  private static void header(Http1Connection c, String name, String value) {
    put(c, "\r\n");
    put(c, name);
    put(c, ": ");
    put(c, value);
  }

  /** Appends ISO-8859-1 text (header values are checked to fit). */
  private static void put(Http1Connection c, String s) {
    int n = s.length();
    ensureRequest(c, n);
    byte[] r = c.request;
    int at = c.requestLength;
    for (int i = 0; i < n; i++) {
      r[at++] = (byte) s.charAt(i);
    }
    c.requestLength = at;
  }

  /** Appends a raw URI component, percent-encoding any non-ASCII character as UTF-8. */
  private static void putUri(Http1Connection c, String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0x7F) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
          if (b < 0) {
            sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)));
            sb.append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
          } else {
            sb.append((char) b);
          }
        }
        put(c, sb.toString());
        return;
      }
    }
    put(c, s);
  }

  private static void ensureRequest(Http1Connection c, int more) {
    if (c.requestLength + more > c.request.length) {
      c.request = Arrays.copyOf(c.request, Math.max(c.requestLength + more, 2 * c.request.length));
    }
  }

  // ------------------------------------------------------------------------------- response head

  private static final ProtocolError HEAD_TOO_LARGE =
      new ProtocolError(
          "net/http: server response headers exceeded " + MAX_HEAD_BYTES + " bytes; aborted");

  /**
   * Reads the status line and headers of the final response into {@code c}'s head fields, skipping
   * informational responses; leaves {@code c.pos} at the first body byte.
   */
  private static void readHead(Http1Connection c) throws IOException {
    for (int interim = 0; ; interim++) {
      readOneHead(c);
      if (c.status >= 200 || c.status == 101) {
        return;
      }
      if (interim == MAX_INTERIM_RESPONSES) {
        throw new ProtocolError("net/http: too many 1xx informational responses");
      }
    }
  }

  private static void readOneHead(Http1Connection c) throws IOException {
    c.contentLength = -1;
    c.chunked = false;
    c.connectionClose = false;
    c.connectionKeepAlive = false;
    c.gzip = false;
    c.location = null;
    String contentType = null;
    boolean sawTransferEncoding = false;
    boolean sawContentEncoding = false;
    int headBytes = 0;
    boolean first = true;
    boolean firstHeader = true;
    boolean previousTracked = false;
    while (true) {
      int end = lineEnd(c, MAX_HEAD_BYTES - headBytes, HEAD_TOO_LARGE);
      int start = c.pos;
      headBytes += end + 1 - start;
      c.pos = end + 1;
      int stop = end > start && c.buf[end - 1] == '\r' ? end - 1 : end;
      if (first) {
        parseStatusLine(c, start, stop);
        first = false;
        continue;
      }
      if (stop == start) {
        break;
      }
      byte[] b = c.buf;
      if (b[start] == ' ' || b[start] == '\t') {
        // An obsolete line folding: ignored for a header the scrape does not use; refused for one
        // it uses rather than guessing the value.
        if (firstHeader) {
          throw new ProtocolError("malformed MIME header initial line: " + text(c, start, stop));
        }
        if (previousTracked) {
          throw new ProtocolError("malformed MIME header line: " + text(c, start, stop));
        }
        continue;
      }
      firstHeader = false;
      int colon = indexOf(b, start, stop, (byte) ':');
      if (colon <= start || !isTokenBytes(b, start, colon)) {
        throw new ProtocolError("malformed MIME header line: " + text(c, start, stop));
      }
      int vs = colon + 1;
      int ve = stop;
      while (vs < ve && (b[vs] == ' ' || b[vs] == '\t')) {
        vs++;
      }
      while (ve > vs && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) {
        ve--;
      }
      previousTracked = true;
      int nameLength = colon - start;
      if (nameEquals(b, start, nameLength, CONTENT_LENGTH)) {
        long n = parseDigits(b, vs, ve, 18);
        if (n < 0) {
          throw new ProtocolError("bad Content-Length \"" + text(c, vs, ve) + "\"");
        }
        if (c.contentLength >= 0 && c.contentLength != n) {
          throw new ProtocolError(
              "http: message cannot contain multiple Content-Length headers; got [\""
                  + c.contentLength
                  + "\" \""
                  + n
                  + "\"]");
        }
        c.contentLength = n;
      } else if (nameEquals(b, start, nameLength, TRANSFER_ENCODING)) {
        if (sawTransferEncoding) {
          throw new ProtocolError("too many transfer encodings");
        }
        sawTransferEncoding = true;
        if (!asciiEqualsIgnoreCase(b, vs, ve, "chunked")) {
          throw new ProtocolError("unsupported transfer encoding: \"" + text(c, vs, ve) + "\"");
        }
        c.chunked = true;
      } else if (nameEquals(b, start, nameLength, CONNECTION)) {
        connectionTokens(c, b, vs, ve);
      } else if (nameEquals(b, start, nameLength, CONTENT_TYPE)) {
        if (contentType == null) {
          contentType = sameText(c.contentType, b, vs, ve) ? c.contentType : text(c, vs, ve);
        }
      } else if (nameEquals(b, start, nameLength, CONTENT_ENCODING)) {
        if (!sawContentEncoding) {
          sawContentEncoding = true;
          c.gzip = asciiEqualsIgnoreCase(b, vs, ve, "gzip");
        }
      } else if (nameEquals(b, start, nameLength, LOCATION)) {
        if (c.location == null && c.status >= 300 && c.status < 400) {
          c.location = text(c, vs, ve);
        }
      } else {
        previousTracked = false;
      }
    }
    c.contentType = contentType == null ? "" : contentType;
    if (c.chunked) {
      c.contentLength = -1;
    }
    if (c.status < 200 || c.status == 204 || c.status == 304) {
      c.chunked = false;
      c.contentLength = 0;
    }
  }

  /**
   * Returns the index of the next {@code '\n'} in {@code c.buf} at or after {@code c.pos}, reading
   * more as needed.
   *
   * @param max the most bytes the line may take, newline included
   */
  private static int lineEnd(Http1Connection c, int max, IOException tooLong) throws IOException {
    int scanned = c.pos;
    while (true) {
      for (int i = scanned; i < c.lim; i++) {
        if (c.buf[i] == '\n') {
          if (i + 1 - c.pos > max) {
            throw tooLong;
          }
          return i;
        }
      }
      if (c.lim - c.pos >= max) {
        throw tooLong;
      }
      int offset = c.pos;
      int unscanned = c.lim - offset;
      if (!c.fill(Math.max(Http1Connection.BUFFER_BYTES, max + 1), tooLong)) {
        throw new EOFException();
      }
      // fill() may have moved the unread bytes to the start of the buffer.
      scanned = c.pos + unscanned;
    }
  }

  private static void parseStatusLine(Http1Connection c, int start, int stop) throws ProtocolError {
    byte[] b = c.buf;
    int space = indexOf(b, start, stop, (byte) ' ');
    if (space < 0) {
      throw new ProtocolError("malformed HTTP response \"" + text(c, start, stop) + "\"");
    }
    int s = space + 1;
    while (s < stop && b[s] == ' ') {
      s++;
    }
    int codeEnd = indexOf(b, s, stop, (byte) ' ');
    if (codeEnd < 0) {
      codeEnd = stop;
    }
    if (codeEnd - s != 3) {
      throw new ProtocolError("malformed HTTP status code \"" + text(c, s, codeEnd) + "\"");
    }
    int code = 0;
    for (int i = s; i < codeEnd; i++) {
      if (b[i] < '0' || b[i] > '9') {
        throw new ProtocolError("malformed HTTP status code \"" + text(c, s, codeEnd) + "\"");
      }
      code = code * 10 + (b[i] - '0');
    }
    // HTTP/<major>.<minor>, each one or more digits.
    int major = -1;
    int minor = -1;
    if (space - start >= 8 && asciiEqualsIgnoreCase(b, start, start + 5, "HTTP/")) {
      int dot = indexOf(b, start + 5, space, (byte) '.');
      if (dot > 0) {
        major = (int) parseDigits(b, start + 5, dot, 3);
        minor = (int) parseDigits(b, dot + 1, space, 3);
      }
    }
    if (major != 1 || minor < 0) {
      throw new ProtocolError("malformed HTTP version \"" + text(c, start, space) + "\"");
    }
    c.http10 = minor == 0;
    c.status = code;
  }

  private static void connectionTokens(Http1Connection c, byte[] b, int from, int to) {
    int i = from;
    while (i < to) {
      int comma = indexOf(b, i, to, (byte) ',');
      int end = comma < 0 ? to : comma;
      int ts = i;
      int te = end;
      while (ts < te && (b[ts] == ' ' || b[ts] == '\t')) {
        ts++;
      }
      while (te > ts && (b[te - 1] == ' ' || b[te - 1] == '\t')) {
        te--;
      }
      if (asciiEqualsIgnoreCase(b, ts, te, "close")) {
        c.connectionClose = true;
      } else if (asciiEqualsIgnoreCase(b, ts, te, "keep-alive")) {
        c.connectionKeepAlive = true;
      }
      i = end + 1;
    }
  }

  /**
   * Parses {@code b[from, to)} as a decimal number of at most {@code maxDigits} digits and nothing
   * else; -1 when it is not one.
   */
  private static long parseDigits(byte[] b, int from, int to, int maxDigits) {
    if (to <= from || to - from > maxDigits) {
      return -1;
    }
    long n = 0;
    for (int i = from; i < to; i++) {
      if (b[i] < '0' || b[i] > '9') {
        return -1;
      }
      n = n * 10 + (b[i] - '0');
    }
    return n;
  }

  // ------------------------------------------------------------------------------- body

  /** Signals that the raw body reached its limit; carries no stack trace. */
  private static final class BodyLimitExceeded extends IOException {
    static final BodyLimitExceeded INSTANCE = new BodyLimitExceeded();

    private BodyLimitExceeded() {
      super(ScrapeHttpClient.BODY_LIMIT_ERROR, null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  private static final ProtocolError CHUNK_LINE_TOO_LONG =
      new ProtocolError("header line too long");
  private static final ProtocolError MALFORMED_CHUNKED =
      new ProtocolError("malformed chunked encoding");

  /**
   * Reads the body framed as the head says into {@code body}; a body of {@code rawLimit} bytes or
   * more fails with {@link BodyLimitExceeded}. An early end fails with {@link EOFException}.
   */
  private static void readBody(Http1Connection c, Body body, long rawLimit) throws IOException {
    body.length = 0;
    if (!hasBody(c)) {
      return;
    }
    if (c.chunked) {
      readChunked(c, body, rawLimit);
    } else if (c.contentLength >= 0) {
      if (c.contentLength >= rawLimit) {
        throw BodyLimitExceeded.INSTANCE;
      }
      readExactly(c, body, (int) c.contentLength, rawLimit);
    } else {
      while (true) {
        if (body.length >= rawLimit) {
          throw BodyLimitExceeded.INSTANCE;
        }
        if (body.length == body.bytes.length) {
          resize(body, Math.min(rawLimit, Math.max(8192, 2L * body.length)));
        }
        int n = c.read(body.bytes, body.length, body.bytes.length - body.length);
        if (n < 0) {
          return;
        }
        body.length += n;
      }
    }
  }

  /** Appends exactly {@code n} more bytes to the body (whose new length stays below the limit). */
  private static void readExactly(Http1Connection c, Body body, int n, long rawLimit)
      throws IOException {
    int end = body.length + n;
    while (body.length < end) {
      if (body.length == body.bytes.length) {
        // A declared length up to 8 MiB is allocated at once; beyond, the buffer doubles as bytes
        // arrive, so that a false length cannot make it allocate up to the limit. Either way it at
        // least doubles (up to the limit): a chunked body is not copied once per chunk.
        long doubled = Math.max(8192, 2L * body.length);
        long grown = end <= (8 << 20) ? Math.max(end, doubled) : Math.min(end, doubled);
        resize(body, Math.max(end, Math.min(grown, rawLimit)));
      }
      int want = Math.min(end, body.bytes.length) - body.length;
      int r = c.read(body.bytes, body.length, want);
      if (r < 0) {
        throw new EOFException();
      }
      body.length += r;
    }
  }

  private static void resize(Body body, long capacity) {
    body.bytes = Arrays.copyOf(body.bytes, (int) capacity);
  }

  private static void readChunked(Http1Connection c, Body body, long rawLimit) throws IOException {
    while (true) {
      long size = readChunkSize(c);
      if (size == 0) {
        break;
      }
      if (body.length + size >= rawLimit) {
        throw BodyLimitExceeded.INSTANCE;
      }
      readExactly(c, body, (int) size, rawLimit);
      expectCrlf(c);
    }
    // Trailers, up to the empty line that ends the message.
    int trailerBytes = 0;
    while (true) {
      int end = lineEnd(c, MAX_HEAD_BYTES - trailerBytes, HEAD_TOO_LARGE);
      int start = c.pos;
      trailerBytes += end + 1 - start;
      c.pos = end + 1;
      int stop = end > start && c.buf[end - 1] == '\r' ? end - 1 : end;
      if (stop == start) {
        return;
      }
    }
  }

  private static long readChunkSize(Http1Connection c) throws IOException {
    int end = lineEnd(c, MAX_CHUNK_LINE_BYTES, CHUNK_LINE_TOO_LONG);
    int start = c.pos;
    c.pos = end + 1;
    byte[] b = c.buf;
    int stop = end > start && b[end - 1] == '\r' ? end - 1 : end;
    int semi = indexOf(b, start, stop, (byte) ';');
    int digitsEnd = semi < 0 ? stop : semi;
    while (digitsEnd > start && (b[digitsEnd - 1] == ' ' || b[digitsEnd - 1] == '\t')) {
      digitsEnd--;
    }
    if (digitsEnd == start) {
      throw new ProtocolError("invalid byte in chunk length");
    }
    long n = 0;
    for (int i = start; i < digitsEnd; i++) {
      int d = Character.digit(b[i], 16);
      if (d < 0) {
        throw new ProtocolError("invalid byte in chunk length");
      }
      if (i - start == 16 || (n << 4) >>> 4 != n) {
        throw new ProtocolError("http chunk length too large");
      }
      n = (n << 4) | d;
    }
    if (n > Integer.MAX_VALUE) {
      throw new ProtocolError("http chunk length too large");
    }
    return n;
  }

  private static void expectCrlf(Http1Connection c) throws IOException {
    int end = lineEnd(c, 2, MALFORMED_CHUNKED);
    int start = c.pos;
    c.pos = end + 1;
    if (!(end == start || (end == start + 1 && c.buf[start] == '\r'))) {
      throw new ProtocolError("malformed chunked encoding");
    }
  }

  // ------------------------------------------------------------------------------- bytes

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static String text(Http1Connection c, int from, int to) {
    return new String(c.buf, from, to - from, StandardCharsets.ISO_8859_1);
  }

  /** Whether {@code previous} equals the ISO-8859-1 text of {@code b[from, to)}. */
  private static boolean sameText(String previous, byte[] b, int from, int to) {
    if (previous.length() != to - from) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (previous.charAt(i - from) != (char) (b[i] & 0xFF)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] b, int from, int to, byte value) {
    for (int i = from; i < to; i++) {
      if (b[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private static boolean nameEquals(byte[] b, int from, int length, byte[] lowerName) {
    if (length != lowerName.length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      int ch = b[from + i];
      if (ch >= 'A' && ch <= 'Z') {
        ch += 'a' - 'A';
      }
      if (ch != lowerName[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean asciiEqualsIgnoreCase(byte[] b, int from, int to, String lower) {
    if (to - from != lower.length()) {
      return false;
    }
    for (int i = from; i < to; i++) {
      int ch = b[i];
      if (ch >= 'A' && ch <= 'Z') {
        ch += 'a' - 'A';
      }
      if (ch != Character.toLowerCase(lower.charAt(i - from))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isTokenBytes(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      int ch = b[i];
      boolean ok =
          (ch >= 'a' && ch <= 'z')
              || (ch >= 'A' && ch <= 'Z')
              || (ch >= '0' && ch <= '9')
              || (ch > 0 && "!#$%&'*+-.^_`|~".indexOf(ch) >= 0);
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------------------- cancel

  /**
   * The handle a scrape loop receives to cancel a running exchange from another thread: cancelling
   * closes the exchange's socket, which makes its blocked read, write or connect fail.
   */
  private static final class Cancel extends CompletableFuture<Void> {
    private @Nullable Socket socket;
    private boolean cancelled;

    /** Makes a later cancel close {@code s}; closes it at once when already cancelled. */
    void attach(Socket s) throws IOException {
      synchronized (this) {
        if (!cancelled) {
          socket = s;
          return;
        }
      }
      s.close();
      throw new ProtocolError("context canceled");
    }

    /** Ends the exchange's cancellability; returns whether it was cancelled. */
    synchronized boolean detach() {
      socket = null;
      return cancelled;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      Socket s;
      synchronized (this) {
        cancelled = true;
        s = socket;
        socket = null;
      }
      if (s != null) {
        try {
          s.close();
        } catch (IOException e) {
          // Closed either way.
        }
      }
      return super.cancel(mayInterruptIfRunning);
    }

    @Override
    public synchronized boolean isCancelled() {
      return cancelled;
    }
  }

  /** Closes every connection of the client. */
  @Override
  public void close() {
    pool.close();
  }
}
