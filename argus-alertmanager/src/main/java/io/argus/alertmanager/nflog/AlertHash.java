package io.argus.alertmanager.nflog;

import io.argus.model.labels.LabelHash;
import io.argus.model.labels.Labels;

/**
 * The hash identifying an alert in the notification log, as upstream's notification pipeline
 * computes it: the label-set hash ({@link LabelHash}) of the alert's labels. Stateless and
 * thread-safe.
 */
public final class AlertHash {
  private AlertHash() {}

  /** Returns the notification-log hash of an alert with these labels. */
  public static long of(Labels labels) {
    return LabelHash.of(labels);
  }
}
