package io.argus.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.app.testing.HeadlessChromium;
import io.argus.testkit.LoopbackPorts;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.LoggerFactory;

/**
 * The web UI in Debian's headless Chromium against a real {@code argus server} that scrapes itself
 * and a target on a closed loopback port. Screenshots go to {@code target/screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebUiBrowserTest {
  private static final BuildInfo BUILD =
      new BuildInfo("1.2.3", "abc123", "main", "20260101-00:00:00", "25", "linux/amd64");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COUNTER = "jvm_gc_collection_seconds_count";
  private static final String EXPR = "rate(" + COUNTER + "[1m])";

  /** Series of the wide target, for the 10k-series result. */
  private static final int WIDE = 10_000;

  private ArgusServer server;
  private HeadlessChromium chromium;
  private ChromeDriver driver;
  private WebDriverWait wait;
  private int closedPort;
  private HttpServer wideTarget;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    assumeTrue(
        HeadlessChromium.installed(), HeadlessChromium.NOT_INSTALLED);
    int port = LoopbackPorts.freePort();
    closedPort = LoopbackPorts.freePort(); // bound and released again: nothing listens there
    wideTarget = startWideTarget();
    Path config = tmp.resolve("prometheus.yml");
    Files.writeString(
        config,
        """
        global:
          scrape_interval: 500ms
          scrape_timeout: 500ms
        scrape_configs:
          - job_name: argus
            static_configs:
              - targets: ["127.0.0.1:%d"]
          - job_name: unreachable
            static_configs:
              - targets: ["127.0.0.1:%d"]
          - job_name: wide
            scrape_interval: 2s
            scrape_timeout: 1s
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """
            .formatted(port, closedPort, wideTarget.getAddress().getPort()));
    ServerSettings settings =
        new ServerSettings(
            new StorageOptions(tmp.resolve("data"), 15 * 86_400_000L, 0),
            new ListenAddress("127.0.0.1", port),
            config,
            false,
            50,
            false,
            new QuerySettings(4, 30_000, 300_000, 50_000_000),
            Map.of(),
            null);
    server =
        ArgusServer.start(
            settings, TsdbServerStorage.factory(FileOps.defaults()), BUILD, Clock.SYSTEM);
    awaitScrapes();

    chromium = HeadlessChromium.start(tmp.resolve("chromium"));
    driver = chromium.driver();
    wait = chromium.waiter();
  }

  @AfterAll
  void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (server != null) {
      server.close();
    }
    if (wideTarget != null) {
      wideTarget.stop(0);
    }
    http.close();
  }

  /** A target exposing {@link #WIDE} series of one gauge, {@code ui_wide{i="0"…}}. */
  private static HttpServer startWideTarget() throws Exception {
    StringBuilder text = new StringBuilder("# TYPE ui_wide gauge\n");
    for (int i = 0; i < WIDE; i++) {
      text.append("ui_wide{i=\"").append(i).append("\"} ").append(i % 97).append('\n');
    }
    byte[] body = text.toString().getBytes(StandardCharsets.UTF_8);
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.createContext(
        "/metrics",
        exchange -> {
          exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
          exchange.sendResponseHeaders(200, body.length);
          try (var out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    s.start();
    return s;
  }

  /** A page that threw shows it in the console; failed API requests (404s) are expected. */
  @AfterEach
  void noScriptErrors() {
    List<String> errors = new ArrayList<>();
    for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
      if (e.getLevel().intValue() >= Level.SEVERE.intValue()
          && !e.getMessage().contains("Failed to load resource")) {
        errors.add(e.getMessage());
      }
    }
    assertThat(errors).as("browser console errors").isEmpty();
  }

  /** Waits until the counter has several samples and the unreachable target has failed. */
  private void awaitScrapes() throws Exception {
    long deadline = Clock.SYSTEM.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (Clock.SYSTEM.nanoTime() < deadline) {
      JsonNode counts = api("query?query=" + enc("min(count_over_time(" + COUNTER + "[1m]))"));
      JsonNode result = counts.at("/data/result");
      JsonNode wide = api("query?query=" + enc("count(ui_wide)")).at("/data/result");
      if (result.size() == 1
          && result.at("/0/value/1").asInt() >= 4
          && !downError().isEmpty()
          && wide.size() == 1
          && wide.at("/0/value/1").asInt() == WIDE) {
        return;
      }
      Thread.sleep(100); // polling interval; the loop checks the condition
    }
    throw new AssertionError("the server never scraped both targets");
  }

  private String downError() throws Exception {
    for (JsonNode t : api("targets").at("/data/activeTargets")) {
      if (t.get("scrapePool").asText().equals("unreachable")) {
        return t.get("lastError").asText();
      }
    }
    return "";
  }

  private JsonNode api(String pathAndQuery) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(server.baseUri().resolve("api/v1/" + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** A series as the UI's legend prints it: {@code name{a="b", c="d"}}, labels sorted. */
  private static String seriesName(JsonNode metric) {
    Map<String, String> labels = new TreeMap<>();
    metric.properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    String name = labels.remove("__name__");
    List<String> parts = new ArrayList<>();
    labels.forEach((k, v) -> parts.add(k + "=" + JSON.valueToTree(v)));
    return (name == null ? "" : name) + "{" + String.join(", ", parts) + "}";
  }

  private void screenshot(String name) throws Exception {
    chromium.screenshot(name);
  }

  private WebElement visible(String css) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  private URI base() {
    return server.baseUri();
  }

  @Test
  void queryPage_rateGraphHasOneLinePerSeriesAndATable() throws Exception {
    driver.get(base().toString()); // "/" redirects to the query page
    wait.until(ExpectedConditions.urlContains("/query"));
    WebElement expr = visible("textarea[data-testid=expr]");
    // Completion of the metric name from label/__name__/values, then the rest by hand.
    expr.sendKeys("rate(jvm_gc_coll");
    wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//ul[@class='completions']/li[span='" + COUNTER + "']")))
        .click();
    assertThat(expr.getDomProperty("value")).isEqualTo("rate(" + COUNTER);
    expr.sendKeys("[1m])");
    assertThat(expr.getDomProperty("value")).isEqualTo(EXPR);
    assertThat(driver.findElements(By.cssSelector(".editor-hl .t-fn")))
        .extracting(WebElement::getText)
        .containsExactly("rate");
    WebElement range = visible("input[data-testid=range]");
    range.sendKeys(Keys.chord(Keys.CONTROL, "a"), "1m");
    WebElement step = driver.findElement(By.cssSelector("input[data-testid=step]"));
    step.sendKeys("1");
    driver.findElement(By.cssSelector("button[data-testid=execute]")).click();
    assertThat(range.getDomProperty("value")).isEqualTo("1m");

    WebElement plot = visible("[data-testid=graph] .graph-plot[data-series] canvas");
    int drawn =
        Integer.parseInt(
            driver
                .findElement(By.cssSelector("[data-testid=graph] .graph-plot"))
                .getDomAttribute("data-series"));
    List<String> legend =
        driver.findElements(By.cssSelector("[data-testid=graph] .legend-item")).stream()
            .map(WebElement::getText)
            .toList();
    long end = Clock.SYSTEM.millis() / 1000;
    JsonNode api =
        api("query_range?query=" + enc(EXPR) + "&start=" + (end - 60) + "&end=" + end + "&step=1");
    TreeSet<String> expected = new TreeSet<>();
    api.at("/data/result").forEach(s -> expected.add(seriesName(s.get("metric"))));
    assertThat(expected).isNotEmpty();
    assertThat(drawn).isEqualTo(expected.size());
    assertThat(new TreeSet<>(legend)).isEqualTo(expected);
    assertThat(driver.findElement(By.cssSelector("[data-testid=stats]")).getText())
        .contains("Result series: " + expected.size());
    Long painted =
        (Long)
            driver.executeScript(
                """
                const c = arguments[0];
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 0; i < d.length; i += 4) {
                  // a saturated pixel: a series line, not the grey grid or axes
                  const max = Math.max(d[i], d[i + 1], d[i + 2]);
                  const min = Math.min(d[i], d[i + 1], d[i + 2]);
                  if (d[i + 3] > 0 && max - min > 60) n++;
                }
                return n;\
                """,
                plot);
    assertThat(painted).as("pixels painted in series colours").isPositive();
    screenshot("query-graph");
    assertThat((String) driver.executeScript("return localStorage.getItem('argus.queryHistory')"))
        .contains(EXPR);

    driver.findElement(By.cssSelector("button[data-testid=stacked]")).click();
    wait.until(ExpectedConditions.urlContains("g0.display_mode=stacked"));
    assertThat(
            visible("[data-testid=graph] .graph-plot[data-series] canvas")
                .findElement(By.xpath("ancestor::div[@data-series]"))
                .getDomAttribute("data-series"))
        .isEqualTo(String.valueOf(expected.size()));
    screenshot("query-graph-stacked");

    driver.findElement(By.cssSelector("button[data-testid=tab-table]")).click();
    wait.until(
        d -> d.findElements(By.cssSelector(".result-table .rows .row")).size() == expected.size());
    List<String> rows =
        driver.findElements(By.cssSelector(".result-table .rows .row .cell:first-child")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(new TreeSet<>(rows)).isEqualTo(expected);
    assertThat(driver.getCurrentUrl()).contains("g0.tab=table").contains("g0.expr=rate");
    screenshot("query-table");
  }

  @Test
  void targetsPage_showsTheDownTargetWithItsError() throws Exception {
    String error = downError();
    assertThat(error).contains("127.0.0.1:" + closedPort).contains("connection refused");
    driver.get(base().resolve("targets").toString());
    WebElement down = visible("details[data-pool=unreachable] tr.target[data-health=down]");
    assertThat(down.getText()).contains("127.0.0.1:" + closedPort).contains("DOWN");
    WebElement shown = visible("details[data-pool=unreachable] [data-testid=target-error]");
    assertThat(shown.getText()).isEqualTo("Error: " + error);
    assertThat(
            driver.findElements(
                By.cssSelector("details[data-pool=argus] tr.target[data-health=up]")))
        .hasSize(1);
    screenshot("targets");

    driver.findElement(By.cssSelector("button[data-health=up]")).click();
    wait.until(
        ExpectedConditions.invisibilityOfElementLocated(
            By.cssSelector("details[data-pool=unreachable]")));
    assertThat(driver.getCurrentUrl()).contains("health=up");
  }

  @Test
  void otherPages_renderWhatTheApiReturns() throws Exception {
    driver.get(base().resolve("service-discovery").toString());
    visible("details[data-pool=unreachable] .sd-table tbody tr");
    assertThat(visible("details[data-pool=argus]").getText()).contains("__address__");
    screenshot("service-discovery");

    driver.get(base().resolve("status").toString());
    assertThat(visible("[data-testid=buildinfo]").getText()).contains("1.2.3").contains("abc123");
    visible("[data-testid=runtimeinfo]");
    screenshot("status");
    driver.get(base().resolve("tsdb-status").toString());
    assertThat(visible("[data-testid=headstats]").getText()).contains("Number of series");
    screenshot("tsdb-status");
    driver.get(base().resolve("config").toString());
    assertThat(visible("pre.config").getText()).contains("job_name: unreachable");

    // The alerts page shows the rules or, where the API answers with an error, that error.
    driver.get(base().resolve("alerts").toString());
    wait.until(
        d ->
            !d.findElements(
                    By.cssSelector(
                        ".rule-groups .alert-error, .rule-groups .empty, "
                            + ".rule-groups .rule-group"))
                .isEmpty());
    JsonNode rules = apiOrNull("rules?type=alert");
    if (rules == null) {
      assertThat(visible(".rule-groups .alert-error").getText()).contains("/api/v1/rules");
    }
    screenshot("alerts");
  }

  /**
   * A 10k-series result: the table renders its rows in chunks as the page scrolls (all of them in
   * the end), the graph draws the first 500 series and says so. Logs the page's load and render
   * times (not asserted).
   */
  @Test
  void queryPage_tenThousandSeriesRenderIncrementallyAndTheGraphIsCapped() throws Exception {
    driver.get(base().resolve("query?g0.tab=table&g0.expr=" + enc("ui_wide")).toString());
    WebElement stats = visible("[data-testid=stats][data-result-series]");
    assertThat(stats.getDomAttribute("data-result-series")).isEqualTo(String.valueOf(WIDE));
    String tableTimes = stats.getText();
    By rows = By.cssSelector(".result-table .rows .row");
    int first = driver.findElements(rows).size();
    assertThat(first).isBetween(1, WIDE - 1);
    // Scrolling to the end of the rendered rows renders the next chunk, twice over.
    int shown = first;
    for (int i = 0; i < 2; i++) {
      int before = shown;
      driver.executeScript("document.querySelector('.result-table .sentinel').scrollIntoView()");
      wait.until(d -> d.findElements(rows).size() > before);
      shown = driver.findElements(rows).size();
    }
    assertThat(shown).isBetween(first + 2, WIDE);
    screenshot("query-table-10k");
    driver.executeScript("window.scrollTo(0, 0)");

    driver.findElement(By.cssSelector("button[data-testid=tab-graph]")).click();
    WebElement plot = visible("[data-testid=graph] .graph-plot[data-series]");
    assertThat(plot.getDomAttribute("data-series")).isEqualTo("500");
    assertThat(driver.findElement(By.cssSelector("[data-testid=graph] .alert-warn")).getText())
        .contains("first 500 of " + WIDE + " series");
    assertThat(driver.findElements(By.cssSelector("[data-testid=graph] .legend-item")))
        .hasSize(500);
    String graphTimes = visible("[data-testid=stats][data-result-series]").getText();
    screenshot("query-graph-10k");
    LoggerFactory.getLogger(WebUiBrowserTest.class)
        .atInfo()
        .addKeyValue("table", tableTimes)
        .addKeyValue("graph", graphTimes)
        .log("10k-series result in the browser");
  }

  /** The answer, or null when the endpoint does not answer with the success envelope. */
  private JsonNode apiOrNull(String pathAndQuery) {
    try {
      JsonNode r = api(pathAndQuery);
      return r.path("status").asText().equals("success") ? r : null;
    } catch (Exception e) {
      return null;
    }
  }
}
