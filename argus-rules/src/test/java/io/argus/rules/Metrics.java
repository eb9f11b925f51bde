package io.argus.rules;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import org.jspecify.annotations.Nullable;

/** Reads one {@code rule_group} series of a counter or gauge from a registry. */
final class Metrics {
  private Metrics() {}

  /** The value, or null when the series does not exist. */
  static @Nullable Double value(PrometheusRegistry registry, String name, String ruleGroup) {
    String base = name.endsWith("_total") ? name.substring(0, name.length() - 6) : name;
    for (MetricSnapshot s : registry.scrape()) {
      if (!s.getMetadata().getName().equals(base)) {
        continue;
      }
      if (s instanceof CounterSnapshot c) {
        for (var d : c.getDataPoints()) {
          if (ruleGroup.equals(d.getLabels().get("rule_group"))) {
            return d.getValue();
          }
        }
      } else if (s instanceof GaugeSnapshot g) {
        for (var d : g.getDataPoints()) {
          if (ruleGroup.equals(d.getLabels().get("rule_group"))) {
            return d.getValue();
          }
        }
      }
    }
    return null;
  }
}
