package io.argus.scrape;

import io.argus.model.textparse.MetricType;

/**
 * The {@code TYPE}, {@code HELP} and {@code UNIT} a target last exposed for a metric family, as
 * {@code /api/v1/metadata} reports them. Missing parts are {@link MetricType#UNKNOWN} or empty.
 */
public record MetricMetadata(String family, MetricType type, String help, String unit) {
  MetricMetadata withType(MetricType t) {
    return new MetricMetadata(family, t, help, unit);
  }

  MetricMetadata withHelp(String h) {
    return new MetricMetadata(family, type, h, unit);
  }

  MetricMetadata withUnit(String u) {
    return new MetricMetadata(family, type, help, u);
  }
}
