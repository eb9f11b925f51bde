package io.argus.app.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.app.web.WebServer;
import io.argus.model.labels.Matcher;
import io.argus.scrape.discovery.DiscoveryManager;
import io.argus.storage.Querier;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import io.argus.storage.Storage;
import io.argus.storage.ValueType;
import io.argus.testkit.Await;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArgusServerScrapeTest {
  private static final BuildInfo BUILD =
      new BuildInfo("1.2.3", "abc123", "main", "20260101-00:00:00", "25", "linux/amd64");
  private static final ServerStorage.Factory TSDB_STORAGE =
      TsdbServerStorage.factory(FileOps.defaults());
  private static final Duration DEADLINE = Duration.ofSeconds(30);

  @TempDir Path tmp;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private @Nullable WebServer exporter;

  @BeforeEach
  void startExporter() throws Exception {
    exporter =
        WebServer.start(
            new ListenAddress("127.0.0.1", 0),
            new Handler.Abstract() {
              @Override
              public boolean handle(Request request, Response response, Callback callback) {
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4");
                Content.Sink.write(
                    response,
                    true,
                    "# TYPE demo_requests_total counter\ndemo_requests_total{path=\"/\"} 42\n",
                    callback);
                return true;
              }
            });
  }

  @AfterEach
  void stopExporter() {
    if (exporter != null) {
      exporter.close();
    }
    http.close();
  }

  private String exporterAddress() {
    return "127.0.0.1:" + exporter.port();
  }

  private Path writeConfig(String name, String yaml) throws Exception {
    Path file = tmp.resolve(name);
    Files.writeString(file, yaml);
    return file;
  }

  private String demoConfig() {
    return """
    global:
      scrape_interval: 200ms
      scrape_timeout: 100ms
      external_labels: {replica: a}
    scrape_configs:
      - job_name: demo
        static_configs:
          - targets: ["%s"]
    """
        .formatted(exporterAddress());
  }

  private ArgusServer start(Path config, boolean lifecycle) throws ServerStartException {
    ServerSettings settings =
        new ServerSettings(
            new StorageOptions(tmp.resolve("data"), 15 * 86_400_000L, 0),
            new ListenAddress("127.0.0.1", 0),
            config,
            lifecycle,
            50);
    return ArgusServer.start(settings, TSDB_STORAGE, BUILD, Clock.SYSTEM);
  }

  /** The newest float value of the one series matching {@code matchers}, or NaN if none. */
  private static double latest(Storage storage, Matcher... matchers) {
    try (Querier q = storage.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(false, SelectHints.NONE, matchers);
      double value = Double.NaN;
      while (set.next()) {
        SampleIterator it = set.at().iterator(null);
        while (it.next() == ValueType.FLOAT) {
          if (!Double.isNaN(it.atFloat())) {
            value = it.atFloat();
          }
        }
      }
      return value;
    }
  }

  private static Storage tsdb(ArgusServer server) {
    return ((TsdbServerStorage) server.storage()).storage();
  }

  private static double gauge(PrometheusRegistry registry, String name) {
    for (MetricSnapshot s : registry.scrape()) {
      if (s.getMetadata().getPrometheusName().equals(name) && s instanceof GaugeSnapshot g) {
        return g.getDataPoints().getFirst().getValue();
      }
    }
    throw new AssertionError("no gauge " + name);
  }

  private HttpResponse<String> post(URI base, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(base.resolve(path))
            .POST(HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void start_scrapesStaticTargetReloadsAndKeepsData() throws Exception {
    Path config = writeConfig("prometheus.yml", demoConfig());
    Matcher[] up = {
      Matcher.equal("__name__", "up"),
      Matcher.equal("job", "demo"),
      Matcher.equal("instance", exporterAddress())
    };
    Matcher[] requests = {
      Matcher.equal("__name__", "demo_requests_total"), Matcher.equal("job", "demo")
    };

    try (ArgusServer server = start(config, true)) {
      Storage storage = tsdb(server);
      Await.until("up == 1", DEADLINE, () -> latest(storage, up) == 1);
      Await.until("demo_requests_total", DEADLINE, () -> latest(storage, requests) == 42);
      assertThat(gauge(server.registry(), "prometheus_config_last_reload_successful")).isEqualTo(1);

      Files.writeString(config, "global:\n  scrape_interval: 200ms\n");
      HttpResponse<String> reload = post(server.baseUri(), "-/reload");

      assertThat(reload.statusCode()).isEqualTo(200);
      assertThat(gauge(server.registry(), "prometheus_config_last_reload_successful")).isEqualTo(1);
      assertThat(
              gauge(server.registry(), "prometheus_config_last_reload_success_timestamp_seconds"))
          .isPositive();
      // a dropped job's series end with a staleness marker, so nothing newer than it is a value
      Await.until("up marked stale", DEADLINE, () -> isStale(storage, up));
    }

    try (TsdbServerStorage reopened =
        TsdbServerStorage.open(
            FileOps.defaults(),
            new StorageOptions(tmp.resolve("data"), 15 * 86_400_000L, 0),
            Clock.SYSTEM,
            new PrometheusRegistry())) {
      assertThat(latest(reopened.storage(), up)).isEqualTo(1);
      assertThat(latest(reopened.storage(), requests)).isEqualTo(42);
    }
  }

  /** Whether the newest sample of the series is a staleness marker (a NaN). */
  private static boolean isStale(Storage storage, Matcher... matchers) {
    try (Querier q = storage.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(false, SelectHints.NONE, matchers);
      boolean stale = false;
      while (set.next()) {
        SampleIterator it = set.at().iterator(null);
        while (it.next() == ValueType.FLOAT) {
          stale = Double.isNaN(it.atFloat());
        }
      }
      return stale;
    }
  }

  @Test
  void reload_badConfigKeepsOldOneAndReportsFailure() throws Exception {
    Path config = writeConfig("prometheus.yml", demoConfig());
    try (ArgusServer server = start(config, true)) {
      Files.writeString(config, "scrape_configs:\n  - job_name: demo\n    no_such_field: 1\n");

      HttpResponse<String> reload = post(server.baseUri(), "-/reload");

      assertThat(reload.statusCode()).isEqualTo(500);
      assertThat(reload.body()).contains("error loading config from \"" + config + "\"");
      assertThat(gauge(server.registry(), "prometheus_config_last_reload_successful")).isZero();
      Storage storage = tsdb(server);
      Await.until(
          "up == 1 with the old config",
          DEADLINE,
          () ->
              latest(storage, Matcher.equal("__name__", "up"), Matcher.equal("job", "demo")) == 1);
      assertThatThrownBy(server::reload)
          .isInstanceOf(ConfigLoadException.class)
          .hasMessageContaining("no_such_field");
    }
  }

  @Test
  void reload_lifecycleDisabledIsForbidden() throws Exception {
    Path config = writeConfig("prometheus.yml", demoConfig());
    try (ArgusServer server = start(config, false)) {
      HttpResponse<String> reload = post(server.baseUri(), "-/reload");

      assertThat(reload.statusCode()).isEqualTo(403);
      assertThat(reload.body()).isEqualTo("Lifecycle API is not enabled.");
    }
  }

  @Test
  void start_badConfigFailsClearly() throws Exception {
    Path config = writeConfig("bad.yml", "scrape_configs:\n  - job_name: [\n");

    assertThatThrownBy(() -> start(config, false))
        .isInstanceOf(ServerStartException.class)
        .hasMessageStartingWith("error loading config from \"" + config + "\": ");
    // the data directory was released: a second start on it succeeds
    try (ArgusServer server = start(writeConfig("ok.yml", demoConfig()), false)) {
      assertThat(server.isReady()).isTrue();
    }
  }

  @Test
  void settings_defaultDiscoveryIntervalIsUpstreams() {
    ServerSettings settings =
        new ServerSettings(new StorageOptions(tmp, 0, 0), new ListenAddress("127.0.0.1", 0));

    assertThat(settings.discoveryUpdateIntervalMs())
        .isEqualTo(DiscoveryManager.DEFAULT_UPDATE_INTERVAL_MS);
    assertThat(settings.configFile()).isNull();
  }
}
