package io.argus.alertmanager.alert;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records, per alert fingerprint, which silences and which inhibiting alerts mute it; the API
 * reports it as the alert's status and the silencer and inhibitor write it. An alert is active when
 * neither list is set, suppressed otherwise, and unprocessed until first marked. Thread-safe.
 */
public final class AlertMarker {
  private final ConcurrentHashMap<Long, AlertStatus> statuses = new ConcurrentHashMap<>();

  /** Returns a marker without metrics. */
  public AlertMarker() {}

  /** Returns a marker exporting {@code alertmanager_marked_alerts{state}} to {@code registry}. */
  public AlertMarker(PrometheusRegistry registry) {
    GaugeWithCallback.builder()
        .name("alertmanager_marked_alerts")
        .help(
            "How many alerts by state are currently marked in the Alertmanager regardless of"
                + " their expiry.")
        .labelNames("state")
        .callback(
            cb -> {
              for (AlertState st : AlertState.values()) {
                cb.call(count(st), st.value());
              }
            })
        .register(registry);
  }

  /** Returns the status of an alert; {@link AlertStatus#UNPROCESSED} when never marked. */
  public AlertStatus status(long fingerprint) {
    return statuses.getOrDefault(fingerprint, AlertStatus.UNPROCESSED);
  }

  /** Sets the ids of the active silences muting an alert (empty: not silenced). */
  public void setSilenced(long fingerprint, List<String> silenceIds) {
    List<String> ids = List.copyOf(silenceIds);
    statuses.compute(
        fingerprint,
        (fp, old) -> {
          if (old == null) {
            return AlertStatus.of(ids, List.of());
          }
          return old.silencedBy().equals(ids) ? old : AlertStatus.of(ids, old.inhibitedBy());
        });
  }

  /** Sets the fingerprints (hex) of the alerts inhibiting an alert (empty: not inhibited). */
  public void setInhibited(long fingerprint, List<String> alertFingerprints) {
    List<String> ids = List.copyOf(alertFingerprints);
    statuses.compute(
        fingerprint,
        (fp, old) -> {
          if (old == null) {
            return AlertStatus.of(List.of(), ids);
          }
          return old.inhibitedBy().equals(ids) ? old : AlertStatus.of(old.silencedBy(), ids);
        });
  }

  /** Forgets an alert (when the store drops it). */
  public void delete(long fingerprint) {
    statuses.remove(fingerprint);
  }

  /** Counts the marked alerts in {@code state}. */
  public int count(AlertState state) {
    int n = 0;
    for (AlertStatus s : statuses.values()) {
      if (s.state() == state) {
        n++;
      }
    }
    return n;
  }

  /** The number of marked alerts. */
  public int size() {
    return statuses.size();
  }
}
