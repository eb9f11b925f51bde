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
 * One lifecycle endpoint ({@code /-/reload}, {@code /-/quit}) as Prometheus gates them: only
 * {@code POST} and {@code PUT} (405 otherwise), and 403 {@code Lifecycle API is not enabled.}
 * without {@code --web.enable-lifecycle}. Other paths are left to the next handler. Thread-safe
 * when the subclass is.
 */
abstract class LifecycleHandler extends Handler.Abstract {
  static final String NOT_ENABLED = "Lifecycle API is not enabled.";

  private final String path;
  private final boolean enabled;

  LifecycleHandler(String path, boolean enabled) {
    this.path = path;
    this.enabled = enabled;
  }

  @Override
  public final boolean handle(Request request, Response response, Callback callback) {
    if (!path.equals(Request.getPathInContext(request))) {
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
    handleEnabled(response, callback);
    return true;
  }

  /** Serves an allowed request to the endpoint; must complete {@code callback}. */
  abstract void handleEnabled(Response response, Callback callback);

  static void writeText(Response response, Callback callback, int status, String text) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    Content.Sink.write(response, true, text, callback);
  }
}
