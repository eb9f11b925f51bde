package io.argus.alertmanager.silence;

import io.argus.alertmanager.alert.AlertMarker;
import io.argus.alertmanager.alert.Fingerprints;
import io.argus.model.labels.Labels;
import io.argus.util.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether a label set is muted by an active silence and records the muting silences in the
 * {@link AlertMarker}.
 *
 * <p>Per fingerprint it caches the store version it last looked at and the ids of the active or
 * pending silences that matched then. A label set checked again with no store change and no cached
 * silences costs one map lookup; otherwise only the cached silences and those stored since the
 * cached version (through the store's version index) are examined. Thread-safe.
 */
public final class Silencer {
  private final Silences silences;
  private final AlertMarker marker;
  private final Clock clock;
  private final ConcurrentHashMap<Long, CacheEntry> cache = new ConcurrentHashMap<>();

  private record CacheEntry(long version, List<String> ids) {}

  private static final CacheEntry EMPTY = new CacheEntry(-1, List.of());

  public Silencer(Silences silences, AlertMarker marker, Clock clock) {
    this.silences = silences;
    this.marker = marker;
    this.clock = clock;
  }

  /**
   * Returns whether an active silence matches {@code labels} now, and marks the alert with these
   * labels as silenced by the matching active silences (sorted ids) or not silenced.
   */
  public boolean mutes(Labels labels) {
    long fp = Fingerprints.of(labels);
    CacheEntry cached = cache.getOrDefault(fp, EMPTY);
    long current = silences.version();
    if (cached.version() == current && cached.ids().isEmpty()) {
      marker.setSilenced(fp, List.of());
      return false;
    }
    List<Silence> candidates = new ArrayList<>();
    if (!cached.ids().isEmpty()) {
      candidates.addAll(
          silences
              .query(
                  SilenceQuery.ALL
                      .withIds(cached.ids())
                      .withStates(SilenceState.ACTIVE, SilenceState.PENDING)
                      .withMatching(labels))
              .silences());
    }
    long newVersion = cached.version();
    if (cached.version() != current) {
      QueryResult fresh =
          silences.query(
              SilenceQuery.ALL
                  .withSinceVersion(cached.version())
                  .withStates(SilenceState.ACTIVE, SilenceState.PENDING)
                  .withMatching(labels));
      candidates.addAll(fresh.silences());
      newVersion = fresh.version();
    }
    Instant now = Instant.ofEpochMilli(clock.millis());
    Set<String> seen = new HashSet<>();
    List<String> all = new ArrayList<>();
    List<String> active = new ArrayList<>();
    for (Silence s : candidates) {
      if (!seen.add(s.id())) {
        continue;
      }
      switch (s.state(now)) {
        case ACTIVE -> {
          active.add(s.id());
          all.add(s.id());
        }
        case PENDING -> all.add(s.id());
        case EXPIRED -> {}
      }
    }
    active.sort(null);
    cache.put(fp, new CacheEntry(newVersion, List.copyOf(all)));
    marker.setSilenced(fp, active);
    return !active.isEmpty();
  }

  /** Forgets the cache of a fingerprint (call when the alert store drops the alert). */
  public void forget(long fingerprint) {
    cache.remove(fingerprint);
  }

  /** The number of cached fingerprints. */
  public int cacheSize() {
    return cache.size();
  }
}
