package io.argus.web.remote;

import io.argus.remote.read.ReadEndpoint;
import io.argus.remote.receiver.WriteEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty side of {@code /api/v1/write} and {@code /api/v1/read}. With the receiver disabled
 * {@code /api/v1/write} answers 404 with Prometheus' hint; while storage is not open (the suppliers
 * return null) both answer 503. Only POST is allowed. Other paths go to the next handler.
 * Thread-safe.
 */
public final class RemoteApiHandler extends Handler.Abstract {
  private static final Logger logger = LoggerFactory.getLogger(RemoteApiHandler.class);
  private static final long DRAIN_BUDGET_BYTES = 128L << 20;
  public static final String WRITE_PATH = "/api/v1/write";
  public static final String READ_PATH = "/api/v1/read";

  private final boolean writeEnabled;
  private final Supplier<@Nullable WriteEndpoint> write;
  private final Supplier<@Nullable ReadEndpoint> read;

  /**
   * @param writeEnabled whether {@code --web.enable-remote-write-receiver} is on
   * @param write the receiver once storage is open, else null
   * @param read the remote-read endpoint once storage is open, else null
   */
  public RemoteApiHandler(
      boolean writeEnabled,
      Supplier<@Nullable WriteEndpoint> write,
      Supplier<@Nullable ReadEndpoint> read) {
    this.writeEnabled = writeEnabled;
    this.write = write;
    this.read = read;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    boolean isWrite = path.equals(WRITE_PATH);
    if (!isWrite && !path.equals(READ_PATH)) {
      return false;
    }
    try {
      if (!request.getMethod().equals("POST")) {
        response.getHeaders().put(HttpHeader.ALLOW, "POST");
        text(response, 405, "Method Not Allowed");
      } else if (isWrite) {
        handleWrite(request, response);
      } else {
        handleRead(request, response);
      }
      callback.succeeded();
    } catch (Throwable t) {
      logger.atWarn().setCause(t).addKeyValue("path", path).log("serving remote api failed");
      callback.failed(t);
    }
    return true;
  }

  private void handleWrite(Request request, Response response) throws Exception {
    if (!writeEnabled) {
      text(
          response,
          404,
          "remote write receiver needs to be enabled with --web.enable-remote-write-receiver");
      return;
    }
    WriteEndpoint w = write.get();
    if (w == null) {
      text(response, 503, "TSDB not ready");
      return;
    }
    WriteEndpoint.Response r;
    try (InputStream in = Content.Source.asInputStream(request)) {
      r =
          w.handle(
              request.getHeaders().get(HttpHeader.CONTENT_TYPE),
              request.getHeaders().get(HttpHeader.CONTENT_ENCODING),
              in,
              request.getLength());
      if (!drainRest(in, request.getLength())) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
      }
    }
    r.headers().forEach((k, v) -> response.getHeaders().put(k, v));
    if (r.body().isEmpty()) {
      response.setStatus(r.status());
      Content.Sink.asOutputStream(response).close();
    } else {
      text(response, r.status(), r.body().stripTrailing());
    }
  }

  private void handleRead(Request request, Response response) throws Exception {
    ReadEndpoint e = read.get();
    if (e == null) {
      text(response, 503, "TSDB not ready");
      return;
    }
    ReadEndpoint.Response r;
    try (InputStream in = Content.Source.asInputStream(request)) {
      r = e.handle(in);
    }
    response.setStatus(r.status());
    r.headers().forEach((k, v) -> response.getHeaders().put(k, v));
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      r.body().writeTo(out);
    }
  }

  /**
   * Reads and discards what the endpoint left of a body it rejected early (too large, wrong
   * type), up to {@value #DRAIN_BUDGET_BYTES} bytes, so that a client still uploading reads the
   * answer instead of a reset connection. Returns false when the rest was too large to drain and
   * the connection must close.
   */
  private static boolean drainRest(InputStream in, long declaredLength) throws IOException {
    if (declaredLength > DRAIN_BUDGET_BYTES) {
      return false;
    }
    long budget = DRAIN_BUDGET_BYTES;
    while (budget > 0) {
      long skipped = in.skip(budget);
      if (skipped <= 0) {
        if (in.read() < 0) {
          return true;
        }
        skipped = 1;
      }
      budget -= skipped;
    }
    return in.read() < 0;
  }

  private static void text(Response response, int status, String message) throws Exception {
    byte[] b = (message + "\n").getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, b.length);
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      out.write(b);
    }
  }
}
