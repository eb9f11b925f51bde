package io.argus.scrape.config;

import io.argus.model.labels.Labels;
import java.util.List;

/**
 * The discovery mechanisms of one scrape config or Alertmanager set. Mechanisms known to upstream
 * that Argus does not implement are listed in {@code unsupported} (by YAML key) and otherwise
 * ignored.
 */
public record ServiceDiscoveryConfigs(
    List<StaticConfig> staticConfigs,
    List<FileSdConfig> fileSdConfigs,
    List<HttpSdConfig> httpSdConfigs,
    List<DnsSdConfig> dnsSdConfigs,
    List<KubernetesSdConfig> kubernetesSdConfigs,
    List<String> unsupported) {
  public static final ServiceDiscoveryConfigs NONE =
      new ServiceDiscoveryConfigs(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());

  /** One entry of {@code static_configs}. */
  public record StaticConfig(List<String> targets, Labels labels) {}

  /** {@code file_sd_configs}: globs of YAML/JSON target files, re-read every interval. */
  public record FileSdConfig(List<String> files, long refreshIntervalMillis) {
    public static final long DEFAULT_REFRESH_MS = 300_000;
  }

  /** {@code http_sd_configs}. */
  public record HttpSdConfig(String url, long refreshIntervalMillis, HttpClientConfig http) {
    public static final long DEFAULT_REFRESH_MS = 60_000;
  }

  /** {@code dns_sd_configs}; {@code type} is SRV, A, AAAA, MX or NS; port 0 for SRV. */
  public record DnsSdConfig(List<String> names, String type, int port, long refreshIntervalMillis) {
    public static final long DEFAULT_REFRESH_MS = 30_000;
  }

  /**
   * {@code kubernetes_sd_configs}.
   *
   * @param role one of {@code node}, {@code pod}, {@code service}, {@code endpoints}, {@code
   *     endpointslice}, {@code ingress}
   * @param apiServer the API server URL; empty to use {@code kubeconfigFile} or in-cluster config
   * @param kubeconfigFile path of a kubeconfig file (resolved against the config's directory);
   *     empty when unset
   * @param namespaces namespaces to watch; empty (and no own namespace) means all namespaces
   * @param ownNamespace whether to add the namespace Prometheus runs in (in-cluster only)
   * @param selectors at most one label/field selector per role
   * @param attachMetadata which related objects' metadata to attach
   * @param http client options for {@code apiServer}
   */
  public record KubernetesSdConfig(
      String role,
      String apiServer,
      String kubeconfigFile,
      List<String> namespaces,
      boolean ownNamespace,
      List<Selector> selectors,
      AttachMetadata attachMetadata,
      HttpClientConfig http) {
    public KubernetesSdConfig {
      namespaces = List.copyOf(namespaces);
      selectors = List.copyOf(selectors);
    }
  }

  /** A Kubernetes label/field selector for one role; empty strings select everything. */
  public record Selector(String role, String label, String field) {}

  /** {@code attach_metadata}: node, namespace, deployment, job and cronjob metadata switches. */
  public record AttachMetadata(
      boolean node, boolean namespace, boolean deployment, boolean job, boolean cronJob) {
    public static final AttachMetadata NONE = new AttachMetadata(false, false, false, false, false);
  }
}
