package io.argus.app.web;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code POST|PUT /-/reload}: reloads the configuration as Prometheus does. Without {@code
 * --web.enable-lifecycle} it answers 403 {@code Lifecycle API is not enabled.}; a failed reload
 * answers 500 with the reason. Other paths are left to the next handler. Thread-safe.
 */
public final class ReloadHandler extends LifecycleHandler {
  /** Reloads the configuration; called on a request thread, possibly concurrently. */
  @FunctionalInterface
  public interface Reloader {
    /**
     * @throws Exception whose message says why the configuration was rejected
     */
    void reload() throws Exception;
  }

  private final Reloader reloader;

  public ReloadHandler(boolean enabled, Reloader reloader) {
    super("/-/reload", enabled);
    this.reloader = reloader;
  }

  @Override
  void handleEnabled(Response response, Callback callback) {
    try {
      reloader.reload();
    } catch (Exception e) {
      writeText(response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500, e.getMessage() + "\n");
      return;
    }
    response.setStatus(HttpStatus.OK_200);
    response.write(true, null, callback);
  }
}
