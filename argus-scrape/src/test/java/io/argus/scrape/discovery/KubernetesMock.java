package io.argus.scrape.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.scrape.config.HttpClientConfig;
import io.argus.scrape.config.ServiceDiscoveryConfigs.AttachMetadata;
import io.argus.scrape.config.ServiceDiscoveryConfigs.KubernetesSdConfig;
import io.argus.scrape.config.ServiceDiscoveryConfigs.Selector;
import io.argus.util.Clock;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;

/**
 * A fabric8 Kubernetes mock API server in CRUD mode on 127.0.0.1, with a client to create, update
 * and delete objects and a way to run Kubernetes discovery against it.
 */
final class KubernetesMock implements AutoCloseable {
  /** How long to wait for an update; the first informer start in a busy JVM is slow. */
  static final long WAIT_MS = 30_000;

  final KubernetesMockServer server;
  final NamespacedKubernetesClient client;
  final DiscoveryMetrics metrics = DiscoveryMetrics.register(new PrometheusRegistry());

  KubernetesMock() throws UnknownHostException {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    client = server.createClient();
  }

  /** Returns a config for {@code role} against this server, without selectors or namespaces. */
  KubernetesSdConfig config(String role) {
    return config(role, List.of(), List.of(), AttachMetadata.NONE);
  }

  KubernetesSdConfig config(
      String role, List<String> namespaces, List<Selector> selectors, AttachMetadata attach) {
    return new KubernetesSdConfig(
        role,
        client.getMasterUrl().toString(),
        "",
        namespaces,
        false,
        selectors,
        attach,
        HttpClientConfig.DEFAULT);
  }

  /** Starts discovery for {@code config} through the production factory. */
  DiscovererRun run(KubernetesSdConfig config) {
    DiscoveryContext context =
        new DiscoveryContext(Clock.SYSTEM, new ManualWaiter(), metrics, List.of());
    return new DiscovererRun(new KubernetesSdSettings(config).create(context));
  }

  /**
   * Takes updates until the latest group for {@code expected.source()} equals {@code expected},
   * then asserts that it does; gives up after 30 updates or {@link #WAIT_MS} without one.
   */
  static void awaitGroup(DiscovererRun run, TargetGroup expected) throws InterruptedException {
    TargetGroup last = run.state().get(expected.source());
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 30 && !Objects.equals(last, expected); i++) {
      List<TargetGroup> update = run.poll(WAIT_MS);
      if (update == null) {
        break;
      }
      for (TargetGroup g : update) {
        seen.add(g.source() + " (" + g.targets().size() + " targets)");
        if (g.source().equals(expected.source())) {
          last = g;
        }
      }
    }
    assertThat(last).as("latest group of %s among %s", expected.source(), seen).isEqualTo(expected);
  }

  @Override
  public void close() {
    client.close();
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      // The mock's watch listeners may still be draining when it shuts down on a busy machine;
      // the listening socket is closed either way and nothing of the test depends on it.
    }
  }
}
