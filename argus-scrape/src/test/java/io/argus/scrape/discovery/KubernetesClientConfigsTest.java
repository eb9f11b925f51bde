package io.argus.scrape.discovery;

import static io.argus.scrape.discovery.KubernetesMock.awaitGroup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.scrape.config.HttpClientConfig;
import io.argus.scrape.config.Secret;
import io.argus.scrape.config.ServiceDiscoveryConfigs.AttachMetadata;
import io.argus.scrape.config.ServiceDiscoveryConfigs.KubernetesSdConfig;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesClientConfigsTest {
  private static KubernetesSdConfig inCluster(boolean ownNamespace, List<String> names) {
    return new KubernetesSdConfig(
        "pod",
        "",
        "",
        names,
        ownNamespace,
        List.of(),
        AttachMetadata.NONE,
        HttpClientConfig.DEFAULT);
  }

  @Test
  void resolve_inClusterWithoutServiceEnvironmentFailsAsUpstream(@TempDir Path dir) {
    assertThatThrownBy(
            () -> KubernetesClientConfigs.resolve(inCluster(false, List.of()), n -> null, dir))
        .hasMessage(
            "unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and"
                + " KUBERNETES_SERVICE_PORT must be defined");
  }

  @Test
  void resolve_inClusterReadsServiceAccountAndOwnNamespace(@TempDir Path dir) throws Exception {
    Map<String, String> env =
        Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443");
    assertThatThrownBy(
            () -> KubernetesClientConfigs.resolve(inCluster(false, List.of()), env::get, dir))
        .hasMessage("open " + dir.resolve("token") + ": no such file or directory");

    Files.writeString(dir.resolve("token"), "sa-token\n");
    assertThatThrownBy(
            () -> KubernetesClientConfigs.resolve(inCluster(true, List.of()), env::get, dir))
        .hasMessageStartingWith("could not determine the pod's namespace: open ");
    Files.writeString(dir.resolve("namespace"), "");
    assertThatThrownBy(
            () -> KubernetesClientConfigs.resolve(inCluster(true, List.of()), env::get, dir))
        .hasMessage("could not read own namespace name (empty file)");

    Files.writeString(dir.resolve("namespace"), "monitoring");
    KubernetesClientConfigs.Resolved r =
        KubernetesClientConfigs.resolve(inCluster(true, List.of("apps")), env::get, dir);
    assertThat(r.config().getMasterUrl()).startsWith("https://10.96.0.1:443");
    assertThat(r.config().getOauthTokenProvider().getToken()).isEqualTo("sa-token");
    assertThat(r.ownNamespace()).isEqualTo("monitoring");
    KubernetesDiscoverer d =
        new KubernetesDiscoverer(
            inCluster(true, List.of("apps")),
            r.config(),
            r.ownNamespace(),
            DiscoveryMetrics.register(
                new io.prometheus.metrics.model.registry.PrometheusRegistry()));
    assertThat(d.namespacesToWatch()).containsExactly("apps", "monitoring");
  }

  @Test
  void run_kubeconfigFileSelectsServerAndCredentials(@TempDir Path dir) throws Exception {
    try (KubernetesMock k8s = new KubernetesMock()) {
      k8s.client.resource(KubernetesDiscovererTest.node("n1", "10.0.0.1", Map.of())).create();
      Path kubeconfig = dir.resolve("kubeconfig.yml");
      Files.writeString(
          kubeconfig,
          """
          apiVersion: v1
          kind: Config
          clusters:
          - name: mock
            cluster: {server: "%s"}
          contexts:
          - name: mock
            context: {cluster: mock, user: prometheus}
          current-context: mock
          users:
          - name: prometheus
            user: {token: kubeconfig-token}
          """
              .formatted(k8s.client.getMasterUrl()));
      KubernetesSdConfig sd =
          new KubernetesSdConfig(
              "node",
              "",
              kubeconfig.toString(),
              List.of(),
              false,
              List.of(),
              AttachMetadata.NONE,
              HttpClientConfig.DEFAULT);
      try (DiscovererRun run = k8s.run(sd)) {
        while (!run.state().containsKey("node/n1")) {
          run.next();
        }
      }
      assertThat(authorizationHeaders(k8s)).contains("Bearer kubeconfig-token");
    }
  }

  @Test
  void run_apiServerUsesTheHttpClientOptions() throws Exception {
    try (KubernetesMock k8s = new KubernetesMock()) {
      k8s.client.resource(KubernetesDiscovererTest.node("n1", "10.0.0.1", Map.of())).create();
      HttpClientConfig http =
          new HttpClientConfig(
              null,
              new HttpClientConfig.Authorization("Bearer", new Secret("api-token"), ""),
              null,
              HttpClientConfig.TlsConfig.DEFAULT,
              "",
              "",
              false,
              Map.of(),
              Map.of(),
              true,
              true);
      KubernetesSdConfig sd =
          new KubernetesSdConfig(
              "node",
              k8s.client.getMasterUrl().toString(),
              "",
              List.of(),
              false,
              List.of(),
              AttachMetadata.NONE,
              http);
      try (DiscovererRun run = k8s.run(sd)) {
        awaitGroup(run, KubernetesTargets.node(k8s.client.nodes().withName("n1").get()));
      }
      assertThat(authorizationHeaders(k8s)).contains("Bearer api-token");
    }
  }

  private static List<String> authorizationHeaders(KubernetesMock k8s) throws Exception {
    List<String> out = new ArrayList<>();
    for (int i = k8s.server.getRequestCount(); i > 0; i--) {
      RecordedRequest r = k8s.server.takeRequest(1, TimeUnit.SECONDS);
      if (r != null && r.getHeader("Authorization") != null) {
        out.add(r.getHeader("Authorization"));
      }
    }
    return out;
  }
}
