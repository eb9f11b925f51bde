package io.argus.alertmanager.dispatch;

import io.argus.alertmanager.alert.Alert;
import java.util.Comparator;

/**
 * The order of alerts in a notification, as upstream's {@code AlertSlice}: by the {@code job}
 * label, then {@code instance} (alerts lacking one sort after those having it), then by label set.
 */
final class AlertOrder {
  static final Comparator<Alert> NOTIFICATION = AlertOrder::compare;

  private AlertOrder() {}

  private static int compare(Alert a, Alert b) {
    for (String key : new String[] {"job", "instance"}) {
      String x = a.labels().get(key);
      String y = b.labels().get(key);
      if (x == null && y == null) {
        continue;
      }
      if (x == null) {
        return 1;
      }
      if (y == null) {
        return -1;
      }
      int c = x.compareTo(y);
      if (c != 0) {
        return c;
      }
    }
    return a.labels().compareTo(b.labels());
  }
}
