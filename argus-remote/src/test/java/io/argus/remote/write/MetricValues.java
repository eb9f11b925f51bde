package io.argus.remote.write;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/** Reads one series of a registry for assertions. */
final class MetricValues {
  private MetricValues() {}

  /**
   * Returns the value of counter or gauge {@code name} whose labels include {@code labelPairs}, or
   * NaN if there is none.
   */
  static double value(PrometheusRegistry registry, String name, String... labelPairs) {
    String bare = name.endsWith("_total") ? name.substring(0, name.length() - 6) : name;
    for (MetricSnapshot s : registry.scrape()) {
      if (!s.getMetadata().getPrometheusName().equals(bare)) {
        continue;
      }
      for (DataPointSnapshot p : s.getDataPoints()) {
        boolean match = true;
        for (int i = 0; i < labelPairs.length; i += 2) {
          match &= labelPairs[i + 1].equals(p.getLabels().get(labelPairs[i]));
        }
        if (!match) {
          continue;
        }
        if (p instanceof CounterSnapshot.CounterDataPointSnapshot c) {
          return c.getValue();
        }
        if (p instanceof GaugeSnapshot.GaugeDataPointSnapshot g) {
          return g.getValue();
        }
      }
    }
    return Double.NaN;
  }
}
