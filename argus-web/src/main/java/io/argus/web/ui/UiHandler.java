package io.argus.web.ui;

import io.argus.web.WebHandler;
import io.argus.web.WebRequest;
import io.argus.web.WebResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * Serves the web UI: {@code /} redirects to the query page, each page path ({@link #PAGES}) answers
 * the same HTML shell (the page's ES module renders it in the browser), and the static assets come
 * from the jar.
 *
 * <p>Caching: our own modules and styles live under {@code assets/<fingerprint>/}, where the
 * fingerprint is a hash of all of them, so they are served {@code immutable} for a year; a new
 * build changes the fingerprint in the shell, which is served {@code no-cache}. uPlot, from its
 * webjar, is served under the stable path {@code assets/uplot/} (independent of its version) with
 * {@code no-cache}. Every answer carries a strong ETag, and {@code If-None-Match} gets 304. Every
 * URL the shell and the modules use is relative, so the UI works behind a path prefix.
 *
 * <p>Everything is read from the class path once, by the constructor. Thread-safe.
 */
public final class UiHandler implements WebHandler {
  /** The page paths and the module (and section) each renders. */
  public static final Map<String, String> PAGES =
      orderedMap(
          "/query", "query",
          "/alerts", "alerts",
          "/targets", "targets",
          "/rules", "rules",
          "/service-discovery", "service-discovery",
          "/status", "status",
          "/flags", "flags",
          "/config", "config",
          "/tsdb-status", "tsdb-status");

  /** Our own assets, under {@code io/argus/web/ui/assets/} on the class path. */
  static final List<String> OWN_ASSETS =
      List.of(
          "app.css",
          "favicon.svg",
          "app.js",
          "api.js",
          "dom.js",
          "format.js",
          "promql.js",
          "editor.js",
          "query.js",
          "graph.js",
          "table.js",
          "targets.js",
          "alerts.js",
          "rules.js",
          "service-discovery.js",
          "status.js");

  private static final String RESOURCES = "io/argus/web/ui/";
  private static final String UPLOT_POM = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

  private final String fingerprint;
  private final Map<String, StaticAsset> assets = new LinkedHashMap<>();
  private final Map<String, StaticAsset> pages = new LinkedHashMap<>();

  /**
   * Loads the assets and renders the shell of every page.
   *
   * @param title the product name in the page titles and the header, e.g. {@code Argus}
   * @throws IllegalStateException if an asset is missing from the class path
   */
  public UiHandler(String title) {
    Map<String, byte[]> own = new LinkedHashMap<>();
    for (String name : OWN_ASSETS) {
      own.put(name, StaticAsset.read(RESOURCES + "assets/" + name));
    }
    fingerprint = StaticAsset.fingerprint(own);
    own.forEach(
        (name, bytes) ->
            assets.put(
                "/assets/" + fingerprint + "/" + name,
                StaticAsset.of(name, bytes, StaticAsset.IMMUTABLE)));
    String uplotDir = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    for (String name : List.of("uPlot.esm.js", "uPlot.min.css")) {
      assets.put(
          "/assets/uplot/" + name,
          StaticAsset.of(name, StaticAsset.read(uplotDir + name), StaticAsset.REVALIDATE));
    }
    String shell =
        new String(StaticAsset.read(RESOURCES + "shell.html"), StandardCharsets.UTF_8);
    PAGES.forEach(
        (path, page) -> {
          String html =
              shell
                  .replace("{{title}}", escapeHtml(title))
                  .replace("{{page}}", page)
                  .replace("{{assets}}", "assets/" + fingerprint);
          byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
          pages.put(path, StaticAsset.of("index.html", bytes, StaticAsset.REVALIDATE));
        });
  }

  /** Whether {@code path} is the UI's, so that an HTTP adapter may route it here. */
  public static boolean isUiPath(String path) {
    return path.equals("/")
        || path.equals("/graph")
        || PAGES.containsKey(path)
        || path.startsWith("/assets/");
  }

  /** The hash naming the directory of our own assets in this build. */
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
      return redirect("./query");
    }
    if (path.equals("/graph")) {
      // Links from alert notifications and templates (graphLink, tableLink) still use /graph.
      return redirect("./query" + queryString(request.params()));
    }
    StaticAsset found = pages.get(path);
    StaticAsset a = found != null ? found : assets.get(path);
    if (a == null) {
      return WebResponse.text(404, "404 page not found\n");
    }
    return a.respond(request);
  }

  private static WebResponse redirect(String location) {
    return new WebResponse(
        302, "text/html; charset=utf-8", Map.of("Location", location), out -> {});
  }

  private static String queryString(Map<String, List<String>> params) {
    StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
    params.forEach(
        (k, values) -> {
          for (String v : values) {
            q.add(
                URLEncoder.encode(k, StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8));
          }
        });
    return q.toString();
  }

  /** Whether an {@code If-None-Match} list names {@code etag} (weak comparison, as RFC 9110). */
  static boolean matches(String ifNoneMatch, String etag) {
    for (String candidate : ifNoneMatch.split(",")) {
      String c = candidate.strip();
      if (c.equals("*")) {
        return true;
      }
      if (c.startsWith("W/")) {
        c = c.substring(2);
      }
      if (c.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  static String contentType(String name) {
    int dot = name.lastIndexOf('.');
    return switch (dot < 0 ? "" : name.substring(dot + 1)) {
      case "js" -> "text/javascript; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "html" -> "text/html; charset=utf-8";
      case "svg" -> "image/svg+xml";
      default -> "application/octet-stream";
    };
  }

  private static String uplotVersion() {
    Properties p = new Properties();
    try (InputStream in = new ByteArrayInputStream(StaticAsset.read(UPLOT_POM))) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + UPLOT_POM, e);
    }
    String v = p.getProperty("version");
    if (v == null) {
      throw new IllegalStateException("no version in " + UPLOT_POM);
    }
    return v;
  }

  /** Text escaped for HTML content and double-quoted attribute values. */
  static String escapeHtml(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  private static Map<String, String> orderedMap(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
