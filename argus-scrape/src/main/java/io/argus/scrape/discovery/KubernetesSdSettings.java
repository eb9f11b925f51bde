package io.argus.scrape.discovery;

import io.argus.scrape.config.ServiceDiscoveryConfigs.KubernetesSdConfig;
import java.nio.file.Path;

/**
 * One {@code kubernetes_sd_configs} entry.
 *
 * @param config the parsed and validated entry
 */
public record KubernetesSdSettings(KubernetesSdConfig config) implements DiscovererFactory {
  /**
   * Creates the discoverer, resolving the API server: kubeconfig file, in-cluster service account
   * or {@code api_server}.
   *
   * @throws IllegalArgumentException when none applies or a file cannot be read, with upstream's
   *     message
   */
  @Override
  public Discoverer create(DiscoveryContext context) {
    return create(context, System::getenv, KubernetesClientConfigs.SERVICE_ACCOUNT_DIR);
  }

  Discoverer create(
      DiscoveryContext context,
      java.util.function.UnaryOperator<String> env,
      Path serviceAccountDir) {
    KubernetesClientConfigs.Resolved r =
        KubernetesClientConfigs.resolve(config, env, serviceAccountDir);
    return new KubernetesDiscoverer(config, r.config(), r.ownNamespace(), context.metrics());
  }
}
