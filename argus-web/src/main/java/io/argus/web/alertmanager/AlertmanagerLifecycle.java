package io.argus.web.alertmanager;

import io.argus.web.WebHandler;
import io.argus.web.WebRequest;
import io.argus.web.WebResponse;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The Alertmanager's lifecycle endpoints as upstream serves them: {@code GET|HEAD /-/healthy}
 * answers {@code OK}, and so does {@code /-/ready} once the readiness check passes (in a cluster:
 * once gossip has settled; 503 {@code Service Unavailable} before, where 0.25 always answers 200);
 * {@code POST /-/reload} reloads the configuration and answers
 * 200, or 500 with {@code failed to reload config: <error>} while the old configuration stays in
 * force. Other methods get 405. Thread-safe.
 */
public final class AlertmanagerLifecycle implements WebHandler {
  /** Reloads the configuration; called on the request's thread, possibly concurrently. */
  @FunctionalInterface
  public interface Reloader {
    /**
     * Loads the configuration file and applies it.
     *
     * @throws Exception whose message upstream would print, e.g. the loader's error
     */
    void reload() throws Exception;
  }

  private final Reloader reloader;
  private final BooleanSupplier ready;

  /** Lifecycle endpoints of an Alertmanager that is always ready. */
  public AlertmanagerLifecycle(Reloader reloader) {
    this(reloader, () -> true);
  }

  /**
   * @param ready whether {@code /-/ready} answers 200; called on every request
   */
  public AlertmanagerLifecycle(Reloader reloader, BooleanSupplier ready) {
    this.reloader = reloader;
    this.ready = ready;
  }

  @Override
  public @Nullable WebResponse handle(WebRequest r) {
    switch (r.path()) {
      case "/-/healthy" -> {
        return r.isGetOrHead() ? WebResponse.text(200, "OK") : methodNotAllowed();
      }
      case "/-/ready" -> {
        if (!r.isGetOrHead()) {
          return methodNotAllowed();
        }
        return ready.getAsBoolean()
            ? WebResponse.text(200, "OK")
            : WebResponse.text(503, "Service Unavailable");
      }
      case "/-/reload" -> {
        if (!r.method().equals("POST")) {
          return methodNotAllowed();
        }
        try {
          reloader.reload();
        } catch (Exception e) {
          return WebResponse.text(500, "failed to reload config: " + e.getMessage() + "\n");
        }
        return WebResponse.empty(200);
      }
      default -> {
        return null;
      }
    }
  }

  private static WebResponse methodNotAllowed() {
    return WebResponse.text(405, "Method Not Allowed");
  }
}
