package io.argus.rules.notifier;

import java.util.List;

/**
 * The Alertmanagers the notifier knows, as {@code /api/v1/alertmanagers} lists them: the URLs
 * alerts are posted to, and the URLs of discovered Alertmanagers that relabeling dropped (as they
 * were before relabeling). Thread-safe; each call returns an immutable snapshot.
 */
public interface DiscoveredAlertmanagers {
  /** A notifier without Alertmanagers (no configuration file). */
  DiscoveredAlertmanagers NONE =
      new DiscoveredAlertmanagers() {
        @Override
        public List<String> activeUrls() {
          return List.of();
        }

        @Override
        public List<String> droppedUrls() {
          return List.of();
        }
      };

  /** The push URLs of every active Alertmanager of every set, in configuration order. */
  List<String> activeUrls();

  /** The URLs of the discovered Alertmanagers dropped by a set's {@code relabel_configs}. */
  List<String> droppedUrls();
}
