package io.argus.scrape.discovery;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The service discovery metrics, with upstream Prometheus' names. Create one instance per registry
 * (registering twice fails). Thread-safe.
 */
public final class DiscoveryMetrics {
  final Gauge discoveredTargets;
  final Gauge failedConfigs;
  final Counter fileReadErrors;
  final Counter httpFailures;
  final Counter dnsLookups;
  final Counter dnsLookupFailures;
  final Counter refreshFailures;
  final Counter kubernetesEvents;
  final Counter kubernetesFailures;

  private DiscoveryMetrics(PrometheusRegistry registry) {
    discoveredTargets =
        Gauge.builder()
            .name("prometheus_sd_discovered_targets")
            .help("Current number of discovered targets.")
            .labelNames("config", "name")
            .register(registry);
    failedConfigs =
        Gauge.builder()
            .name("prometheus_sd_failed_configs")
            .help("Current number of service discovery configurations that failed to load.")
            .labelNames("name")
            .register(registry);
    fileReadErrors =
        Counter.builder()
            .name("prometheus_sd_file_read_errors_total")
            .help("The number of File-SD read errors.")
            .register(registry);
    httpFailures =
        Counter.builder()
            .name("prometheus_sd_http_failures_total")
            .help("Number of HTTP service discovery refresh failures.")
            .register(registry);
    dnsLookups =
        Counter.builder()
            .name("prometheus_sd_dns_lookups_total")
            .help("The number of DNS-SD lookups.")
            .register(registry);
    dnsLookupFailures =
        Counter.builder()
            .name("prometheus_sd_dns_lookup_failures_total")
            .help("The number of DNS-SD lookup failures.")
            .register(registry);
    refreshFailures =
        Counter.builder()
            .name("prometheus_sd_refresh_failures_total")
            .help("Number of refresh failures for the given SD mechanism.")
            .labelNames("mechanism")
            .register(registry);
    kubernetesEvents =
        Counter.builder()
            .name("prometheus_sd_kubernetes_events_total")
            .help("The number of Kubernetes events handled.")
            .labelNames("role", "event")
            .register(registry);
    kubernetesFailures =
        Counter.builder()
            .name("prometheus_sd_kubernetes_failures_total")
            .help("The number of failed WATCH/LIST requests.")
            .register(registry);
  }

  /** Creates the metrics and registers them with {@code registry}. */
  public static DiscoveryMetrics register(PrometheusRegistry registry) {
    return new DiscoveryMetrics(registry);
  }

  /** Returns {@code prometheus_sd_file_read_errors_total}. */
  public double fileReadErrors() {
    return fileReadErrors.get();
  }

  /** Returns {@code prometheus_sd_http_failures_total}. */
  public double httpFailures() {
    return httpFailures.get();
  }

  /** Returns {@code prometheus_sd_dns_lookups_total}. */
  public double dnsLookups() {
    return dnsLookups.get();
  }

  /** Returns {@code prometheus_sd_dns_lookup_failures_total}. */
  public double dnsLookupFailures() {
    return dnsLookupFailures.get();
  }

  /** Returns {@code prometheus_sd_kubernetes_events_total} for a role and event kind. */
  public double kubernetesEvents(String role, String event) {
    return kubernetesEvents.labelValues(role, event).get();
  }

  /** Returns {@code prometheus_sd_kubernetes_failures_total}. */
  public double kubernetesFailures() {
    return kubernetesFailures.get();
  }

  /** Returns {@code prometheus_sd_discovered_targets} for a job of a manager. */
  public double discoveredTargets(String job, String managerName) {
    return discoveredTargets.labelValues(job, managerName).get();
  }

  /** Returns {@code prometheus_sd_failed_configs} for a manager. */
  public double failedConfigs(String managerName) {
    return failedConfigs.labelValues(managerName).get();
  }
}
