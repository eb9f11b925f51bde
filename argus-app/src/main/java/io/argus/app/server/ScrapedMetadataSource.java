package io.argus.app.server;

import io.argus.scrape.ActiveTarget;
import io.argus.scrape.MetricMetadata;
import io.argus.scrape.ScrapeTargets;
import io.argus.store.metadata.MetadataResult;
import io.argus.store.metadata.MetricMeta;
import io.argus.store.metadata.MetricMetadataSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The metric metadata a server serves over the {@code thanos.Metadata} gRPC API: what its active
 * scrape targets last exposed, exactly as its {@code /api/v1/metadata} lists it (the distinct
 * triples per family, targets taken in pool-name order; the limit counts families in name order).
 * Never fails. Thread-safe; reads the scrape manager's current view on every call.
 */
final class ScrapedMetadataSource implements MetricMetadataSource {
  private final ScrapeTargets targets;

  ScrapedMetadataSource(ScrapeTargets targets) {
    this.targets = targets;
  }

  @Override
  public MetadataResult metricMetadata(String metric, int limit, boolean partialResponse) {
    Map<String, Set<MetricMeta>> families = new TreeMap<>();
    for (List<ActiveTarget> pool : new TreeMap<>(targets.activeTargets()).values()) {
      for (ActiveTarget t : pool) {
        if (metric.isEmpty()) {
          t.metadata().values().forEach(m -> add(families, m));
        } else {
          MetricMetadata m = t.metadata(metric);
          if (m != null) {
            add(families, m);
          }
        }
      }
    }
    Map<String, List<MetricMeta>> out = new LinkedHashMap<>();
    for (Map.Entry<String, Set<MetricMeta>> e : families.entrySet()) {
      if (limit >= 0 && out.size() >= limit) {
        break;
      }
      out.put(e.getKey(), new ArrayList<>(e.getValue()));
    }
    return new MetadataResult(out, List.of());
  }

  private static void add(Map<String, Set<MetricMeta>> families, MetricMetadata m) {
    families
        .computeIfAbsent(m.family(), f -> new LinkedHashSet<>())
        .add(new MetricMeta(m.type().text(), m.help(), m.unit()));
  }
}
