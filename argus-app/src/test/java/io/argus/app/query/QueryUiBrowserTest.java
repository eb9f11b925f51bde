package io.argus.app.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.app.testing.HeadlessChromium;
import io.argus.model.labels.Labels;
import io.argus.storage.Appender;
import io.argus.store.grpc.GrpcStoreServer;
import io.argus.store.proxy.EndpointResolver;
import io.argus.store.tsdb.TsdbStore;
import io.argus.testkit.ManualClock;
import io.argus.tsdb.Db;
import io.argus.tsdb.DbOptions;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The querier's web UI in Debian's headless Chromium against an in-process {@code argus query} over
 * two replicas (real TSDBs behind StoreAPI servers on loopback gRPC, external label {@code replica}
 * a and b) and one endpoint on a closed port: the Deduplication and Partial response switches
 * change what the query page shows, and the Endpoints page lists every endpoint with its health,
 * label sets and time range. Screenshots go to {@code target/screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryUiBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BuildInfo BUILD =
      new BuildInfo("1.2.3", "abc", "main", "20260101-00:00:00", "25", "linux/amd64");

  /** How JavaScript's {@code Date.toISOString()} writes a time. */
  private static final DateTimeFormatter JS_ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final List<AutoCloseable> open = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private GrpcStoreServer a;
  private GrpcStoreServer b;
  private String closed;
  private QueryServer querier;
  private HeadlessChromium chromium;
  private ChromeDriver driver;
  private WebDriverWait wait;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    assumeTrue(
        HeadlessChromium.installed(), HeadlessChromium.NOT_INSTALLED);
    long now = Clock.SYSTEM.millis();
    a = replica(tmp.resolve("a"), "a", now);
    b = replica(tmp.resolve("b"), "b", now);
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = "127.0.0.1:" + s.getLocalPort(); // released again: nothing listens there
    }
    QuerierSettings settings =
        new QuerierSettings(
            new ListenAddress("127.0.0.1", 0),
            List.of(a.address(), b.address(), closed),
            List.of(),
            List.of(),
            List.of("replica"),
            true,
            DedupFunc.GAPFILL,
            0,
            10_000,
            300_000,
            30_000,
            4,
            300_000,
            50_000_000,
            Map.of());
    querier =
        QueryServer.start(
            settings, BUILD, Clock.SYSTEM, QueryCommand.grpc(settings), EndpointResolver.DNS);

    chromium = HeadlessChromium.start(tmp.resolve("chromium"));
    driver = chromium.driver();
    wait = chromium.waiter();
  }

  /** A replica holding {@code up} of two instances over the last five minutes. */
  private GrpcStoreServer replica(Path dir, String name, long now) throws Exception {
    Db db =
        Db.open(
            dir,
            DbOptions.builder().compactionIntervalMs(0).retentionMs(0).build(),
            FileOps.defaults(),
            new ManualClock(now),
            new PrometheusRegistry());
    open.add(db);
    Appender app = db.appender();
    for (long t = now - 300_000; t <= now; t += 15_000) {
      app.append(0, Labels.of("__name__", "up", "job", "app", "instance", "x"), t, 1);
      app.append(0, Labels.of("__name__", "up", "job", "app", "instance", "y"), t, 1);
    }
    app.commit();
    GrpcStoreServer server =
        GrpcStoreServer.start(
            "127.0.0.1",
            0,
            TsdbStore.over(db, () -> Labels.of("replica", name)),
            GrpcStoreServer.Options.DEFAULT,
            new PrometheusRegistry(),
            Clock.SYSTEM);
    open.add(0, server);
    return server;
  }

  @AfterAll
  void stop() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
    if (querier != null) {
      querier.close();
    }
    for (AutoCloseable c : open) {
      c.close();
    }
    http.close();
  }

  /** A page that threw shows it in the console; failed API requests (500s) are expected. */
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

  private URI base() {
    return URI.create("http://127.0.0.1:" + querier.port() + "/");
  }

  private WebElement visible(String css) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  private void screenshot(String name) throws Exception {
    chromium.screenshot(name);
  }

  /** The first cells (series names) of the table, once it has {@code rows} rows. */
  private List<String> tableRows(int rows) {
    wait.until(d -> d.findElements(By.cssSelector(".result-table .rows .row")).size() == rows);
    return driver
        .findElements(By.cssSelector(".result-table .rows .row .cell:first-child"))
        .stream()
        .map(WebElement::getText)
        .sorted()
        .toList();
  }

  private void execute() {
    // Clear what the previous run showed, so that the waits below see the new answer.
    driver.executeScript(
        "document.querySelectorAll('.result-table, .alert').forEach((e) => e.remove());");
    driver.findElement(By.cssSelector("button[data-testid=execute]")).click();
  }

  @Test
  void queryPage_dedupAndPartialResponseSwitchesChangeTheAnswer() throws Exception {
    driver.executeScript("localStorage.clear();");
    driver.get(base().resolve("query?g0.expr=up&g0.tab=table").toString());
    WebElement dedup = visible("input#querier-dedup");
    WebElement partial = visible("input#querier-partial_response");
    assertThat(dedup.isSelected()).isTrue();
    assertThat(partial.isSelected()).isTrue();

    // Deduplicated: one series per instance, without the replica label; the down endpoint is a
    // warning naming it.
    assertThat(tableRows(2))
        .containsExactly("up{instance=\"x\", job=\"app\"}", "up{instance=\"y\", job=\"app\"}");
    assertThat(visible(".alert-warn").getText()).contains("Warning:").contains(closed);
    screenshot("querier-dedup-on");

    dedup.click();
    assertThat(driver.getCurrentUrl()).contains("dedup=false");
    execute();
    assertThat(tableRows(4))
        .containsExactly(
            "up{instance=\"x\", job=\"app\", replica=\"a\"}",
            "up{instance=\"x\", job=\"app\", replica=\"b\"}",
            "up{instance=\"y\", job=\"app\", replica=\"a\"}",
            "up{instance=\"y\", job=\"app\", replica=\"b\"}");
    screenshot("querier-dedup-off");

    dedup.click();
    partial.click();
    assertThat(driver.getCurrentUrl()).contains("partial_response=false");
    execute();
    WebElement error = visible(".alert-error");
    assertThat(error.getText()).contains("Error executing query:").contains(closed);
    assertThat(driver.findElements(By.cssSelector(".result-table .rows .row"))).isEmpty();
    screenshot("querier-partial-off");

    // The switches are remembered across pages.
    driver.get(base().resolve("query?g0.expr=up&g0.tab=table").toString());
    assertThat(visible("input#querier-partial_response").isSelected()).isFalse();
    assertThat(visible("input#querier-dedup").isSelected()).isTrue();
    visible(".alert-error");
    visible("input#querier-partial_response").click();
    execute();
    assertThat(tableRows(2)).hasSize(2);
  }

  @Test
  void endpointsPage_listsEveryEndpointWithHealthLabelsAndTimeRanges() throws Exception {
    JsonNode stores =
        JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(base().resolve("api/v1/stores")).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    driver.get(base().toString());
    visible("nav a[href=stores]").click();
    wait.until(ExpectedConditions.urlContains("/stores"));
    wait.until(d -> d.findElements(By.cssSelector("tr.endpoint-up")).size() == 2);
    List<WebElement> up = driver.findElements(By.cssSelector("tr.endpoint-up"));
    int i = 0;
    for (GrpcStoreServer s : List.of(a, b)) {
      String replica = s == a ? "a" : "b";
      List<String> cells =
          up.get(i++).findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
      JsonNode listed = stores.at("/data/sidecar/" + (replica.equals("a") ? 0 : 1));
      assertThat(listed.path("name").asText()).isEqualTo(s.address());
      assertThat(cells.get(0)).isEqualTo(s.address());
      assertThat(cells.get(1)).isEqualTo("UP");
      assertThat(cells.get(2)).isEqualTo("replica=\"" + replica + "\"");
      assertThat(cells.get(3))
          .isEqualTo(JS_ISO.format(Instant.ofEpochMilli(listed.path("minTime").asLong())));
      assertThat(cells.get(4)).isEqualTo("+∞");
      assertThat(cells.get(5)).isNotEqualTo("never");
      assertThat(cells.get(6)).isEmpty();
    }
    WebElement down = visible("tr.endpoint-down");
    assertThat(down.getText()).contains(closed).contains("DOWN");
    assertThat(driver.findElements(By.tagName("h2")))
        .extracting(WebElement::getText)
        .contains("sidecar (2/2 up)");
    assertThat(driver.findElement(By.cssSelector("nav a[href=stores]")).getDomAttribute("class"))
        .isEqualTo("active");
    screenshot("querier-endpoints");
  }
}
