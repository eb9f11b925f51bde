package io.argus.web.ui;

import io.argus.web.WebHandler;
import io.argus.web.WebRequest;
import io.argus.web.WebResponse;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Serves the web UI of {@code argus alertmanager}: {@code /} redirects to the alerts page, each
 * page path ({@link #PAGES}) answers the same HTML shell, whose ES module renders the page from
 * Alertmanager's API v2 in the browser.
 *
 * <p>The modules and styles of this UI (under {@code io/argus/web/ui/alertmanager/assets/}) and
 * the server UI's shared ones it imports ({@link #SHARED_ASSETS}) are served together under {@code
 * assets/<fingerprint>/} as {@code immutable}; the shells are served {@code no-cache}; every
 * answer has a strong ETag and {@code If-None-Match} gets 304. Page paths are flat and every URL
 * is relative, so the UI works behind a reverse proxy that serves it under a path prefix.
 *
 * <p>Everything is read from the class path once, by the constructor. Thread-safe.
 */
public final class AlertmanagerUiHandler implements WebHandler {
  /** The page paths and the page each renders. */
  public static final Map<String, String> PAGES =
      pages("/alerts", "/silences", "/silence", "/new-silence", "/status");

  /** This UI's own assets, under {@code io/argus/web/ui/alertmanager/assets/}. */
  static final List<String> OWN_ASSETS =
      List.of(
          "am.css",
          "am-app.js",
          "am-api.js",
          "matchers.js",
          "am-ui.js",
          "am-alerts.js",
          "am-silences.js",
          "am-silence.js",
          "am-new-silence.js",
          "am-status.js");

  /** The server UI's assets this UI uses as they are, from {@code io/argus/web/ui/assets/}. */
  static final List<String> SHARED_ASSETS =
      List.of("app.css", "favicon.svg", "dom.js", "format.js");

  private static final String RESOURCES = "io/argus/web/ui/alertmanager/";
  private static final String SHARED = "io/argus/web/ui/assets/";

  private final String fingerprint;
  private final Map<String, StaticAsset> files = new LinkedHashMap<>();

  /**
   * Loads the assets and renders the shell of every page.
   *
   * @param title the product name in the page titles and the header
   * @throws IllegalStateException if an asset is missing from the class path
   */
  public AlertmanagerUiHandler(String title) {
    Map<String, byte[]> assets = new LinkedHashMap<>();
    for (String name : SHARED_ASSETS) {
      assets.put(name, StaticAsset.read(SHARED + name));
    }
    for (String name : OWN_ASSETS) {
      assets.put(name, StaticAsset.read(RESOURCES + "assets/" + name));
    }
    fingerprint = StaticAsset.fingerprint(assets);
    String shell = new String(StaticAsset.read(RESOURCES + "shell.html"), StandardCharsets.UTF_8);
    PAGES.forEach(
        (path, page) -> {
          String html =
              shell
                  .replace("{{title}}", UiHandler.escapeHtml(title))
                  .replace("{{page}}", page)
                  .replace("{{assets}}", "assets/" + fingerprint);
          files.put(
              path,
              StaticAsset.of(
                  "index.html", html.getBytes(StandardCharsets.UTF_8), StaticAsset.REVALIDATE));
        });
    assets.forEach(
        (name, bytes) ->
            files.put(
                "/assets/" + fingerprint + "/" + name,
                StaticAsset.of(name, bytes, StaticAsset.IMMUTABLE)));
  }

  /** Whether {@code path} is this UI's, so that an HTTP adapter may route it here. */
  public static boolean isUiPath(String path) {
    return path.equals("/") || PAGES.containsKey(path) || path.startsWith("/assets/");
  }

  /** The hash naming the directory of the assets in this build. */
  public String fingerprint() {
    return fingerprint;
  }

  @Override
  public @Nullable WebResponse handle(WebRequest request) {
    String path = request.path();
    if (!isUiPath(path)) {
      return null;
    }
    if (!request.isGetOrHead()) {
      return WebResponse.text(405, "Method Not Allowed\n").withHeader("Allow", "GET, HEAD");
    }
    if (path.equals("/")) {
      return new WebResponse(
          302, "text/html; charset=utf-8", Map.of("Location", "./alerts"), out -> {});
    }
    StaticAsset a = files.get(path);
    if (a == null) {
      return WebResponse.text(404, "404 page not found\n");
    }
    return a.respond(request);
  }

  private static Map<String, String> pages(String... paths) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String p : paths) {
      m.put(p, p.substring(1));
    }
    return Collections.unmodifiableMap(m);
  }
}
