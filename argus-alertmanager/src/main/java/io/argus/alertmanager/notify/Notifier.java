package io.argus.alertmanager.notify;

import io.argus.alertmanager.alert.Alert;
import java.util.List;

/**
 * Sends one notification about a group of alerts to one integration (a webhook, a Slack channel,
 * …). Implementations must be thread-safe: several groups may notify the same integration at once.
 */
public interface Notifier {
  /**
   * Sends a notification; returns normally on success.
   *
   * @param ctx the group being notified and the time of the flush
   * @param alerts the alerts to report, already filtered (never empty), firing ones with a zero
   *     {@code endsAt}
   * @throws NotifyException when sending failed; {@link NotifyException#retryable()} says whether
   *     another attempt may succeed
   * @throws InterruptedException when the flush deadline passed or the dispatcher stopped
   */
  void send(NotificationContext ctx, List<Alert> alerts)
      throws NotifyException, InterruptedException;
}
