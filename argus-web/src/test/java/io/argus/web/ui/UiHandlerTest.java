package io.argus.web.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.web.WebRequest;
import io.argus.web.WebResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class UiHandlerTest {
  private static final UiHandler UI = new UiHandler("Argus <test>");
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
  void handle_rootRedirectsToTheQueryPageRelatively() {
    WebResponse r = get("/");
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.headers()).containsEntry("Location", "./query");
  }

  @Test
  void handle_graphRedirectKeepsTheParameters() {
    WebResponse r =
        UI.handle(
            new WebRequest(
                "GET",
                "/graph",
                Map.of("g0.expr", List.of("up == 1"), "g0.tab", List.of("1")),
                Map.of()));
    assertThat(r).isNotNull();
    assertThat(r.status()).isEqualTo(302);
    assertThat(r.headers().get("Location"))
        .startsWith("./query?")
        .contains("g0.expr=up+%3D%3D+1")
        .contains("g0.tab=1");
  }

  @Test
  void handle_pagesServeTheShellWithRelativeFingerprintedAssets() throws IOException {
    for (var page : UiHandler.PAGES.entrySet()) {
      WebResponse r = get(page.getKey());
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.contentType()).isEqualTo("text/html; charset=utf-8");
      assertThat(r.headers()).containsEntry("Cache-Control", "no-cache").containsKey("ETag");
      String html = body(r);
      assertThat(html)
          .contains("data-page=\"" + page.getValue() + "\"")
          .contains("src=\"assets/" + UI.fingerprint() + "/app.js\"")
          .contains("href=\"assets/uplot/uPlot.min.css\"")
          .contains("<title>Argus &lt;test&gt;</title>")
          .doesNotContain("src=\"/")
          .doesNotContain("href=\"/");
    }
  }

  @Test
  void handle_ownAssetsAreImmutableAndRevalidateByEtag() throws IOException {
    WebResponse js = get(asset("app.js"));
    assertThat(js.status()).isEqualTo(200);
    assertThat(js.contentType()).isEqualTo("text/javascript; charset=utf-8");
    assertThat(js.headers())
        .containsEntry("Cache-Control", "public, max-age=31536000, immutable")
        .containsEntry("X-Content-Type-Options", "nosniff");
    assertThat(body(js)).contains("import(");
    String etag = js.headers().get("ETag");
    assertThat(etag).matches("\"[A-Za-z0-9_-]{43}\"");

    WebResponse again = get(asset("app.js"), Map.of("if-none-match", "W/" + etag));
    assertThat(again).isNotNull();
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isNull();
    assertThat(again.headers()).containsEntry("ETag", etag);

    WebResponse other = get(asset("app.js"), Map.of("if-none-match", "\"something-else\""));
    assertThat(other).isNotNull();
    assertThat(other.status()).isEqualTo(200);
    assertThat(get(asset("app.css")).contentType()).isEqualTo("text/css; charset=utf-8");
    assertThat(get(asset("favicon.svg")).contentType()).isEqualTo("image/svg+xml");
  }

  @Test
  void handle_uplotComesFromTheWebjarUnderAStablePath() throws IOException {
    WebResponse js = get("/assets/uplot/uPlot.esm.js");
    assertThat(js.status()).isEqualTo(200);
    assertThat(js.headers()).containsEntry("Cache-Control", "no-cache").containsKey("ETag");
    assertThat(body(js)).contains("export { uPlot as default }");
    assertThat(get("/assets/uplot/uPlot.min.css").contentType()).startsWith("text/css");
  }

  @Test
  void handle_unknownAssetsAndStaleFingerprintsAre404() {
    assertThat(get("/assets/" + UI.fingerprint() + "/nope.js").status()).isEqualTo(404);
    assertThat(get("/assets/000000000000/app.js").status()).isEqualTo(404);
    assertThat(get("/assets/uplot/uPlot.cjs.js").status()).isEqualTo(404);
  }

  @Test
  void handle_otherMethodsAre405AndOtherPathsNotOurs() {
    WebResponse post = UI.handle(new WebRequest("POST", "/query", Map.of(), Map.of()));
    assertThat(post).isNotNull();
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.headers()).containsEntry("Allow", "GET, HEAD");
    assertThat(get("/api/v1/query", Map.of())).isNull();
    assertThat(get("/metrics", Map.of())).isNull();
    assertThat(UiHandler.isUiPath("/targets")).isTrue();
    assertThat(UiHandler.isUiPath("/federate")).isFalse();
  }

  /**
   * Every module imports only relative paths that the handler serves, and no asset names an
   * absolute URL of the server, so the UI keeps working behind a path prefix.
   */
  @Test
  void assets_importOnlyServedRelativeModulesAndNoAbsolutePaths() throws IOException {
    List<String> problems = new ArrayList<>();
    for (String name : UiHandler.OWN_ASSETS) {
      String text = body(get(asset(name)));
      if (text.matches("(?s).*['\"`(]/(api|assets|query|targets|-/).*")) {
        problems.add(name + " uses an absolute path");
      }
      if (!name.endsWith(".js")) {
        continue;
      }
      Matcher m = IMPORT.matcher(text);
      while (m.find()) {
        String spec = m.group(1);
        if (spec.contains("${")) {
          continue; // app.js loads the page module by name; pages are checked below
        }
        if (!spec.startsWith("./") && !spec.startsWith("../")) {
          problems.add(name + " imports " + spec);
          continue;
        }
        String resolved = java.net.URI.create(asset(name)).resolve(spec).getPath();
        if (get(resolved).status() != 200) {
          problems.add(name + " imports " + spec + ", which is not served");
        }
      }
    }
    for (String module :
        List.of("query", "alerts", "targets", "rules", "service-discovery", "status")) {
      if (get(asset(module + ".js")).status() != 200) {
        problems.add("page module " + module + ".js is not served");
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void matches_followsWeakComparison() {
    assertThat(UiHandler.matches("\"a\", W/\"b\"", "\"b\"")).isTrue();
    assertThat(UiHandler.matches("*", "\"b\"")).isTrue();
    assertThat(UiHandler.matches("\"a\"", "\"b\"")).isFalse();
  }
}
