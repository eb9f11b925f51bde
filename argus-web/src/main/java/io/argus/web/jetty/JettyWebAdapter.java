package io.argus.web.jetty;

import io.argus.web.FormDecoder;
import io.argus.web.WebHandler;
import io.argus.web.WebRequest;
import io.argus.web.WebResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves {@link WebHandler}s from Jetty: builds a {@link WebRequest} (query string plus an {@code
 * application/x-www-form-urlencoded} body of POST, PUT and PATCH requests, or else the raw body of
 * POST, PUT, PATCH and DELETE requests, at most {@code maxFormBytes}), asks the handlers in order,
 * and writes the first answer, gzip-compressed when the client accepts gzip. A request no handler
 * takes goes to the next Jetty handler. Runs the handlers on the request's thread (a virtual thread
 * under Argus' server). Thread-safe.
 */
public final class JettyWebAdapter extends Handler.Abstract {
  private static final org.slf4j.Logger logger =
      org.slf4j.LoggerFactory.getLogger(JettyWebAdapter.class);

  /** Go's net/http cap on form bodies: 10 MiB. */
  public static final int DEFAULT_MAX_FORM_BYTES = 10 << 20;

  private final Predicate<String> paths;
  private final List<WebHandler> handlers;
  private final int maxFormBytes;

  /**
   * @param paths the paths these handlers serve; other requests go untouched (body unread) to the
   *     next Jetty handler
   * @param handlers asked in order; the first non-null answer is written
   * @param maxFormBytes the largest form body accepted; larger ones get 413
   */
  public JettyWebAdapter(Predicate<String> paths, List<WebHandler> handlers, int maxFormBytes) {
    this.paths = paths;
    this.handlers = List.copyOf(handlers);
    this.maxFormBytes = maxFormBytes;
  }

  public JettyWebAdapter(Predicate<String> paths, List<WebHandler> handlers) {
    this(paths, handlers, DEFAULT_MAX_FORM_BYTES);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = Request.getPathInContext(request);
    if (!paths.test(path)) {
      return false;
    }
    WebResponse answer;
    try {
      WebRequest web = toWebRequest(request, path);
      answer = null;
      for (WebHandler h : handlers) {
        answer = h.handle(web);
        if (answer != null) {
          break;
        }
      }
    } catch (BodyTooLargeException e) {
      answer =
          WebResponse.text(413, "http: request body too large\n").withHeader("Connection", "close");
    } catch (IOException e) {
      answer = WebResponse.text(400, "error reading request body: " + e.getMessage() + "\n");
    }
    if (answer == null) {
      answer = WebResponse.text(404, "404 page not found\n");
    }
    try {
      write(request, response, answer);
      callback.succeeded();
    } catch (Throwable t) {
      logger
          .atWarn()
          .setCause(t)
          .addKeyValue("path", path)
          .addKeyValue("status", answer.status())
          .log("writing response failed");
      callback.failed(t);
    }
    return true;
  }

