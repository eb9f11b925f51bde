package io.argus.scrape.config;

import io.argus.model.relabel.RelabelConfig;
import java.util.List;

/** The {@code alerting} section. */
public record AlertingConfig(
    List<RelabelConfig> alertRelabelConfigs, List<AlertmanagerConfig> alertmanagers) {
  public static final AlertingConfig NONE = new AlertingConfig(List.of(), List.of());

  /** One Alertmanager set; timeout in milliseconds; {@code apiVersion} is {@code v2}. */
  public record AlertmanagerConfig(
      String scheme,
      String pathPrefix,
      long timeoutMillis,
      String apiVersion,
      HttpClientConfig http,
      List<RelabelConfig> relabelConfigs,
      ServiceDiscoveryConfigs serviceDiscovery) {}
}
