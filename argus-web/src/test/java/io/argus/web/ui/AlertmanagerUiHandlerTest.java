package io.argus.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.web.WebRequest;
import io.argus.web.WebResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class AlertmanagerUiHandlerTest {
  private static final AlertmanagerUiHandler UI = new AlertmanagerUiHandler("Argus <am>");
  private static final Pattern IMPORT =
      Pattern.compile("(?:from\\s+|import\\s*\\(\\s*)['\"`]([^'\"`]+)['\"`]");

  private static @Nullable WebResponse get(String path, Map<String, String> headers) {
    return UI.handle(new WebRequest("GET", path, Map.of(), headers));
  }

  private static WebResponse get(String path) {
    WebResponse r = get(path, Map.of());
    assertThat(r).as(path).isNotNull();
    return r;
  }

  private static String body(WebResponse r) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (r.body() != null) {
      r.body().writeTo(out);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String asset(String name) {
    return "/assets/" + UI.fingerprint() + "/" + name;
  }

  @Test
  void handle_rootRedirectsToTheAlertsPageRelatively() {
    WebResponse r = get("/");
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.headers()).containsEntry("Location", "./alerts");
  }

  @Test
  void handle_pagesServeTheShellWithRelativeFingerprintedAssets() throws IOException {
    assertThat(AlertmanagerUiHandler.PAGES.values())
        .containsExactly("alerts", "silences", "silence", "new-silence", "status");
    for (var page : AlertmanagerUiHandler.PAGES.entrySet()) {
      WebResponse r = get(page.getKey());
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.contentType()).isEqualTo("text/html; charset=utf-8");
      assertThat(r.headers()).containsEntry("Cache-Control", "no-cache").containsKey("ETag");
      assertThat(body(r))
          .contains("data-page=\"" + page.getValue() + "\"")
          .contains("src=\"assets/" + UI.fingerprint() + "/am-app.js\"")
          .contains("href=\"assets/" + UI.fingerprint() + "/app.css\"")
          .contains("<title>Argus &lt;am&gt;</title>")
          .doesNotContain("src=\"/")
          .doesNotContain("href=\"/");
    }
  }

  @Test
  void handle_assetsAreImmutableAndRevalidateByEtag() throws IOException {
    WebResponse js = get(asset("am-alerts.js"));
    assertThat(js.status()).isEqualTo(200);
    assertThat(js.contentType()).isEqualTo("text/javascript; charset=utf-8");
    assertThat(js.headers())
        .containsEntry("Cache-Control", "public, max-age=31536000, immutable")
        .containsEntry("X-Content-Type-Options", "nosniff");
    assertThat(body(js)).contains("alerts/groups");
    String etag = js.headers().get("ETag");
    WebResponse again = get(asset("am-alerts.js"), Map.of("if-none-match", etag));
    assertThat(again).isNotNull();
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isNull();
    // The server UI's shared modules come along under the same fingerprint.
    assertThat(body(get(asset("dom.js")))).contains("export function renderIncrementally");
    assertThat(get(asset("app.css")).contentType()).isEqualTo("text/css; charset=utf-8");
    assertThat(get(asset("am.css")).contentType()).isEqualTo("text/css; charset=utf-8");
  }

  @Test
  void handle_unknownPathsMethodsAndOtherComponentsPages() {
    assertThat(get("/assets/" + UI.fingerprint() + "/query.js").status()).isEqualTo(404);
    assertThat(get("/assets/000000000000/am-app.js").status()).isEqualTo(404);
    WebResponse post = UI.handle(new WebRequest("POST", "/silences", Map.of(), Map.of()));
    assertThat(post).isNotNull();
    assertThat(post.status()).isEqualTo(405);
    assertThat(get("/api/v2/silences", Map.of())).isNull();
    assertThat(get("/metrics", Map.of())).isNull();
    assertThat(get("/query", Map.of())).isNull();
    assertThat(AlertmanagerUiHandler.isUiPath("/new-silence")).isTrue();
    assertThat(AlertmanagerUiHandler.isUiPath("/-/reload")).isFalse();
  }

  /**
   * Every module imports only relative paths that the handler serves, the page modules exist, and
   * no asset names an absolute URL of the server, so the UI works behind a path prefix.
   */
  @Test
  void assets_importOnlyServedRelativeModulesAndNoAbsolutePaths() throws IOException {
    List<String> names = new ArrayList<>(AlertmanagerUiHandler.OWN_ASSETS);
    names.addAll(AlertmanagerUiHandler.SHARED_ASSETS);
    List<String> problems = new ArrayList<>();
    for (String name : names) {
      String text = body(get(asset(name)));
      if (text.matches("(?s).*['\"`(]/(api|assets|alerts|silences?|new-silence|status|-/).*")) {
        problems.add(name + " uses an absolute path");
      }
      if (!name.endsWith(".js")) {
        continue;
      }
      Matcher m = IMPORT.matcher(text);
      while (m.find()) {
        String spec = m.group(1);
        if (spec.contains("${")) {
          continue; // am-app.js loads the page module by name; pages are checked below
        }
        if (!spec.startsWith("./")) {
          problems.add(name + " imports " + spec);
          continue;
        }
        String resolved = URI.create(asset(name)).resolve(spec).getPath();
        if (get(resolved).status() != 200) {
          problems.add(name + " imports " + spec + ", which is not served");
        }
      }
    }
    for (String page : AlertmanagerUiHandler.PAGES.values()) {
      if (get(asset("am-" + page + ".js")).status() != 200) {
        problems.add("page module am-" + page + ".js is not served");
      }
    }
    assertThat(problems).isEmpty();
  }
}