  private WebRequest toWebRequest(Request request, String path) throws IOException {
    Map<String, List<String>> params = new LinkedHashMap<>();
    String method = request.getMethod().toUpperCase(Locale.ROOT);
    Map<String, String> headers = new LinkedHashMap<>();
    for (HttpField f : request.getHeaders()) {
      headers.merge(f.getLowerCaseName(), f.getValue(), (a, b) -> a + ", " + b);
    }
    String contentType = headers.getOrDefault("content-type", "");
    boolean withBody =
        method.equals("POST")
            || method.equals("PUT")
            || method.equals("PATCH")
            || method.equals("DELETE");
    byte[] raw = new byte[0];
    if (withBody
        && !method.equals("DELETE")
        && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      FormDecoder.decodeInto(new String(readBody(request), StandardCharsets.UTF_8), params);
    } else if (withBody) {
      raw = readBody(request);
    }
    String query = request.getHttpURI().getQuery();
    if (query != null && params.isEmpty()) {
      FormDecoder.decodeInto(query, params);
    } else if (query != null) {
      Map<String, List<String>> fromQuery = new LinkedHashMap<>();
      FormDecoder.decodeInto(query, fromQuery);
      fromQuery.forEach((k, v) -> params.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
    }
    return new WebRequest(method, path, params, headers, raw);
  }

  private byte[] readBody(Request request) throws IOException {
    long declared = request.getLength();
    try (InputStream in = Content.Source.asInputStream(request)) {
      if (declared > maxFormBytes) {
        drain(in, declared);
        throw new BodyTooLargeException();
      }
      byte[] body = in.readNBytes(maxFormBytes + 1);
      if (body.length > maxFormBytes) {
        drain(in, declared);
        throw new BodyTooLargeException();
      }
      return body;
    }
  }

  /**
   * Reads and discards the rest of an oversized body of up to {@code 4 * maxFormBytes}, so that a
   * client still uploading it receives the 413 instead of a reset connection (Go's server lingers
   * after such a reply for the same reason). Larger bodies are not drained.
   */
  private void drain(InputStream in, long declared) throws IOException {
    long budget = 4L * maxFormBytes;
    if (declared > budget) {
      return;
    }
    while (budget > 0) {
      long skipped = in.skip(budget);
      if (skipped <= 0) {
        if (in.read() < 0) {
          return;
        }
        skipped = 1;
      }
      budget -= skipped;
    }
  }

  private static final class BodyTooLargeException extends IOException {
    BodyTooLargeException() {
      super("request body too large");
    }
  }

  private static void write(Request request, Response response, WebResponse answer)
      throws IOException {
    response.setStatus(answer.status());
    answer.headers().forEach((k, v) -> response.getHeaders().put(k, v));
    WebResponse.Body body = answer.body();
    boolean head = request.getMethod().equalsIgnoreCase("HEAD");
    String contentType = answer.contentType();
    if (contentType != null) {
      response.getHeaders().put("Content-Type", contentType);
    }
    if (body == null || head || answer.status() == 204) {
      Content.Sink.asOutputStream(response).close();
      return;
    }
    String accept = request.getHeaders().get("Accept-Encoding");
    boolean gzip = accept != null && accept.contains("gzip");
    if (gzip) {
      response.getHeaders().put("Content-Encoding", "gzip");
      response.getHeaders().add("Vary", "Accept-Encoding");
    }
    try (OutputStream raw = new LengthSettingStream(response)) {
      if (gzip) {
        try (GZIPOutputStream z = new GZIPOutputStream(raw, 8192)) {
          body.writeTo(z);
        }
      } else {
        body.writeTo(raw);
      }
    }
  }

  /**
   * Holds the first {@link #BUFFER} bytes of a body; a body that ends within them goes out with a
   * {@code Content-Length} in one write (as Go's server does), a longer one is streamed chunked.
   */
  private static final class LengthSettingStream extends OutputStream {
    private static final int BUFFER = 32 * 1024;
    private final Response response;
    private static final byte[] EMPTY = new byte[0];
    private byte[] buf = EMPTY;
    private int size;
    private @org.jspecify.annotations.Nullable OutputStream streaming;
    private boolean closed;

    LengthSettingStream(Response response) {
      this.response = response;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      OutputStream s = streaming;
      if (s != null) {
        s.write(b, off, len);
        return;
      }
      if (size + len > BUFFER) {
        s = new BufferedOutputStream(Content.Sink.asOutputStream(response), BUFFER);
        streaming = s;
        s.write(buf, 0, size);
        s.write(b, off, len);
        return;
      }
      if (size + len > buf.length) {
        // Sized by the first write: a JSON generator writes a small body in one go.
        buf = java.util.Arrays.copyOf(buf, Math.max(Math.max(buf.length * 2, 256), size + len));
      }
      System.arraycopy(b, off, buf, size, len);
      size += len;
    }

    /** Idempotent: a wrapping stream (gzip) closes this one before try-with-resources does. */
    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      OutputStream s = streaming;
      if (s != null) {
        s.close();
        return;
      }
      response.getHeaders().put("Content-Length", Integer.toString(size));
      try (OutputStream out = Content.Sink.asOutputStream(response)) {
        out.write(buf, 0, size);
      }
    }
  }
}
