package io.argus.rules.notifier;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Summary;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.DoubleSupplier;

/**
 * The notifier's metrics with upstream Prometheus' names; the {@code alertmanager} label is the
 * push URL. Registered once per registry by {@link Notifier}. Thread-safe.
 */
final class NotifierMetrics {
  final Summary latency;
  final Counter errors;
  final Counter sent;
  final Counter dropped;
  final Gauge queueCapacity;

  NotifierMetrics(
      PrometheusRegistry registry,
      int capacity,
      DoubleSupplier queueLength,
      DoubleSupplier alertmanagersDiscovered) {
    latency =
        Summary.builder()
            .name("prometheus_notifications_latency_seconds")
            .help("Latency quantiles for sending alert notifications.")
            .labelNames("alertmanager")
            .quantile(0.5, 0.05)
            .quantile(0.9, 0.01)
            .quantile(0.99, 0.001)
            .register(registry);
    errors =
        Counter.builder()
            .name("prometheus_notifications_errors_total")
            .help("Total number of sent alerts affected by errors.")
            .labelNames("alertmanager")
            .register(registry);
    sent =
        Counter.builder()
            .name("prometheus_notifications_sent_total")
            .help("Total number of alerts sent.")
            .labelNames("alertmanager")
            .register(registry);
    dropped =
        Counter.builder()
            .name("prometheus_notifications_dropped_total")
            .help("Total number of alerts dropped due to errors when sending to Alertmanager.")
            .register(registry);
    GaugeWithCallback.builder()
        .name("prometheus_notifications_queue_length")
        .help("The number of alert notifications in the queue.")
        .callback(cb -> cb.call(queueLength.getAsDouble()))
        .register(registry);
    queueCapacity =
        Gauge.builder()
            .name("prometheus_notifications_queue_capacity")
            .help("The capacity of the alert notifications queue.")
            .register(registry);
    queueCapacity.set(capacity);
    GaugeWithCallback.builder()
        .name("prometheus_notifications_alertmanagers_discovered")
        .help("The number of alertmanagers discovered and active.")
        .callback(cb -> cb.call(alertmanagersDiscovered.getAsDouble()))
        .register(registry);
  }

  /** Creates the per-Alertmanager series at 0, as upstream does when one is discovered. */
  void initAlertmanager(String url) {
    sent.labelValues(url);
    errors.labelValues(url);
  }

  /** Removes the series of an Alertmanager that is gone. */
  void removeAlertmanager(String url) {
    latency.remove(url);
    sent.remove(url);
    errors.remove(url);
  }
}
