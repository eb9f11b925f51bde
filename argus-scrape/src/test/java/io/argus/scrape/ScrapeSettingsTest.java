package io.argus.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.scrape.config.Config;
import io.argus.scrape.config.ConfigLoader;
import io.argus.scrape.config.HttpClientConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScrapeSettingsTest {
  private static final String YAML =
      """
      global:
        scrape_interval: 30s
        sample_limit: 500
      scrape_configs:
        - job_name: blackbox
          scrape_timeout: 5s
          metrics_path: /probe
          params:
            module: [http_2xx]
          honor_labels: true
          label_limit: 20
          body_size_limit: 1MB
          relabel_configs:
            - source_labels: [__address__]
              target_label: __param_target
            - target_label: __address__
              replacement: 127.0.0.1:9115
          metric_relabel_configs:
            - source_labels: [__name__]
              regex: go_.*
              action: drop
      """;

  private static ScrapeSettings load() {
    Config config = ConfigLoader.loadString(YAML, Path.of("."));
    return ScrapeSettings.fromConfig(config.scrapeConfigs().get(0));
  }

  @Test
  void fromConfig_mapsIntervalsLimitsAndProtocols() {
    ScrapeSettings s = load();

    assertThat(s.jobName()).isEqualTo("blackbox");
    assertThat(s.intervalMs()).isEqualTo(30_000);
    assertThat(s.timeoutMs()).isEqualTo(5_000);
    assertThat(s.metricsPath()).isEqualTo("/probe");
    assertThat(s.params()).isEqualTo(Map.of("module", List.of("http_2xx")));
    assertThat(s.honorLabels()).isTrue();
    assertThat(s.sampleLimit()).isEqualTo(500);
    assertThat(s.labelLimit()).isEqualTo(20);
    assertThat(s.bodySizeLimitBytes()).isEqualTo(1 << 20);
    assertThat(ScrapeProtocol.acceptHeader(s.protocols()))
        .isEqualTo(
            "application/openmetrics-text;version=1.0.0;q=0.6,"
                + "application/openmetrics-text;version=0.0.1;q=0.5,"
                + "text/plain;version=1.0.0;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2");
  }

  @Test
  void fromConfig_appliesRelabelRulesToTargetsAndSeries() {
    ScrapeSettings s = load();

    Target t = Target.create(Labels.of("__address__", "example.org"), s);
    assertThat(t).isNotNull();
    assertThat(t.url())
        .hasToString("http://127.0.0.1:9115/probe?module=http_2xx&target=example.org");
    assertThat(s.metricRelabel().apply(Labels.of("__name__", "go_goroutines"))).isNull();
    assertThat(s.metricRelabel().apply(Labels.of("__name__", "probe_success"))).isNotNull();
  }

  @Test
  void fromConfig_unchangedConfigGivesEqualSettings() {
    assertThat(load()).isEqualTo(load());
  }

  @Test
  void fromConfig_carriesHttpOptionsSoThatChangingThemRestartsThePool() {
    Config config =
        ConfigLoader.loadString(
            """
            scrape_configs:
              - job_name: secure
                scheme: https
                authorization:
                  credentials_file: token
                tls_config:
                  server_name: node.test
            """,
            Path.of("/etc/argus"));
    ScrapeSettings s = ScrapeSettings.fromConfig(config.scrapeConfigs().get(0));

    assertThat(s.http().authorization().credentialsFile()).isEqualTo("/etc/argus/token");
    assertThat(s.http().tlsConfig().serverName()).isEqualTo("node.test");
    assertThat(s.toBuilder().http(HttpClientConfig.DEFAULT).build()).isNotEqualTo(s);
    assertThat(s.toBuilder().build()).isEqualTo(s);
  }
}
