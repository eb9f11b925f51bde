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
 * {@code POST|PUT /-/quit}: asks the server to shut down gracefully, as Prometheus does. Without
 * {@code --web.enable-lifecycle} it answers 403 {@code Lifecycle API is not enabled.}; otherwise
 * 200 {@code Requesting termination... Goodbye!} and then runs the shutdown request. Other paths
 * are left to the next handler. Thread-safe.
 */
public final class QuitHandler extends Handler.Abstract {
  static final String GOODBYE = "Requesting termination... Goodbye!";

  private final boolean enabled;
  private final Runnable requestShutdown;

  /**
   * @param requestShutdown starts the shutdown; must return promptly (not wait for it)
   */
  public QuitHandler(boolean enabled, Runnable requestShutdown) {
    this.enabled = enabled;
    this.requestShutdown = requestShutdown;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!"/-/quit".equals(Request.getPathInContext(request))) {
      return false;
    }
    String method = request.getMethod();
    if (!HttpMethod.POST.is(method) && !HttpMethod.PUT.is(method)) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST, PUT");
      Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
      return true;
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
    if (!enabled) {
      response.setStatus(HttpStatus.FORBIDDEN_403);
      Content.Sink.write(response, true, ReloadHandler.NOT_ENABLED, callback);
      return true;
    }
    response.setStatus(HttpStatus.OK_200);
    Content.Sink.write(
        response,
        true,
        GOODBYE,
        Callback.from(
            () -> {
              callback.succeeded();
              requestShutdown.run();
            },
            callback::failed));
    return true;
  }
}
