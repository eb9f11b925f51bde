package io.argus.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.scrape.config.Config;
import io.argus.scrape.config.ConfigLoader;
import io.argus.scrape.discovery.DiscovererFactory;
import io.argus.scrape.discovery.DnsSdSettings;
import io.argus.scrape.discovery.FileSdSettings;
import io.argus.scrape.discovery.HttpSdSettings;
import io.argus.scrape.discovery.KubernetesSdSettings;
import io.argus.scrape.discovery.StaticSdSettings;
import io.argus.scrape.discovery.TargetGroup;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScrapeConfigsTest {
  private static final Path BASE = Path.of("/etc/argus");

  private static Config load(String yaml) {
    return ConfigLoader.loadString(yaml, BASE, name -> null);
  }

  @Test
  void scrapeSettings_oneSettingsPerJobInOrder() {
    Config config =
        load(
            """
            global:
              scrape_interval: 15s
            scrape_configs:
              - job_name: b
                scrape_interval: 5s
                scrape_timeout: 2s
                metrics_path: /m
              - job_name: a
            """);

    List<ScrapeSettings> settings = ScrapeConfigs.scrapeSettings(config);

    assertThat(settings).extracting(ScrapeSettings::jobName).containsExactly("b", "a");
    assertThat(settings.get(0).intervalMs()).isEqualTo(5_000);
    assertThat(settings.get(0).timeoutMs()).isEqualTo(2_000);
    assertThat(settings.get(0).metricsPath()).isEqualTo("/m");
    assertThat(settings.get(1).intervalMs()).isEqualTo(15_000);
  }

  @Test
  void discoverers_staticConfigsBecomeOneFactoryWithNumberedSources() {
    Config config =
        load(
            """
            scrape_configs:
              - job_name: node
                static_configs:
                  - targets: ["a:9100", "b:9100"]
                    labels: {env: prod}
                  - targets: ["c:9100"]
            """);

    Map<String, List<DiscovererFactory>> byJob = ScrapeConfigs.discoverers(config);

    assertThat(byJob).containsOnlyKeys("node");
    assertThat(byJob.get("node"))
        .containsExactly(
            new StaticSdSettings(
                List.of(
                    new TargetGroup(
                        "0",
                        List.of(
                            Labels.of("__address__", "a:9100"), Labels.of("__address__", "b:9100")),
                        Labels.of("env", "prod")),
                    new TargetGroup(
                        "1", List.of(Labels.of("__address__", "c:9100")), Labels.EMPTY))));
  }

  @Test
  void discoverers_fileHttpAndDnsEntriesMapInOrder() {
    Config config =
        load(
            """
            scrape_configs:
              - job_name: mixed
                file_sd_configs:
                  - files: [/targets/*.json]
                    refresh_interval: 1m
                http_sd_configs:
                  - url: http://127.0.0.1:8080/sd
                dns_sd_configs:
                  - names: [_prometheus._tcp.example.org]
                  - names: [nodes.example.org]
                    type: A
                    port: 9100
                    refresh_interval: 10s
            """);

    List<DiscovererFactory> factories = ScrapeConfigs.discoverers(config).get("mixed");

    assertThat(factories)
        .containsExactly(
            new FileSdSettings(List.of("/targets/*.json"), 60_000),
            new HttpSdSettings(
                "http://127.0.0.1:8080/sd", HttpSdSettings.DEFAULT_REFRESH_INTERVAL_MS),
            new DnsSdSettings(
                List.of("_prometheus._tcp.example.org"),
                "SRV",
                0,
                DnsSdSettings.DEFAULT_REFRESH_INTERVAL_MS),
            new DnsSdSettings(List.of("nodes.example.org"), "A", 9100, 10_000));
  }

  @Test
  void discoverers_jobWithoutDiscoveryHasNoFactories() {
    Config config = load("scrape_configs:\n  - job_name: empty\n");

    assertThat(ScrapeConfigs.discoverers(config)).containsExactly(Map.entry("empty", List.of()));
  }

  @Test
  void discoverers_kubernetesFollowsStaticConfigs() {
    Config config =
        load(
            """
            scrape_configs:
              - job_name: k8s
                kubernetes_sd_configs:
                  - role: pod
                static_configs:
                  - targets: ["x:1"]
            """);

    List<DiscovererFactory> factories = ScrapeConfigs.discoverers(config).get("k8s");
    assertThat(factories).hasSize(2);
    assertThat(factories.get(0)).isInstanceOf(StaticSdSettings.class);
    assertThat(factories.get(1))
        .isEqualTo(
            new KubernetesSdSettings(
                config.scrapeConfigs().get(0).serviceDiscovery().kubernetesSdConfigs().get(0)));
  }

  @Test
  void scrapeSettings_noJobsGivesEmptyList() {
    assertThat(ScrapeConfigs.scrapeSettings(load(""))).isEmpty();
  }

  @Test
  void discoverers_httpSdCarriesItsHttpOptions() {
    Config config =
        load(
            """
            scrape_configs:
              - job_name: sd
                http_sd_configs:
                  - url: https://127.0.0.1:8443/sd
                    basic_auth:
                      username: sd
                      password: pw
                    tls_config:
                      insecure_skip_verify: true
            """);

    HttpSdSettings sd = (HttpSdSettings) ScrapeConfigs.discoverers(config).get("sd").get(0);

    assertThat(sd.http().basicAuth().username()).isEqualTo("sd");
    assertThat(sd.http().tlsConfig().insecureSkipVerify()).isTrue();
  }
}
