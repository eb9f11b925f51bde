package io.argus.alertmanager.notify;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;

/**
 * The notification metrics with upstream's names, registered once per registry and shared by every
 * pipeline built on reload. Series for each integration type are created up front so they read 0
 * before the first notification, as upstream. Thread-safe.
 */
public final class NotifyMetrics {
  /** The integration types whose series are created up front. */
  public static final List<String> INTEGRATIONS =
      List.of(
          "email",
          "pagerduty",
          "wechat",
          "pushover",
          "slack",
          "opsgenie",
          "webhook",
          "victorops",
          "sns",
          "telegram",
          "discord",
          "webex");

  final Counter notifications;
  final Counter notificationsFailed;
  final Counter requests;
  final Counter requestsFailed;
  final Histogram latency;

  /** Registers the metrics in {@code registry}; use a fresh registry when none is exposed. */
  public NotifyMetrics(PrometheusRegistry registry) {
    notifications =
        Counter.builder()
            .name("alertmanager_notifications_total")
            .help("The total number of attempted notifications.")
            .labelNames("integration")
            .register(registry);
    notificationsFailed =
        Counter.builder()
            .name("alertmanager_notifications_failed_total")
            .help("The total number of failed notifications.")
            .labelNames("integration", "reason")
            .register(registry);
    requests =
        Counter.builder()
            .name("alertmanager_notification_requests_total")
            .help("The total number of attempted notification requests.")
            .labelNames("integration")
            .register(registry);
    requestsFailed =
        Counter.builder()
            .name("alertmanager_notification_requests_failed_total")
            .help("The total number of failed notification requests.")
            .labelNames("integration")
            .register(registry);
    latency =
        Histogram.builder()
            .name("alertmanager_notification_latency_seconds")
            .help("The latency of notifications in seconds.")
            .labelNames("integration")
            .classicUpperBounds(1, 5, 10, 15, 20)
            .register(registry);
    for (String i : INTEGRATIONS) {
      notifications.labelValues(i);
      requests.labelValues(i);
      requestsFailed.labelValues(i);
      for (NotifyException.Reason r : NotifyException.Reason.values()) {
        notificationsFailed.labelValues(i, r.label());
      }
    }
  }

  /** The value of {@code alertmanager_notifications_total{integration}}. */
  public double notificationsTotal(String integration) {
    return notifications.labelValues(integration).get();
  }

  /** The value of {@code alertmanager_notifications_failed_total{integration,reason}}. */
  public double notificationsFailedTotal(String integration, NotifyException.Reason reason) {
    return notificationsFailed.labelValues(integration, reason.label()).get();
  }

  /** The value of {@code alertmanager_notification_requests_total{integration}}. */
  public double requestsTotal(String integration) {
    return requests.labelValues(integration).get();
  }

  /** The value of {@code alertmanager_notification_requests_failed_total{integration}}. */
  public double requestsFailedTotal(String integration) {
    return requestsFailed.labelValues(integration).get();
  }
}
