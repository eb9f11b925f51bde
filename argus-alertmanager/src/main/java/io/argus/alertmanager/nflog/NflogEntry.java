package io.argus.alertmanager.nflog;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * One notification-log entry: the last successful notification of an aggregation group to one
 * receiver integration. Immutable; alert hash sets are held sorted and without duplicates.
 */
public final class NflogEntry {
  private final String groupKey;
  private final ReceiverKey receiver;
  private final Instant timestamp;
  private final long[] firing;
  private final long[] resolved;
  private final Instant expiresAt;

  /**
   * @param timestamp when the notification succeeded
   * @param firing hashes of the alerts firing then (see {@link AlertHash})
   * @param resolved hashes of the alerts resolved then
   * @param expiresAt when every peer drops the entry
   */
  public NflogEntry(
      String groupKey,
      ReceiverKey receiver,
      Instant timestamp,
      long[] firing,
      long[] resolved,
      Instant expiresAt) {
    this.groupKey = groupKey;
    this.receiver = receiver;
    this.timestamp = timestamp;
    this.firing = sortedSet(firing);
    this.resolved = sortedSet(resolved);
    this.expiresAt = expiresAt;
  }

  private static long[] sortedSet(long[] v) {
    long[] c = v.clone();
    Arrays.sort(c);
    int n = 0;
    for (int i = 0; i < c.length; i++) {
      if (i == 0 || c[i] != c[i - 1]) {
        c[n++] = c[i];
      }
    }
    return n == c.length ? c : Arrays.copyOf(c, n);
  }

  /** Upstream's state key: {@code groupKey:group/integration/idx}. */
  public static String stateKey(String groupKey, ReceiverKey receiver) {
    return groupKey + ":" + receiver;
  }

  public String stateKey() {
    return stateKey(groupKey, receiver);
  }

  public String groupKey() {
    return groupKey;
  }

  public ReceiverKey receiver() {
    return receiver;
  }

  public Instant timestamp() {
    return timestamp;
  }

  public Instant expiresAt() {
    return expiresAt;
  }

  /** The firing alert hashes, sorted ascending (a copy). */
  public long[] firingAlerts() {
    return firing.clone();
  }

  /** The resolved alert hashes, sorted ascending (a copy). */
  public long[] resolvedAlerts() {
    return resolved.clone();
  }

  /** Returns whether every hash in {@code subset} was firing at this notification. */
  public boolean isFiringSubset(Collection<Long> subset) {
    return contains(firing, subset);
  }

  /** Returns whether every hash in {@code subset} was resolved at this notification. */
  public boolean isResolvedSubset(Collection<Long> subset) {
    return contains(resolved, subset);
  }

  private static boolean contains(long[] set, Collection<Long> subset) {
    for (long h : subset) {
      if (Arrays.binarySearch(set, h) < 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof NflogEntry e
        && e.groupKey.equals(groupKey)
        && e.receiver.equals(receiver)
        && e.timestamp.equals(timestamp)
        && Arrays.equals(e.firing, firing)
        && Arrays.equals(e.resolved, resolved)
        && e.expiresAt.equals(expiresAt);
  }

  @Override
  public int hashCode() {
    return (stateKey().hashCode() * 31 + timestamp.hashCode()) * 31 + Arrays.hashCode(firing);
  }

  @Override
  public String toString() {
    return stateKey()
        + "@"
        + timestamp
        + " firing="
        + firing.length
        + " resolved="
        + resolved.length;
  }
}
