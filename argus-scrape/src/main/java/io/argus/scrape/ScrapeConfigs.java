package io.argus.scrape;

import io.argus.model.labels.Labels;
import io.argus.scrape.config.Config;
import io.argus.scrape.config.ScrapeConfig;
import io.argus.scrape.config.ServiceDiscoveryConfigs;
import io.argus.scrape.discovery.DiscovererFactory;
import io.argus.scrape.discovery.DnsSdSettings;
import io.argus.scrape.discovery.FileSdSettings;
import io.argus.scrape.discovery.HttpSdSettings;
import io.argus.scrape.discovery.KubernetesSdSettings;
import io.argus.scrape.discovery.StaticSdSettings;
import io.argus.scrape.discovery.TargetGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a loaded {@link Config} into what the scrape and discovery managers run: one {@link
 * ScrapeSettings} per job and each job's discovery configurations. Stateless.
 */
public final class ScrapeConfigs {
  private ScrapeConfigs() {}

  /**
   * Returns the settings of every scrape job, in config order.
   *
   * @throws IllegalArgumentException when a job's settings are invalid
   */
  public static List<ScrapeSettings> scrapeSettings(Config config) {
    List<ScrapeSettings> out = new ArrayList<>(config.scrapeConfigs().size());
    for (ScrapeConfig c : config.scrapeConfigs()) {
      out.add(ScrapeSettings.fromConfig(c));
    }
    return List.copyOf(out);
  }

  /**
   * Returns each job's discovery configurations, in config order: all of its {@code static_configs}
   * as one {@link StaticSdSettings} whose groups have sources {@code "0"}, {@code "1"}, … as
   * upstream numbers them, then one factory per {@code file_sd_configs}, {@code http_sd_configs},
   * {@code dns_sd_configs} and {@code kubernetes_sd_configs} entry.
   *
   * @throws IllegalArgumentException when a discovery configuration is invalid
   */
  public static Map<String, List<DiscovererFactory>> discoverers(Config config) {
    Map<String, List<DiscovererFactory>> out = new LinkedHashMap<>();
    for (ScrapeConfig c : config.scrapeConfigs()) {
      out.put(c.jobName(), discoverers(c.serviceDiscovery()));
    }
    return out;
  }

  /**
   * Returns the discovery configurations of one job or Alertmanager set, in the order {@link
   * #discoverers(Config)} describes.
   *
   * @throws IllegalArgumentException when a discovery configuration is invalid
   */
  public static List<DiscovererFactory> discoverers(ServiceDiscoveryConfigs sd) {
    List<DiscovererFactory> out = new ArrayList<>();
    if (!sd.staticConfigs().isEmpty()) {
      List<TargetGroup> groups = new ArrayList<>();
      for (int i = 0; i < sd.staticConfigs().size(); i++) {
        ServiceDiscoveryConfigs.StaticConfig s = sd.staticConfigs().get(i);
        List<Labels> targets = new ArrayList<>(s.targets().size());
        for (String address : s.targets()) {
          targets.add(Labels.of("__address__", address));
        }
        groups.add(new TargetGroup(Integer.toString(i), targets, s.labels()));
      }
      out.add(new StaticSdSettings(groups));
    }
    for (ServiceDiscoveryConfigs.FileSdConfig f : sd.fileSdConfigs()) {
      out.add(new FileSdSettings(f.files(), f.refreshIntervalMillis()));
    }
    for (ServiceDiscoveryConfigs.HttpSdConfig h : sd.httpSdConfigs()) {
      out.add(new HttpSdSettings(h.url(), h.refreshIntervalMillis(), h.http()));
    }
    for (ServiceDiscoveryConfigs.DnsSdConfig d : sd.dnsSdConfigs()) {
      out.add(new DnsSdSettings(d.names(), d.type(), d.port(), d.refreshIntervalMillis()));
    }
    for (ServiceDiscoveryConfigs.KubernetesSdConfig k : sd.kubernetesSdConfigs()) {
      out.add(new KubernetesSdSettings(k));
    }
    return List.copyOf(out);
  }
}
