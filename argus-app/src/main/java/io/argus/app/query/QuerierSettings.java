package io.argus.app.query;

import io.argus.app.cli.ListenAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * What {@code argus query} runs with, from its flags. Durations in milliseconds; 0 response timeout
 * means none.
 *
 * @param httpAddress {@code --http-address}
 * @param endpoints {@code --endpoint} values (StoreAPI, with {@code dns+}/{@code dnssrv+})
 * @param strictEndpoints {@code --endpoint-strict} values
 * @param prometheusEndpoints {@code --endpoint.prometheus} base URLs
 * @param replicaLabels {@code --query.replica-label} values
 * @param partialResponse {@code --query.partial-response}
 * @param dedupFunc {@code --deduplication.func}
 * @param flags every flag and its value, for {@code status/flags}
 */
public record QuerierSettings(
    ListenAddress httpAddress,
    List<String> endpoints,
    List<String> strictEndpoints,
    List<URI> prometheusEndpoints,
    List<String> replicaLabels,
    boolean partialResponse,
    DedupFunc dedupFunc,
    long responseTimeoutMillis,
    long infoTimeoutMillis,
    long unhealthyTimeoutMillis,
    long queryTimeoutMillis,
    int maxConcurrent,
    long lookbackDeltaMillis,
    int maxSamples,
    Map<String, String> flags) {
  public QuerierSettings {
    endpoints = List.copyOf(endpoints);
    strictEndpoints = List.copyOf(strictEndpoints);
    prometheusEndpoints = List.copyOf(prometheusEndpoints);
    replicaLabels = List.copyOf(replicaLabels);
    flags = Map.copyOf(flags);
  }
}
