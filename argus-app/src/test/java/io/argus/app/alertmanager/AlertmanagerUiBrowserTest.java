package io.argus.app.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.argus.app.testing.HeadlessChromium;
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
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.LoggerFactory;

/**
 * The Alertmanager web UI in Debian's headless Chromium against a real {@code argus alertmanager}
 * with two receivers and an inhibition rule: alert groups as routed, a silence created, seen and
 * expired through the UI, the API's validation error for a bad matcher, the status page, and a
 * group of 1,200 alerts. Screenshots go to {@code target/screenshots}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertmanagerUiBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FLOOD = 1_200;

  static final String CONFIG =
      """
      route:
        receiver: team-default
        group_by: [alertname]
        group_wait: 1h
        routes:
          - receiver: team-pager
            matchers: ['severity="critical"']
            group_by: [alertname, cluster]
      inhibit_rules:
        - source_matchers: ['severity="critical"']
          target_matchers: ['severity="warning"']
          equal: [cluster]
      receivers:
        - name: team-default
        - name: team-pager
      """;

  private AlertmanagerServer server;
  private HeadlessChromium chromium;
  private ChromeDriver driver;
  private WebDriverWait wait;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    assumeTrue(
        HeadlessChromium.installed(), HeadlessChromium.NOT_INSTALLED);
    Path config = tmp.resolve("alertmanager.yml");
    Files.writeString(config, CONFIG);
    server = AmtoolAcceptanceTest.startArgus(config, tmp.resolve("data"));
    postAlerts(
        alert("DiskFull", "critical", "eu", "a", "Disk on a is full"),
        alert("DiskFull", "critical", "eu", "b", "Disk on b is full"),
        alert("DiskFull", "critical", "us", "c", "Disk on c is full"),
        alert("HighLatency", "warning", "eu", "d", "see https://runbooks.example/latency"),
        alert("HighLatency", "warning", "ap", "e", "p99 above 1s"),
        alert("Watchdog", "none", "eu", "w", "always firing"));

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
    http.close();
  }

  /** A page that threw shows it in the console; failed API requests (400s) are expected. */
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

  private static ObjectNode alert(
      String name, String severity, String cluster, String instance, String summary) {
    ObjectNode a = JSON.createObjectNode();
    a.putObject("labels")
        .put("alertname", name)
        .put("severity", severity)
        .put("cluster", cluster)
        .put("instance", instance);
    a.putObject("annotations").put("summary", summary);
    return a;
  }

  private void postAlerts(ObjectNode... alerts) throws Exception {
    ArrayNode body = JSON.createArrayNode();
    for (ObjectNode a : alerts) {
      body.add(a);
    }
    HttpResponse<String> r = send("POST", "alerts", body.toString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base().resolve("api/v2/" + path)).timeout(Duration.ofSeconds(30));
    b =
        body == null
            ? b.method(method, HttpRequest.BodyPublishers.noBody())
            : b.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode api(String pathAndQuery) throws Exception {
    HttpResponse<String> r = send("GET", pathAndQuery, null);
    assertThat(r.statusCode()).as(pathAndQuery + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + server.port() + "/");
  }

  private void screenshot(String name) throws Exception {
    chromium.screenshot("alertmanager-" + name);
  }

  private WebElement visible(String css) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
  }

  /** Waits for the alerts page to show an answer, and returns its groups as "receiver {labels}". */
  private Map<String, Integer> shownGroups() {
    wait.until(
        d ->
            !d.findElements(
                    By.cssSelector(
                        "[data-testid=alerts-summary] [data-groups], [data-testid=alerts-error]"))
                .isEmpty());
    Map<String, Integer> out = new TreeMap<>();
    for (WebElement g : driver.findElements(By.cssSelector("details.am-group"))) {
      out.put(
          g.getDomAttribute("data-receiver") + " " + g.getDomAttribute("data-group"),
          Integer.parseInt(g.getDomAttribute("data-count")));
    }
    return out;
  }

  /** The API's groups in the same form, for the same query. */
  private Map<String, Integer> apiGroups(String query) throws Exception {
    Map<String, Integer> out = new TreeMap<>();
    for (JsonNode g : api("alerts/groups" + query)) {
      List<String> labels = new ArrayList<>();
      new TreeMap<>(JSON.convertValue(g.get("labels"), Map.class))
          .forEach((k, v) -> labels.add(k + "=\"" + v + "\""));
      out.put(
          g.at("/receiver/name").asText() + " {" + String.join(", ", labels) + "}",
          g.get("alerts").size());
    }
    return out;
  }

  /** The text of the first element {@code css} selects, read at once (pages re-render), or null. */
  private String textOf(String css) {
    return (String)
        driver.executeScript(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;",
            css);
  }

  /** How many answers the alerts page has rendered (0 before the first). */
  private long renders() {
    Object n =
        driver.executeScript(
            "const s = document.querySelector('[data-testid=alerts-summary] [data-render]');"
                + " return s ? Number(s.dataset.render) : 0;");
    return ((Number) n).longValue();
  }

  /** Waits until the alerts page renders an answer after the {@code before}th. */
  private void awaitNewSummary(long before) {
    wait.until(d -> renders() > before);
  }

  @Test
  @Order(1)
  void alertsPage_showsTheGroupsAsRoutedWithTheirCounts() throws Exception {
    driver.get(base().toString()); // "/" redirects to the alerts page
    wait.until(ExpectedConditions.urlContains("/alerts"));
    Map<String, Integer> shown = shownGroups();
    assertThat(shown)
        .isEqualTo(
            Map.of(
                "team-pager {alertname=\"DiskFull\", cluster=\"eu\"}", 2,
                "team-pager {alertname=\"DiskFull\", cluster=\"us\"}", 1,
                "team-default {alertname=\"HighLatency\"}", 1,
                "team-default {alertname=\"Watchdog\"}", 1))
        .isEqualTo(apiGroups("?silenced=false&inhibited=false"));
    WebElement summary = visible("[data-testid=alerts-summary] [data-groups]");
    assertThat(summary.getDomAttribute("data-alerts")).isEqualTo("5");
    WebElement latency =
        visible("details.am-group[data-group='{alertname=\"HighLatency\"}'] .am-alert");
    assertThat(latency.getDomAttribute("data-state")).isEqualTo("active");
    assertThat(latency.getText()).contains("instance=e").contains("p99 above 1s");
    screenshot("alerts");

    // Showing inhibited alerts adds the warning in eu, inhibited by a critical alert in eu.
    long before = renders();
    driver.findElement(By.cssSelector("[data-testid=show-inhibited]")).click();
    awaitNewSummary(before);
    wait.until(ExpectedConditions.urlContains("inhibited=true"));
    assertThat(shownGroups())
        .containsEntry("team-default {alertname=\"HighLatency\"}", 2)
        .isEqualTo(apiGroups("?silenced=false&inhibited=true"));
    WebElement inhibited =
        visible("details.am-group .am-alert[data-alertname=HighLatency][data-state=suppressed]");
    assertThat(inhibited.getText()).contains("instance=d").contains("inhibited by DiskFull");
    assertThat(inhibited.findElement(By.cssSelector("dd a")).getDomAttribute("href"))
        .isEqualTo("https://runbooks.example/latency");
    screenshot("alerts-inhibited");

    // A matcher filter and the receiver filter, both kept in the URL.
    WebElement filter = visible("input[data-testid=filter]");
    before = renders();
    filter.sendKeys("{cluster=\"eu\"}", Keys.ENTER);
    awaitNewSummary(before);
    assertThat(shownGroups())
        .isEqualTo(apiGroups("?inhibited=true&silenced=false&filter=" + enc("cluster=\"eu\"")))
        .containsOnlyKeys(
            "team-pager {alertname=\"DiskFull\", cluster=\"eu\"}",
            "team-default {alertname=\"HighLatency\"}",
            "team-default {alertname=\"Watchdog\"}");
    before = renders();
    new Select(driver.findElement(By.cssSelector("select[data-testid=receiver]")))
        .selectByValue("team-pager");
    awaitNewSummary(before);
    assertThat(shownGroups())
        .isEqualTo(Map.of("team-pager {alertname=\"DiskFull\", cluster=\"eu\"}", 2));
    assertThat(driver.getCurrentUrl())
        .contains("filter=" + enc("{cluster=\"eu\"}"))
        .contains("receiver=team-pager");

    // "/" focuses the filter from anywhere on the page.
    driver.findElement(By.tagName("h1")).click();
    driver.switchTo().activeElement().sendKeys("/");
    assertThat(driver.switchTo().activeElement().getDomAttribute("data-testid"))
        .isEqualTo("filter");

    // The shared link restores the same view.
    driver.get(driver.getCurrentUrl());
    assertThat(shownGroups())
        .isEqualTo(Map.of("team-pager {alertname=\"DiskFull\", cluster=\"eu\"}", 2));
    assertThat(visible("input[data-testid=filter]").getDomProperty("value"))
        .isEqualTo("{cluster=\"eu\"}");

    // Upstream's links (the default templates' "/#/alerts?receiver=…") land on the same view.
    driver.get(base().resolve("#/alerts?receiver=team-pager").toString());
    wait.until(ExpectedConditions.urlMatches("/alerts\\?receiver=team-pager$"));
    assertThat(shownGroups())
        .isEqualTo(apiGroups("?silenced=false&inhibited=false&receiver=team-pager"));
    driver.get(
        base().resolve("#/silences/new?filter=" + enc("{alertname=\"DiskFull\"}")).toString());
    wait.until(ExpectedConditions.urlContains("/new-silence?filter="));
    assertThat(visible("[data-testid=matcher-value]").getDomProperty("value"))
        .isEqualTo("DiskFull");

    // A malformed matcher: the API's message instead of groups.
    driver.get(base().resolve("alerts").toString());
    WebElement again = visible("input[data-testid=filter]");
    again.clear();
    again.sendKeys("{cluster}", Keys.ENTER);
    HttpResponse<String> bad = send("GET", "alerts/groups?filter=cluster", null);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(visible("[data-testid=alerts-error]").getText())
        .contains("GET /api/v2/alerts/groups: 400")
        .contains(JSON.readTree(bad.body()).asText());
  }

  @Test
  @Order(2)
  void silence_createdInTheFormSuppressesTheAlert_andIsExpiredInTheUi() throws Exception {
    driver.get(base().resolve("alerts").toString());
    shownGroups();
    WebElement watchdog = visible(".am-alert[data-alertname=Watchdog]");
    watchdog.findElement(By.cssSelector("[data-testid=silence-alert]")).click();
    wait.until(ExpectedConditions.urlContains("/new-silence?filter="));
    // Prefilled from the alert's labels, and the preview finds exactly that alert.
    wait.until(d -> d.findElements(By.cssSelector("[data-testid=matcher-name]")).size() == 4);
    List<String> prefilled = new ArrayList<>();
    for (WebElement row : driver.findElements(By.cssSelector(".am-matcher-row"))) {
      prefilled.add(
          row.findElement(By.cssSelector("[data-testid=matcher-name]")).getDomProperty("value")
              + new Select(row.findElement(By.cssSelector("[data-testid=matcher-op]")))
                  .getFirstSelectedOption()
                  .getText()
              + row.findElement(By.cssSelector("[data-testid=matcher-value]"))
                  .getDomProperty("value"));
    }
    assertThat(prefilled)
        .containsExactly("alertname=Watchdog", "cluster=eu", "instance=w", "severity=none");
    assertThat(visible("[data-testid=preview-count]").getDomAttribute("data-count")).isEqualTo("1");
    // Keep only alertname, and make it a regular expression.
    for (int i = 0; i < 3; i++) {
      driver.findElements(By.cssSelector(".am-matcher-row button")).getLast().click();
    }
    new Select(driver.findElement(By.cssSelector("[data-testid=matcher-op]")))
        .selectByVisibleText("=~");
    WebElement value = driver.findElement(By.cssSelector("[data-testid=matcher-value]"));
    value.clear();
    value.sendKeys("Watch.*");
    WebElement duration = driver.findElement(By.cssSelector("[data-testid=duration]"));
    duration.clear();
    duration.sendKeys("3h");
    driver.findElement(By.cssSelector("[data-testid=created-by]")).sendKeys("ui-test");
    driver.findElement(By.cssSelector("textarea[data-testid=comment]")).sendKeys("maintenance");
    screenshot("silence-form");
    driver.findElement(By.cssSelector("[data-testid=submit]")).click();

    wait.until(ExpectedConditions.urlContains("/silence?id="));
    String id = driver.getCurrentUrl().replaceAll(".*[?&]id=", "");
    WebElement affected = visible("[data-testid=affected] tr[data-fingerprint]");
    assertThat(affected.findElement(By.cssSelector("[data-state]")).getDomAttribute("data-state"))
        .isEqualTo("suppressed");
    assertThat(affected.getText()).contains("alertname=Watchdog");
    assertThat(visible("[data-testid=silence]").getText())
        .contains("alertname=~\"Watch.*\"")
        .contains("ui-test")
        .contains("maintenance");
    screenshot("silence");

    // The API agrees: the silence as entered, the alert suppressed by it.
    JsonNode silence = api("silence/" + id);
    assertThat(silence.at("/status/state").asText()).isEqualTo("active");
    assertThat(silence.at("/createdBy").asText()).isEqualTo("ui-test");
    assertThat(silence.at("/matchers/0/isRegex").asBoolean()).isTrue();
    assertThat(
            Duration.between(
                java.time.Instant.parse(silence.get("startsAt").asText()),
                java.time.Instant.parse(silence.get("endsAt").asText())))
        .isBetween(Duration.ofHours(3).minusSeconds(2), Duration.ofHours(3));
    JsonNode watchdogApi = api("alerts?filter=" + enc("alertname=\"Watchdog\"")).get(0);
    assertThat(watchdogApi.at("/status/state").asText()).isEqualTo("suppressed");
    assertThat(watchdogApi.at("/status/silencedBy/0").asText()).isEqualTo(id);

    // Edit: a new comment and end keep the silence (same ID), as the API updates in place.
    driver.get(base().resolve("silence?id=" + id).toString());
    visible("[data-testid=edit]").click();
    wait.until(ExpectedConditions.urlContains("/new-silence?id=" + id));
    WebElement comment = visible("textarea[data-testid=comment]");
    wait.until(d -> "maintenance".equals(comment.getDomProperty("value")));
    comment.sendKeys(" extended");
    WebElement longer = driver.findElement(By.cssSelector("[data-testid=duration]"));
    longer.clear();
    longer.sendKeys("4h", Keys.ENTER);
    wait.until(ExpectedConditions.urlMatches("/silence\\?id=" + id + "$"));
    visible("[data-testid=silence]");
    JsonNode edited = api("silence/" + id);
    assertThat(edited.get("comment").asText()).isEqualTo("maintenance extended");
    assertThat(edited.get("startsAt").asText()).isEqualTo(silence.get("startsAt").asText());
    assertThat(
            Duration.between(
                java.time.Instant.parse(edited.get("startsAt").asText()),
                java.time.Instant.parse(edited.get("endsAt").asText())))
        .isEqualTo(Duration.ofHours(4));
    assertThat(api("silences").size()).isEqualTo(1);

    // The alerts page hides it unless silenced alerts are shown, then links the silence.
    driver.get(base().resolve("alerts").toString());
    assertThat(shownGroups()).doesNotContainKey("team-default {alertname=\"Watchdog\"}");
    driver.get(base().resolve("alerts?silenced=true").toString());
    WebElement silenced = visible(".am-alert[data-alertname=Watchdog][data-state=suppressed]");
    assertThat(
            silenced
                .findElement(By.cssSelector("[data-testid=silenced-by] a"))
                .getDomAttribute("href"))
        .isEqualTo("silence?id=" + id);

    // Expire it from the silences list (the button asks for a second click).
    driver.get(base().resolve("silences").toString());
    WebElement card = visible(".am-silence[data-id='" + id + "']");
    assertThat(card.getText()).contains("ui-test").contains("maintenance");
    assertThat(visible("[data-testid=count-active]").getText()).isEqualTo("1");
    screenshot("silences");
    WebElement expire = card.findElement(By.cssSelector("[data-testid=expire]"));
    expire.click();
    assertThat(expire.getText()).isEqualTo("Confirm expire");
    expire.click();
    wait.until(d -> "1".equals(textOf("[data-testid=count-expired]")));
    assertThat(textOf("[data-testid=count-active]")).isEqualTo("0");
    assertThat(api("silence/" + id).at("/status/state").asText()).isEqualTo("expired");
    assertThat(
            api("alerts?filter=" + enc("alertname=\"Watchdog\"")).at("/0/status/state").asText())
        .isEqualTo("active");
    driver.findElement(By.cssSelector("a.tab[data-state=expired]")).click();
    wait.until(ExpectedConditions.urlContains("state=expired"));
    assertThat(visible(".am-silence[data-id='" + id + "']").getText()).contains("Recreate");
    screenshot("silences-expired");
  }

  @Test
  @Order(3)
  void silenceForm_showsTheApiErrorForAnInvalidMatcher() throws Exception {
    driver.get(base().resolve("new-silence").toString());
    visible("[data-testid=matcher-name]").sendKeys("job");
    new Select(driver.findElement(By.cssSelector("[data-testid=matcher-op]")))
        .selectByVisibleText("=~");
    driver.findElement(By.cssSelector("[data-testid=matcher-value]")).sendKeys("(unclosed");
    WebElement creator = driver.findElement(By.cssSelector("[data-testid=created-by]"));
    creator.clear();
    creator.sendKeys("ui-test");
    driver.findElement(By.cssSelector("textarea[data-testid=comment]")).sendKeys("bad regex");
    driver.findElement(By.cssSelector("[data-testid=submit]")).click();
    WebElement error = visible("[data-testid=form-error] .alert-error");

    // The same silence posted directly: the UI shows the API's own message.
    HttpResponse<String> direct =
        send(
            "POST",
            "silences",
            """
            {"matchers":[{"name":"job","value":"(unclosed","isRegex":true,"isEqual":true}],
             "startsAt":"2030-01-01T00:00:00Z","endsAt":"2030-01-01T01:00:00Z",
             "createdBy":"ui-test","comment":"bad regex"}""");
    assertThat(direct.statusCode()).isEqualTo(400);
    String message = JSON.readTree(direct.body()).asText();
    assertThat(message).isNotBlank();
    assertThat(error.getText())
        .contains("POST /api/v2/silences: 400")
        .contains(message);
    assertThat(driver.getCurrentUrl()).contains("/new-silence");
    assertThat(api("silences").size()).isEqualTo(1); // only the expired one of the test before
    screenshot("silence-form-error");

    // The preview asks the alerts API with the same matcher and shows its error too.
    driver.findElement(By.cssSelector("[data-testid=preview-button]")).click();
    assertThat(visible("[data-testid=preview] .alert-error").getText())
        .contains("GET /api/v2/alerts: 400");
  }

  @Test
  @Order(4)
  void statusPage_showsVersionClusterAndTheLoadedConfig() throws Exception {
    driver.get(base().resolve("status").toString());
    JsonNode status = api("status");
    assertThat(visible("pre[data-testid=config]").getText())
        .isEqualTo(status.at("/config/original").asText().strip())
        .contains("team-pager")
        .contains("target_matchers");
    assertThat(visible("[data-testid=buildinfo]").getText())
        .contains(status.at("/versionInfo/version").asText());
    assertThat(visible("[data-testid=cluster]").getDomAttribute("data-status"))
        .isEqualTo(status.at("/cluster/status").asText());
    assertThat(visible("[data-testid=receivers]").getText())
        .contains("team-default")
        .contains("team-pager");
    screenshot("status");
  }

  /**
   * 1,200 alerts in one group: the count is the group's, the alerts render in chunks as the page
   * scrolls. Logs the page's API and render times (not asserted).
   */
  @Test
  @Order(5)
  void alertsPage_rendersAThousandAlertGroupInChunks() throws Exception {
    ObjectNode[] flood = new ObjectNode[FLOOD];
    for (int i = 0; i < FLOOD; i++) {
      flood[i] = alert("Flood", "info", "eu", "host-" + i, "flood " + i);
    }
    postAlerts(flood);
    driver.get(base().resolve("alerts?filter=" + enc("{alertname=\"Flood\"}")).toString());
    assertThat(shownGroups()).isEqualTo(Map.of("team-default {alertname=\"Flood\"}", FLOOD));
    By rows = By.cssSelector("details.am-group .am-alert");
    int first = driver.findElements(rows).size();
    assertThat(first).isBetween(1, FLOOD - 1);
    driver.executeScript("document.querySelector('.am-alerts .sentinel').scrollIntoView()");
    wait.until(d -> d.findElements(rows).size() > first);
    driver.executeScript("window.scrollTo(0, 0)");
    screenshot("alerts-1200");
    LoggerFactory.getLogger(AlertmanagerUiBrowserTest.class)
        .atInfo()
        .addKeyValue("summary", textOf("[data-testid=alerts-summary]"))
        .log("1,200 alerts in the browser");
  }
}
