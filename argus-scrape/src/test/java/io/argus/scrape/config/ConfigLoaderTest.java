package io.argus.scrape.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.model.relabel.NameValidationScheme;
import io.argus.model.relabel.RelabelAction;
import io.argus.model.relabel.Relabeler;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
  private static final Path BASE = Path.of("/etc/argus");

  private static Config load(String yaml) {
    return ConfigLoader.loadString(yaml, BASE, name -> null);
  }

  @Test
  void loadString_emptyFileHasUpstreamDefaults() {
    Config c = load("");
    assertThat(c.global().scrapeIntervalMillis()).isEqualTo(60_000);
    assertThat(c.global().scrapeTimeoutMillis()).isEqualTo(10_000);
    assertThat(c.global().evaluationIntervalMillis()).isEqualTo(60_000);
    assertThat(c.global().ruleQueryOffsetMillis()).isZero();
    assertThat(c.global().nameValidationScheme()).isEqualTo(NameValidationScheme.UTF8);
    assertThat(c.storage().maxExemplars()).isEqualTo(100_000);
    assertThat(c.scrapeConfigs()).isEmpty();
  }

  @Test
  void loadString_ruleQueryOffset() {
    assertThat(load("global:\n  rule_query_offset: 1m30s\n").global().ruleQueryOffsetMillis())
        .isEqualTo(90_000);
  }

  @Test
  void loadString_scrapeDefaultsComeFromGlobal() {
    Config c =
        load(
            """
            global:
              scrape_interval: 30s
              scrape_timeout: 20s
            scrape_configs:
              - job_name: inherits
              - job_name: short
                scrape_interval: 5s
              - job_name: explicit
                scrape_interval: 1m
                scrape_timeout: 45s
            """);
    ScrapeConfig inherits = c.scrapeConfigs().get(0);
    assertThat(inherits.scrapeIntervalMillis()).isEqualTo(30_000);
    assertThat(inherits.scrapeTimeoutMillis()).isEqualTo(20_000);
    assertThat(inherits.metricsPath()).isEqualTo("/metrics");
    assertThat(inherits.scheme()).isEqualTo("http");
    assertThat(inherits.honorTimestamps()).isTrue();
    assertThat(inherits.honorLabels()).isFalse();
    assertThat(inherits.http().followRedirects()).isTrue();
    assertThat(inherits.http().enableHttp2()).isTrue();
    assertThat(c.scrapeConfigs().get(1).scrapeTimeoutMillis()).isEqualTo(5_000);
    assertThat(c.scrapeConfigs().get(2).scrapeTimeoutMillis()).isEqualTo(45_000);
  }

  @Test
  void loadString_globalTimeoutDefaultsToIntervalWhenShorter() {
    Config c = load("global:\n  scrape_interval: 4s\n");
    assertThat(c.global().scrapeTimeoutMillis()).isEqualTo(4_000);
  }

  @Test
  void loadString_limitsInheritFromGlobal() {
    Config c =
        load(
            """
            global:
              sample_limit: 100
              body_size_limit: 1MB
            scrape_configs:
              - job_name: a
                sample_limit: 5
              - job_name: b
            """);
    assertThat(c.scrapeConfigs().get(0).limits().sampleLimit()).isEqualTo(5);
    assertThat(c.scrapeConfigs().get(1).limits().sampleLimit()).isEqualTo(100);
    assertThat(c.scrapeConfigs().get(1).limits().bodySizeLimit()).isEqualTo(1 << 20);
  }

  @Test
  void loadString_expandsExternalLabelsFromEnvironment() {
    Map<String, String> env = Map.of("HOST", "node-1", "ZONE", "eu");
    Config c =
        ConfigLoader.loadString(
            """
            global:
              external_labels:
                a: ${HOST}
                b: $ZONE-x
                c: cost $$5
                d: ${UNSET}
                e: plain
            """,
            BASE,
            env::get);
    assertThat(c.global().externalLabels())
        .isEqualTo(Labels.of("a", "node-1", "b", "eu-x", "c", "cost $5", "e", "plain"));
  }

  @Test
  void loadString_resolvesRelativePathsAgainstBaseDir() {
    Config c =
        load(
            """
            rule_files: ["rules/*.yml", "/abs/x.yml"]
            scrape_configs:
              - job_name: a
                file_sd_configs:
                  - files: ["sd/*.json"]
                tls_config:
                  ca_file: ca.pem
            """);
    assertThat(c.ruleFiles()).containsExactly("/etc/argus/rules/*.yml", "/abs/x.yml");
    ScrapeConfig s = c.scrapeConfigs().get(0);
    assertThat(s.serviceDiscovery().fileSdConfigs().get(0).files())
        .containsExactly("/etc/argus/sd/*.json");
    assertThat(s.serviceDiscovery().fileSdConfigs().get(0).refreshIntervalMillis())
        .isEqualTo(300_000);
    assertThat(s.http().tlsConfig().caFile()).isEqualTo("/etc/argus/ca.pem");
  }

  @Test
  void check_countsRuleFilesMatchedByGlobs(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("rules"));
    Files.writeString(dir.resolve("rules/a.yml"), "groups: []\n");
    Files.writeString(dir.resolve("rules/b.yml"), "groups: []\n");
    Files.writeString(dir.resolve("rules/c.txt"), "");
    Path cfg = dir.resolve("prometheus.yml");
    Files.writeString(cfg, "rule_files: ['rules/*.yml']\n");
    StringWriter out = new StringWriter();
    assertThat(CheckConfig.run(List.of(cfg), new PrintWriter(out))).isZero();
    assertThat(out.toString())
        .isEqualTo(
            "Checking "
                + cfg
                + "\n  SUCCESS: 2 rule files found\n SUCCESS: "
                + cfg
                + " is valid prometheus config file syntax\n\n");
  }

  @Test
  void check_reportsMissingExplicitRuleFile(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("prometheus.yml");
    Files.writeString(cfg, "rule_files: ['gone.yml']\n");
    StringWriter out = new StringWriter();
    assertThat(CheckConfig.run(List.of(cfg), new PrintWriter(out))).isEqualTo(1);
    assertThat(out.toString())
        .contains(
            "  FAILED: \"" + dir.resolve("gone.yml") + "\" does not point to an existing file");
  }

  @Test
  void load_unknownFieldsAreCollectedWithLinesAndGoTypeNames(@TempDir Path dir) throws Exception {
    Path cfg = dir.resolve("p.yml");
    Files.writeString(cfg, "scrape_configs:\n  - job_name: a\n    foo: 1\n    bar: 2\n");
    assertThatThrownBy(() -> ConfigLoader.load(cfg))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "parsing YAML file "
                + cfg
                + ": yaml: unmarshal errors:\n"
                + "  line 3: field foo not found in type config.ScrapeConfig\n"
                + "  line 4: field bar not found in type config.ScrapeConfig");
  }

  @Test
  void loadString_valueErrorsNameLineAndField() {
    assertThatThrownBy(() -> load("global:\n  scrape_interval: 1x\n"))
        .hasMessage(
            "parsing YAML file <string>: line 2: field scrape_interval: unknown unit \"x\" in"
                + " duration \"1x\"");
    assertThatThrownBy(() -> load("scrape_configs:\n  - job_name: a\n    sample_limit: abc\n"))
        .hasMessageContaining("line 3: field sample_limit: cannot unmarshal !!str `abc` into uint");
  }

  @Test
  void loadString_parsesRelabelRulesThatWork() {
    Config c =
        load(
            """
            scrape_configs:
              - job_name: a
                relabel_configs:
                  - source_labels: [__address__]
                    regex: "(.+):(\\\\d+)"
                    target_label: port
                    replacement: "$2"
                  - action: LabelDrop
                    regex: tmp
            """);
    var rules = c.scrapeConfigs().get(0).relabelConfigs();
    assertThat(rules.get(1).action()).isEqualTo(RelabelAction.LABELDROP);
    Labels out = Relabeler.process(Labels.of("__address__", "h:9100", "tmp", "x"), rules);
    assertThat(out).isEqualTo(Labels.of("__address__", "h:9100", "port", "9100"));
  }

  @Test
  void loadString_kubernetesAndUnsupportedDiscovery() {
    Config c =
        load(
            """
            scrape_configs:
              - job_name: k8s
                kubernetes_sd_configs:
                  - role: pod
                    api_server: https://k8s:6443
                    namespaces:
                      names: [default, monitoring]
                    selectors:
                      - role: pod
                        label: app=web
                consul_sd_configs:
                  - server: localhost:8500
            """);
    var sd = c.scrapeConfigs().get(0).serviceDiscovery();
    assertThat(sd.kubernetesSdConfigs().get(0).namespaces())
        .containsExactly("default", "monitoring");
    assertThat(sd.kubernetesSdConfigs().get(0).selectors().get(0).label()).isEqualTo("app=web");
    assertThat(sd.unsupported()).containsExactly("consul_sd_configs");
    assertThat(c.warnings()).anyMatch(w -> w.contains("consul_sd_configs"));
    assertThatThrownBy(
            () ->
                load(
                    "scrape_configs:\n  - job_name: k\n    kubernetes_sd_configs:\n"
                        + "      - role: pods\n"))
        .hasMessageContaining("field role: unknown Kubernetes SD role \"pods\"");
  }

  private static String k8sJob(String sdConfig) {
    return "scrape_configs:\n  - job_name: k\n    kubernetes_sd_configs:\n      - "
        + sdConfig.strip().replace("\n", "\n        ")
        + "\n";
  }

  static Stream<Arguments> kubernetesErrors() {
    return Stream.of(
        Arguments.of(
            "api_server: https://k:6443",
            "role missing (one of: pod, service, endpoints, endpointslice, node, ingress)"),
        Arguments.of(
            "{role: pod, api_server: 'https://k', kubeconfig_file: /k.yml}",
            "cannot use 'kubeconfig_file' and 'api_server' simultaneously"),
        Arguments.of(
            "{role: pod, kubeconfig_file: /k.yml, bearer_token: x}",
            "cannot use a custom HTTP client configuration together with 'kubeconfig_file'"),
        Arguments.of(
            "{role: pod, bearer_token: x}",
            "to use custom HTTP client configuration please provide the 'api_server' URL"
                + " explicitly"),
        Arguments.of(
            "{role: pod, api_server: 'https://k', namespaces: {own_namespace: true}}",
            "cannot use 'api_server' and 'namespaces.own_namespace' simultaneously"),
        Arguments.of(
            "{role: pod, kubeconfig_file: /k.yml, namespaces: {own_namespace: true}}",
            "cannot use 'kubeconfig_file' and 'namespaces.own_namespace' simultaneously"),
        Arguments.of(
            "{role: pod, selectors: [{role: pod}, {role: pod}]}", "duplicated selector role: pod"),
        Arguments.of(
            "{role: pod, selectors: [{role: service}]}",
            "pod role supports only pod, node selectors"),
        Arguments.of(
            "{role: endpoints, selectors: [{role: node}]}",
            "endpoints role supports only pod, service, endpoints selectors"),
        Arguments.of(
            "{role: endpointslice, selectors: [{role: ingress}]}",
            "endpointslice role supports only pod, service, endpointslice selectors"),
        Arguments.of(
            "{role: node, selectors: [{role: pod}]}", "node role supports only node selectors"),
        Arguments.of(
            "{role: ingress, selectors: [{role: pod}]}",
            "ingress role supports only ingress selectors"),
        Arguments.of(
            "{role: service, selectors: [{role: service, field: 'metadata.name'}]}",
            "invalid selector: 'metadata.name'; can't understand 'metadata.name'"),
        Arguments.of(
            "{role: service, selectors: [{role: nodes}]}", "unknown Kubernetes SD role \"nodes\""),
        Arguments.of(
            "{role: pod, selectors: [{role: pod, label: 'app=-web'}]}", "Invalid value: \"-web\""),
        Arguments.of(
            "{role: pod, attach_metadata: {nodes: true}}",
            "field nodes not found in type kubernetes.AttachMetadataConfig"));
  }

  @ParameterizedTest
  @MethodSource("kubernetesErrors")
  void loadString_kubernetesErrorsAsUpstream(String sdConfig, String message) {
    assertThatThrownBy(() -> load(k8sJob(sdConfig))).hasMessageContaining(message);
  }

  @Test
  void loadString_kubernetesFullConfig() {
    Config c =
        load(
            k8sJob(
                """
                role: endpoints
                api_server: https://k8s.example:6443
                authorization: {credentials: secret}
                tls_config: {insecure_skip_verify: true}
                namespaces: {names: [a, b]}
                selectors:
                  - {role: pod, label: 'app in (web,api),!legacy', field: 'status.phase!=Pending'}
                  - {role: endpoints, field: 'metadata.name=web'}
                attach_metadata:
                  {node: true, namespace: true, deployment: true, job: true, cronjob: true}
                """));
    var k = c.scrapeConfigs().get(0).serviceDiscovery().kubernetesSdConfigs().get(0);
    assertThat(k.role()).isEqualTo("endpoints");
    assertThat(k.apiServer()).isEqualTo("https://k8s.example:6443");
    assertThat(k.namespaces()).containsExactly("a", "b");
    assertThat(k.selectors())
        .containsExactly(
            new ServiceDiscoveryConfigs.Selector(
                "pod", "app in (web,api),!legacy", "status.phase!=Pending"),
            new ServiceDiscoveryConfigs.Selector("endpoints", "", "metadata.name=web"));
    assertThat(k.attachMetadata())
        .isEqualTo(new ServiceDiscoveryConfigs.AttachMetadata(true, true, true, true, true));
    assertThat(k.http().authorization().credentials().reveal()).isEqualTo("secret");
    assertThat(k.http().tlsConfig().insecureSkipVerify()).isTrue();
    Config again = load(ConfigPrinter.toYaml(c).replace("<secret>", "secret"));
    assertThat(again.scrapeConfigs().get(0).serviceDiscovery().kubernetesSdConfigs())
        .containsExactly(k);
  }

  @Test
  void loadString_kubeconfigIsResolvedAgainstTheConfigDirectory() {
    Config c = load(k8sJob("{role: node, kubeconfig_file: kube/config.yml}"));
    assertThat(c.scrapeConfigs().get(0).serviceDiscovery().kubernetesSdConfigs().get(0))
        .extracting(ServiceDiscoveryConfigs.KubernetesSdConfig::kubeconfigFile)
        .isEqualTo("/etc/argus/kube/config.yml");
  }

  @Test
  void loadString_dnsDefaults() {
    Config c = load("scrape_configs:\n  - job_name: d\n    dns_sd_configs:\n      - names: [x]\n");
    var dns = c.scrapeConfigs().get(0).serviceDiscovery().dnsSdConfigs().get(0);
    assertThat(dns.type()).isEqualTo("SRV");
    assertThat(dns.refreshIntervalMillis()).isEqualTo(30_000);
  }

  @Test
  void loadString_scrapeConfigFilesAreMerged(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("jobs"));
    Files.writeString(dir.resolve("jobs/one.yml"), "scrape_configs:\n  - job_name: extra\n");
    Config c =
        ConfigLoader.loadString(
            "scrape_config_files: ['jobs/*.yml']\nscrape_configs:\n  - job_name: main\n",
            dir,
            n -> null);
    assertThat(c.scrapeConfigs())
        .extracting(ScrapeConfig::jobName)
        .containsExactly("main", "extra");
    Files.writeString(dir.resolve("jobs/two.yml"), "scrape_configs:\n  - job_name: main\n");
    assertThatThrownBy(
            () ->
                ConfigLoader.loadString(
                    "scrape_config_files: ['jobs/*.yml']\nscrape_configs:\n  - job_name: main\n",
                    dir,
                    n -> null))
        .hasMessageContaining("found multiple scrape configs with job name \"main\"");
  }

  @Test
  void toYaml_hidesSecretsAndFillsDefaults() {
    Config c =
        load(
            """
            scrape_configs:
              - job_name: a
                basic_auth: {username: u, password: hunter2}
                static_configs: [{targets: ["x:1"]}]
            remote_write:
              - url: http://w
                authorization: {credentials: tok}
            """);
    String yaml = ConfigPrinter.toYaml(c);
    assertThat(yaml).doesNotContain("hunter2").doesNotContain("tok\n");
    assertThat(yaml).contains("password: <secret>").contains("credentials: <secret>");
    assertThat(yaml).contains("scrape_timeout: 10s").contains("metrics_path: /metrics");
    assertThat(yaml).contains("- job_name: a");
    Config again = load(yaml.replace("<secret>", "x"));
    assertThat(again.scrapeConfigs().get(0).scrapeIntervalMillis()).isEqualTo(60_000);
    assertThat(again.remoteWrite().get(0).queueConfig())
        .isEqualTo(RemoteWriteConfig.QueueConfig.DEFAULT);
  }

  @Test
  void loadString_hashmodModulusIsUnsigned64Bit() {
    Config c =
        load(
            """
            scrape_configs:
              - job_name: a
                relabel_configs:
                  - source_labels: [x]
                    target_label: y
                    modulus: 18446744073709551615
                    action: hashmod
            """);
    assertThat(c.scrapeConfigs().get(0).relabelConfigs().get(0).modulus()).isEqualTo(-1L);
  }

  @Test
  void load_missingFileSaysSo(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yml");
    assertThatThrownBy(() -> ConfigLoader.load(missing))
        .isInstanceOf(ConfigException.class)
        .hasMessage("open " + missing + ": no such file or directory");
  }

  @Test
  void loadString_nullScrapeConfigIsAnError() {
    assertThatThrownBy(() -> load("scrape_configs:\n  -\n"))
        .hasMessageContaining("line 2: field scrape_configs: empty or null scrape config section");
  }

  @Test
  void loadString_remoteWriteFillsUpstreamDefaults() {
    Config c = load("remote_write:\n  - url: http://127.0.0.1:1/w\n");
    RemoteWriteConfig r = c.remoteWrite().get(0);
    assertThat(r.remoteTimeoutMillis()).isEqualTo(30_000);
    assertThat(r.protobufMessage()).isEqualTo("prometheus.WriteRequest");
    assertThat(r.queueConfig())
        .isEqualTo(
            new RemoteWriteConfig.QueueConfig(
                10_000,
                50,
                1,
                2_000,
                5_000,
                30,
                5_000,
                false,
                0,
                RemoteWriteConfig.NewestFirst.OFF));
    assertThat(r.metadataConfig())
        .isEqualTo(new RemoteWriteConfig.MetadataConfig(true, 60_000, 2_000));
    assertThat(r.http().enableHttp2()).isFalse();
    assertThat(r.http().followRedirects()).isTrue();
    assertThat(r.sendNativeHistograms()).isFalse();
  }

  @Test
  void loadString_remoteWriteReadsEveryQueueAndMetadataField() {
    Config c =
        load(
            """
            remote_write:
              - url: http://127.0.0.1:1/w
                protobuf_message: io.prometheus.write.v2.Request
                send_native_histograms: true
                queue_config:
                  capacity: 7
                  max_shards: 3
                  min_shards: 2
                  max_samples_per_send: 5
                  batch_send_deadline: 250ms
                  min_backoff: 1ms
                  max_backoff: 2ms
                  retry_on_http_429: true
                  sample_age_limit: 10m
                metadata_config:
                  send_interval: 2m
            """);
    RemoteWriteConfig r = c.remoteWrite().get(0);
    assertThat(r.queueConfig())
        .isEqualTo(
            new RemoteWriteConfig.QueueConfig(
                7, 3, 2, 5, 250, 1, 2, true, 600_000, RemoteWriteConfig.NewestFirst.OFF));
    assertThat(r.metadataConfig())
        .isEqualTo(new RemoteWriteConfig.MetadataConfig(true, 120_000, 2_000));
    assertThat(r.protobufMessage()).isEqualTo(RemoteWriteConfig.PROTO_V2);
    assertThat(r.sendNativeHistograms()).isTrue();
    Config again = load(ConfigPrinter.toYaml(c));
    assertThat(again.remoteWrite().get(0).queueConfig()).isEqualTo(r.queueConfig());
    assertThat(again.remoteWrite().get(0).protobufMessage()).isEqualTo(RemoteWriteConfig.PROTO_V2);
  }

  @Test
  void loadString_remoteWriteArgusNewestFirstExtension() {
    Config c =
        load(
            """
            remote_write:
              - url: http://127.0.0.1:1/w
                queue_config:
                  argus_newest_first:
                    backlog: 45s
                    shards: 3
                    max_samples_per_second: 20000
            """);
    RemoteWriteConfig.NewestFirst nf = c.remoteWrite().get(0).queueConfig().newestFirst();
    assertThat(nf).isEqualTo(new RemoteWriteConfig.NewestFirst(45_000, 3, 20_000));
    assertThat(load(ConfigPrinter.toYaml(c)).remoteWrite().get(0).queueConfig().newestFirst())
        .isEqualTo(nf);
    String base =
        "remote_write:\n  - url: http://127.0.0.1:1/w\n    queue_config:\n"
            + "      argus_newest_first:\n";
    assertThatThrownBy(() -> load(base + "        shards: 2\n"))
        .hasMessageContaining("argus_newest_first backlog must be positive");
    assertThatThrownBy(() -> load(base + "        backlog: 1m\n        shards: 0\n"))
        .hasMessageContaining("argus_newest_first shards must be positive");
    assertThatThrownBy(() -> load(base + "        backlog: 1m\n        bogus: 1\n"))
        .hasMessageContaining("field bogus not found");
  }

  @Test
  void loadString_remoteWriteQueueValidatedAsUpstream() {
    String base = "remote_write:\n  - url: http://127.0.0.1:1/w\n    queue_config:\n";
    assertThatThrownBy(() -> load(base + "      max_shards: 0\n"))
        .hasMessageContaining("remote write queue max_shards must be positive");
    assertThatThrownBy(() -> load(base + "      min_shards: 0\n"))
        .hasMessageContaining("remote write queue min_shards must be positive");
    assertThatThrownBy(() -> load(base + "      min_shards: 5\n      max_shards: 4\n"))
        .hasMessageContaining("min_shards must not be greater than max_shards");
    assertThatThrownBy(() -> load(base + "      max_samples_per_send: -1\n"))
        .hasMessageContaining("max_samples_per_send must be positive");
    assertThatThrownBy(() -> load(base + "      capacity: 0\n"))
        .hasMessageContaining("capacity must be positive");
    assertThatThrownBy(() -> load(base + "      min_backoff: 2s\n      max_backoff: 1s\n"))
        .hasMessageContaining("max_backoff must not be less than min_backoff");
    assertThatThrownBy(
            () -> load("remote_write:\n  - url: http://127.0.0.1:1/w\n    protobuf_message: v3\n"))
        .hasMessageContaining(
            "invalid protobuf_message value: unknown remote write protobuf message v3, supported:"
                + " prometheus.WriteRequest, io.prometheus.write.v2.Request");
  }
}
