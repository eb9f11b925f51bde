package io.argus.rules.notifier;

import java.util.List;

/**
 * Where the rule manager hands the alerts of one alerting rule after each evaluation (firing
 * alerts, and resolved ones until they are forgotten).
 *
 * <p>Thread-safe: rule groups call it from their own evaluation threads. It must not block on
 * the network; an implementation queues and sends elsewhere, dropping (and counting) what does
 * not fit.
 */
@FunctionalInterface
public interface AlertSender {
  /** Queues {@code alerts} for every Alertmanager. */
  void send(List<Alert> alerts);
}
