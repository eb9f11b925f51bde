package io.argus.app.web;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code POST|PUT /-/quit}: asks the server to shut down gracefully, as Prometheus does. Without
 * {@code --web.enable-lifecycle} it answers 403 {@code Lifecycle API is not enabled.}; otherwise
 * 200 {@code Requesting termination... Goodbye!} and then runs the shutdown request. Other paths
 * are left to the next handler. Thread-safe.
 */
public final class QuitHandler extends LifecycleHandler {
  static final String GOODBYE = "Requesting termination... Goodbye!";

  private final Runnable requestShutdown;

  /**
   * @param requestShutdown starts the shutdown; must return promptly (not wait for it)
   */
  public QuitHandler(boolean enabled, Runnable requestShutdown) {
    super("/-/quit", enabled);
    this.requestShutdown = requestShutdown;
  }

  @Override
  void handleEnabled(Response response, Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
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
  }
}
