package io.argus.app.web;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The management endpoints every Prometheus server has:
 *
 * <ul>
 *   <li>{@code GET|HEAD /-/healthy}: 200 while the process runs;
 *   <li>{@code GET|HEAD /-/ready}: 200 once start-up has finished, 503 before;
 *   <li>{@code GET /metrics}: the server's own metrics, in the format the {@code Accept} header
 *       asks for (Prometheus text 0.0.4, OpenMetrics 1.0 or protobuf).
 * </ul>
 *
 * Other paths are left to the next handler (404). Thread-safe.
 */
public final class ManagementHandler extends Handler.Abstract {
  static final String HEALTHY = "Argus Server is Healthy.\n";
  static final String READY = "Argus Server is Ready.\n";
  static final String NOT_READY = "Service Unavailable";

  private final PrometheusRegistry registry;
  private final BooleanSupplier ready;
  private final ExpositionFormats formats = ExpositionFormats.init();

  /**
   * @param registry the registry {@code /metrics} exposes
   * @param ready answers whether start-up has finished; called on every {@code /-/ready}
   */
  public ManagementHandler(PrometheusRegistry registry, BooleanSupplier ready) {
    this.registry = registry;
    this.ready = ready;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    switch (path) {
      case "/-/healthy" -> {
        if (allowGetOrHead(request, response, callback)) {
          writeText(request, response, callback, HttpStatus.OK_200, HEALTHY);
        }
      }
      case "/-/ready" -> {
        if (allowGetOrHead(request, response, callback)) {
          if (ready.getAsBoolean()) {
            writeText(request, response, callback, HttpStatus.OK_200, READY);
          } else {
            writeText(
                request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, NOT_READY);
          }
        }
      }
      case "/metrics" -> {
        if (allowGetOrHead(request, response, callback)) {
          writeMetrics(request, response, callback);
        }
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private static boolean allowGetOrHead(Request request, Response response, Callback callback) {
    String method = request.getMethod();
    if (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method)) {
      return true;
    }
    response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
    Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
    return false;
  }

  private static void writeText(
      Request request, Response response, Callback callback, int status, String text) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    if (HttpMethod.HEAD.is(request.getMethod())) {
      response.write(true, null, callback);
    } else {
      Content.Sink.write(response, true, text, callback);
    }
  }

  private void writeMetrics(Request request, Response response, Callback callback)
      throws java.io.IOException {
    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
    ExpositionFormatWriter writer = formats.findWriter(accept == null ? "" : accept);
    ByteArrayOutputStream body = new ByteArrayOutputStream(32 * 1024);
    writer.write(body, registry.scrape());
    response.setStatus(HttpStatus.OK_200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, writer.getContentType());
    if (HttpMethod.HEAD.is(request.getMethod())) {
      response.write(true, null, callback);
    } else {
      response.write(true, ByteBuffer.wrap(body.toByteArray()), callback);
    }
  }
}
