package io.argus.alertmanager.alert;

import java.util.List;

/**
 * The marker's view of an alert: its state, the ids of the active silences muting it (sorted) and
 * the fingerprints (hex) of the alerts inhibiting it. Immutable.
 */
public record AlertStatus(AlertState state, List<String> silencedBy, List<String> inhibitedBy) {
  /** The status of an alert the marker has not seen. */
  public static final AlertStatus UNPROCESSED =
      new AlertStatus(AlertState.UNPROCESSED, List.of(), List.of());

  public AlertStatus {
    silencedBy = List.copyOf(silencedBy);
    inhibitedBy = List.copyOf(inhibitedBy);
  }

  public boolean silenced() {
    return state == AlertState.SUPPRESSED && !silencedBy.isEmpty();
  }

  public boolean inhibited() {
    return state == AlertState.SUPPRESSED && !inhibitedBy.isEmpty();
  }

  static AlertStatus of(List<String> silencedBy, List<String> inhibitedBy) {
    AlertState st =
        silencedBy.isEmpty() && inhibitedBy.isEmpty() ? AlertState.ACTIVE : AlertState.SUPPRESSED;
    return new AlertStatus(st, silencedBy, inhibitedBy);
  }
}
