package io.argus.app.web;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code POST|PUT /-/reload}: reloads the configuration as Prometheus does. Without {@code
 * --web.enable-lifecycle} it answers 403 {@code Lifecycle API is not enabled.}; a failed reload
 * answers 500 with the reason. Other paths are left to the next handler. Thread-safe.
 */
public final class ReloadHandler extends Handler.Abstract {
  static final String NOT_ENABLED = "Lifecycle API is not enabled.";

  /** Reloads the configuration; called on a request thread, possibly concurrently. */
  @FunctionalInterface
  public interface Reloader {
    /**
     * @throws Exception whose message says why the configuration was rejected
     */
    void reload() throws Exception;
  }

  private final boolean enabled;
  private final Reloader reloader;

  public ReloadHandler(boolean enabled, Reloader reloader) {
    this.enabled = enabled;
    this.reloader = reloader;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!"/-/reload".equals(Request.getPathInContext(request))) {
      return false;
    }
    String method = request.getMethod();
    if (!HttpMethod.POST.is(method) && !HttpMethod.PUT.is(method)) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST, PUT");
      Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
      return true;
    }
    if (!enabled) {
      writeText(response, callback, HttpStatus.FORBIDDEN_403, NOT_ENABLED);
      return true;
    }
    try {
      reloader.reload();
    } catch (Exception e) {
      writeText(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, e.getMessage() + "\n");
      return true;
    }
    response.setStatus(HttpStatus.OK_200);
    response.write(true, null, callback);
    return true;
  }

  private static void writeText(Response response, Callback callback, int status, String text) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    Content.Sink.write(response, true, text, callback);
  }
}
