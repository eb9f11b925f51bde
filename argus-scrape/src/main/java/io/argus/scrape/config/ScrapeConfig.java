package io.argus.scrape.config;

import io.argus.model.relabel.NameValidationScheme;
import io.argus.model.relabel.RelabelConfig;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code scrape_configs}, with intervals, limits and protocols already defaulted from
 * the global section. Durations in milliseconds. {@code fallbackScrapeProtocol} is empty when
 * unset.
 */
public record ScrapeConfig(
    String jobName,
    boolean honorLabels,
    boolean honorTimestamps,
    boolean trackTimestampsStaleness,
    long scrapeIntervalMillis,
    long scrapeTimeoutMillis,
    String metricsPath,
    String scheme,
    Map<String, List<String>> params,
    HttpClientConfig http,
    ScrapeLimits limits,
    List<String> scrapeProtocols,
    String fallbackScrapeProtocol,
    NameValidationScheme nameValidationScheme,
    List<RelabelConfig> relabelConfigs,
    List<RelabelConfig> metricRelabelConfigs,
    ServiceDiscoveryConfigs serviceDiscovery) {}
