package io.argus.alertmanager.silence;

import io.argus.model.labels.Labels;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Silences#query} selects; every given criterion must hold. Immutable; build with the
 * {@code with…} methods starting from {@link #ALL}.
 *
 * @param ids only these ids, or null for any
 * @param states only silences in one of these states at query time, or null for any
 * @param matching only silences whose matchers all match these labels, or null for any
 * @param sinceVersion only silences stored or changed after this {@link Silences#version()}, or -1
 *     for any
 */
public record SilenceQuery(
    @Nullable List<String> ids,
    @Nullable Set<SilenceState> states,
    @Nullable Labels matching,
    long sinceVersion) {
  public static final SilenceQuery ALL = new SilenceQuery(null, null, null, -1);

  public SilenceQuery {
    ids = ids == null ? null : List.copyOf(ids);
    states = states == null ? null : Set.copyOf(states);
  }

  public SilenceQuery withIds(List<String> newIds) {
    return new SilenceQuery(newIds, states, matching, sinceVersion);
  }

  public SilenceQuery withStates(SilenceState first, SilenceState... rest) {
    return new SilenceQuery(ids, EnumSet.of(first, rest), matching, sinceVersion);
  }

  public SilenceQuery withMatching(Labels labels) {
    return new SilenceQuery(ids, states, labels, sinceVersion);
  }

  public SilenceQuery withSinceVersion(long version) {
    return new SilenceQuery(ids, states, matching, version);
  }
}
