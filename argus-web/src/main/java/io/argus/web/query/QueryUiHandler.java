package io.argus.web.query;

import io.argus.web.WebHandler;
import io.argus.web.WebRequest;
import io.argus.web.WebResponse;
import io.argus.web.ui.UiHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The querier's additions to the shared web UI: every page of {@link UiHandler} gets the module
 * {@code query-ui/querier.js} (the querier's navigation, and the Deduplication and Partial response
 * switches that add {@code dedup} and {@code partial_response} to every API request), and {@code
 * /stores} is the Endpoints page (health, label sets, time ranges from {@code /api/v1/stores}).
 * Assets are read from the class path once. Thread-safe.
 */
public final class QueryUiHandler implements WebHandler {
  private static final String RESOURCES = "io/argus/web/query/";
  private static final String SCRIPT =
      "<script type=\"module\" src=\"query-ui/querier.js\"></script>\n</body>";

  private final UiHandler ui;
  private final String title;
  private final Map<String, byte[]> assets;

  /**
   * @param ui the shared UI whose pages this extends
   * @param title the product name in titles, e.g. {@code Argus Query}
   */
  public QueryUiHandler(UiHandler ui, String title) {
    this.ui = ui;
    this.title = title;
    this.assets =
        Map.of(
            "/query-ui/querier.js", read("querier.js"),
            "/query-ui/stores.js", read("stores.js"));
  }

  /** Whether {@code path} is one this handler adds or extends. */
  public static boolean isQueryUiPath(String path) {
    return path.equals("/stores")
        || path.startsWith("/query-ui/")
        || UiHandler.PAGES.containsKey(path);
  }

  @Override
  public @Nullable WebResponse handle(WebRequest r) {
    String path = r.path();
    if (!isQueryUiPath(path)) {
      return null;
    }
    if (!r.isGetOrHead()) {
      return WebResponse.text(405, "Method Not Allowed\n").withHeader("Allow", "GET, HEAD");
    }
    byte[] asset = assets.get(path);
    if (asset != null) {
      return new WebResponse(
          200,
          "text/javascript; charset=utf-8",
          Map.of("Cache-Control", "no-cache", "X-Content-Type-Options", "nosniff"),
          out -> out.write(asset));
    }
    if (path.equals("/stores")) {
      return html(storesPage());
    }
    WebResponse page = ui.handle(withoutConditional(r));
    if (page == null || page.status() != 200 || page.body() == null) {
      return page;
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try {
      page.body().writeTo(buf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String shell = buf.toString(StandardCharsets.UTF_8).replace("</body>", SCRIPT);
    return html(shell);
  }

  private static WebRequest withoutConditional(WebRequest r) {
    if (r.header("If-None-Match") == null) {
      return r;
    }
    java.util.Map<String, String> headers = new java.util.HashMap<>(r.headers());
    headers.keySet().removeIf(k -> k.equalsIgnoreCase("If-None-Match"));
    return new WebRequest(r.method(), r.path(), r.params(), headers, r.body());
  }

  private String storesPage() {
    String assetsDir = "assets/" + ui.fingerprint();
    String t = escapeHtml(title);
    return """
    <!doctype html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Endpoints - %s</title>
    <link rel="icon" href="%s/favicon.svg" type="image/svg+xml">
    <link rel="stylesheet" href="%s/app.css">
    <script type="module" src="query-ui/stores.js"></script>
    </head>
    <body data-page="stores" data-title="%s" data-assets="%s">
    <header class="topbar">
      <a class="brand" href="query"><img src="%s/favicon.svg" alt="" width="22" height="22">%s</a>
      <nav id="nav"><a href="query">Query</a><a href="alerts">Alerts</a><a href="rules">Rules</a><a href="status">Status</a></nav>
    </header>
    <main id="main"><noscript>The %s web UI needs JavaScript (ES modules).</noscript></main>
    </body>
    </html>
    """
        .formatted(t, assetsDir, assetsDir, t, assetsDir, assetsDir, t, t);
  }

  private static WebResponse html(String html) {
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    return new WebResponse(
        200,
        "text/html; charset=utf-8",
        Map.of("Cache-Control", "no-cache", "X-Content-Type-Options", "nosniff"),
        out -> out.write(bytes));
  }

  private static byte[] read(String name) {
    try (InputStream in =
        QueryUiHandler.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + RESOURCES + name + " missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String escapeHtml(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
