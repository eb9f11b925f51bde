package io.argus.scrape;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The scrape subsystem's own metrics, with Prometheus' names. One instance per registry; shared by
 * all pools and loops (thread-safe).
 */
public final class ScrapeMetrics {
  final Counter exceededSampleLimit;
  final Counter outOfOrder;
  final Counter duplicateTimestamp;
  final Counter outOfBounds;
  final Counter exceededBodySizeLimit;
  final Summary intervalLength;
  final Gauge poolTargets;
  final Counter poolExceededTargetLimit;
  final Counter poolExceededLabelLimits;

  /** Registers the metrics in {@code registry}. */
  public ScrapeMetrics(PrometheusRegistry registry) {
    exceededSampleLimit =
        Counter.builder()
            .name("prometheus_target_scrapes_exceeded_sample_limit_total")
            .help("Total number of scrapes that hit the sample limit and were rejected.")
            .register(registry);
    outOfOrder =
        Counter.builder()
            .name("prometheus_target_scrapes_sample_out_of_order_total")
            .help("Total number of samples rejected due to not being out of the expected order.")
            .register(registry);
    duplicateTimestamp =
        Counter.builder()
            .name("prometheus_target_scrapes_sample_duplicate_timestamp_total")
            .help(
                "Total number of samples rejected due to duplicate timestamps but different"
                    + " values.")
            .register(registry);
    outOfBounds =
        Counter.builder()
            .name("prometheus_target_scrapes_sample_out_of_bounds_total")
            .help(
                "Total number of samples rejected due to timestamp falling outside of the time"
                    + " bounds.")
            .register(registry);
    exceededBodySizeLimit =
        Counter.builder()
            .name("prometheus_target_scrapes_exceeded_body_size_limit_total")
            .help("Total number of scrapes that hit the body size limit")
            .register(registry);
    intervalLength =
        Summary.builder()
            .name("prometheus_target_interval_length_seconds")
            .help("Actual intervals between scrapes.")
            .labelNames("interval")
            .quantile(0.01, 0.001)
            .quantile(0.05, 0.005)
            .quantile(0.5, 0.05)
            .quantile(0.9, 0.01)
            .quantile(0.99, 0.001)
            .register(registry);
    poolTargets =
        Gauge.builder()
            .name("prometheus_target_scrape_pool_targets")
            .help("Current number of targets in this scrape pool.")
            .labelNames("scrape_job")
            .register(registry);
    poolExceededTargetLimit =
        Counter.builder()
            .name("prometheus_target_scrape_pool_exceeded_target_limit_total")
            .help(
                "Total number of times scrape pools hit the target limit, during sync or config"
                    + " reload.")
            .register(registry);
    poolExceededLabelLimits =
        Counter.builder()
            .name("prometheus_target_scrape_pool_exceeded_label_limits_total")
            .help(
                "Total number of times scrape pools hit the label limits, during sync or config"
                    + " reload.")
            .register(registry);
  }
}
