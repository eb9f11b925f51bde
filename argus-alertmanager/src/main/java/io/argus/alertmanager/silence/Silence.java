package io.argus.alertmanager.silence;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import java.time.Instant;
import java.util.List;

/**
 * A silence: alerts whose labels satisfy every matcher are muted while it is active. Immutable.
 *
 * @param id a UUID string, or "" for a silence not yet stored
 * @param matchers at least one; regular expressions are anchored RE2 as in Alertmanager
 * @param startsAt start, inclusive
 * @param endsAt end, inclusive
 * @param updatedAt when this version was stored (set by the store)
 */
public record Silence(
    String id,
    List<Matcher> matchers,
    Instant startsAt,
    Instant endsAt,
    Instant updatedAt,
    String createdBy,
    String comment) {
  public Silence {
    matchers = List.copyOf(matchers);
  }

  /** Returns the state at {@code now}: pending before the start, expired after the end. */
  public SilenceState state(Instant now) {
    if (now.isBefore(startsAt)) {
      return SilenceState.PENDING;
    }
    if (now.isAfter(endsAt)) {
      return SilenceState.EXPIRED;
    }
    return SilenceState.ACTIVE;
  }

  /** Returns whether {@code labels} satisfies every matcher (an absent label is ""). */
  public boolean matches(Labels labels) {
    for (Matcher m : matchers) {
      if (!m.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  public Silence withId(String newId) {
    return new Silence(newId, matchers, startsAt, endsAt, updatedAt, createdBy, comment);
  }

  public Silence withTimes(Instant start, Instant end) {
    return new Silence(id, matchers, start, end, updatedAt, createdBy, comment);
  }

  public Silence withUpdatedAt(Instant t) {
    return new Silence(id, matchers, startsAt, endsAt, t, createdBy, comment);
  }
}
