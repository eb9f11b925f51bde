package io.argus.alertmanager.notify;

import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.alert.AlertMarker;
import io.argus.alertmanager.alert.AlertStore;
import io.argus.alertmanager.alert.Fingerprints;
import io.argus.alertmanager.inhibit.InhibitRule;
import io.argus.alertmanager.inhibit.Inhibition;
import io.argus.model.labels.Labels;
import io.argus.util.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides inhibition from the alerts the {@link AlertStore} holds (upstream's {@code Inhibitor}): a
 * target is inhibited when a rule finds a source among the stored alerts that are not resolved now.
 * Records the result in the {@link AlertMarker} ({@code inhibitedBy} lists the source's fingerprint
 * in hex). Thread-safe.
 *
 * <p>Cost: an alert that no rule targets is decided without reading the store; for targets the
 * store's alerts matching some rule's source matchers are collected once per {@link
 * AlertStore#version() store version} and reused by every check until the store changes (upstream
 * keeps such a per-rule cache from its subscription). Resolution is judged at each check.
 */
public final class StoreInhibitor {
  private final Inhibition inhibition;
  private final AlertStore store;
  private final AlertMarker marker;
  private final Clock clock;
  private volatile Sources sources = new Sources(-1, List.of());

  /** The source candidates read from the store at {@code version}. */
  private record Sources(long version, List<Alert> alerts) {}

  public StoreInhibitor(Inhibition inhibition, AlertStore store, AlertMarker marker, Clock clock) {
    this.inhibition = inhibition;
    this.store = store;
    this.marker = marker;
    this.clock = clock;
  }

  /** Returns whether {@code labels} are inhibited now, and marks the alert accordingly. */
  public boolean mutes(Labels labels) {
    long fp = Fingerprints.of(labels);
    if (inhibition.rules().isEmpty()) {
      marker.setInhibited(fp, List.of());
      return false;
    }
    boolean target = false;
    for (InhibitRule r : inhibition.rules()) {
      target |= r.isTarget(labels);
    }
    if (!target) {
      marker.setInhibited(fp, List.of());
      return false;
    }
    Instant now = Instant.ofEpochMilli(clock.millis());
    List<Labels> firing = new ArrayList<>();
    for (Alert a : sources()) {
      if (!a.resolvedAt(now)) {
        firing.add(a.labels());
      }
    }
    Optional<Inhibition.Match> m = inhibition.inhibitedBy(labels, firing);
    if (m.isEmpty()) {
      marker.setInhibited(fp, List.of());
      return false;
    }
    long source = Fingerprints.of(m.get().source());
    marker.setInhibited(fp, List.of(Fingerprints.toHex(source)));
    return true;
  }

  private List<Alert> sources() {
    Sources cached = sources;
    long version = store.version();
    if (cached.version() == version) {
      return cached.alerts();
    }
    List<Alert> out = new ArrayList<>();
    for (Alert a : store.list()) {
      for (InhibitRule r : inhibition.rules()) {
        if (r.isSource(a.labels())) {
          out.add(a);
          break;
        }
      }
    }
    sources = new Sources(version, List.copyOf(out));
    return out;
  }
}
