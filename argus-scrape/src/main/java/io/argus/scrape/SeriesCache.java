package io.argus.scrape;

import io.argus.model.labels.Labels;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Maps the text of a series in a scrape body (name and label text) to its final labels and storage
 * reference, so that steady-state scrapes neither parse labels nor allocate. A series is known by a
 * 128-bit hash of its text, seeded per cache, instead of a copy of the text: 16 bytes instead of
 * ~100 for a typical series. Two different texts are confused only if all 128 bits collide (for a
 * target with a million series, a chance below 10^-26), and then only series of this one target,
 * which the target controls anyway. Open addressing with linear probing. Since a target usually
 * lists its series in the same order every time, the cache also remembers which entry each position
 * of the last scrape held, and {@link #find} tries that entry before the table. Not thread-safe:
 * owned by one scrape loop.
 */
final class SeriesCache {
  /** One cached series. */
  static final class Entry {
    /** The two halves of the series text's hash. */
    final long hashLo;

    final long hashHi;

    /** The labels after target labels and metric relabeling; null when relabeling dropped it. */
    final @Nullable Labels labels;

    long ref;

    /** The last scrape (iteration) in which the series appeared subject to staleness tracking. */
    long lastSeen = -1;

    /** {@link #lastSeen} before the current scrape, restored when the scrape is aborted. */
    long previousSeen = -1;

    /** The last scrape in which the series appeared at all. */
    long lastUsed;

    Entry(long hashLo, long hashHi, @Nullable Labels labels) {
      this.hashLo = hashLo;
      this.hashHi = hashHi;
      this.labels = labels;
    }
  }

  private Entry[] table = new Entry[64];
  private int size;

  /** The entry met at each position (0-based sample index) of a scrape; a hint, may be stale. */
  private @Nullable Entry[] byPosition = new Entry[64];

  private final long seed = ThreadLocalRandom.current().nextLong();
  private final Murmur3Hash128 hash = new Murmur3Hash128();

  /**
   * Returns the entry for the series text {@code buf[from, to)} met at {@code position} of the
   * current scrape, or null when the series is not cached; remembers the entry for the position.
   */
  @Nullable Entry find(byte[] buf, int from, int to, int position) {
    hash.hash(buf, from, to, seed);
    long lo = hash.lo;
    long hi = hash.hi;
    if (position < byPosition.length) {
      Entry hint = byPosition[position];
      if (hint != null && hint.hashLo == lo && hint.hashHi == hi) {
        return hint;
      }
    }
    Entry e = get(lo, hi);
    if (e != null) {
      remember(position, e);
    }
    return e;
  }

  /** Adds the series text {@code buf[from, to)} met at {@code position}; it must be absent. */
  Entry put(byte[] buf, int from, int to, int position, @Nullable Labels labels) {
    hash.hash(buf, from, to, seed);
    if ((size + 1) * 4 > table.length * 3) {
      rehash(table.length * 2);
    }
    Entry e = new Entry(hash.lo, hash.hi, labels);
    insert(table, e);
    size++;
    remember(position, e);
    return e;
  }

  private void remember(int position, Entry e) {
    if (position >= byPosition.length) {
      byPosition = Arrays.copyOf(byPosition, Math.max(position + 1, byPosition.length * 2));
    }
    byPosition[position] = e;
  }

  private @Nullable Entry get(long lo, long hi) {
    int mask = table.length - 1;
    for (int i = (int) lo & mask; ; i = (i + 1) & mask) {
      Entry e = table[i];
      if (e == null) {
        return null;
      }
      if (e.hashLo == lo && e.hashHi == hi) {
        return e;
      }
    }
  }

  int size() {
    return size;
  }

  /** Returns the slots of the table; callers skip null slots and must not modify the array. */
  @Nullable Entry[] entries() {
    return table;
  }

  /** Drops entries last used before {@code iteration}. */
  void evictUnusedBefore(long iteration) {
    int kept = 0;
    for (Entry e : table) {
      if (e != null && e.lastUsed >= iteration) {
        kept++;
      }
    }
    if (kept == size) {
      return;
    }
    // Positions may name entries about to be dropped.
    Arrays.fill(byPosition, null);
    int capacity = 64;
    while (kept * 4 >= capacity * 3 / 2) {
      capacity *= 2;
    }
    Entry[] next = new Entry[capacity];
    for (Entry e : table) {
      if (e != null && e.lastUsed >= iteration) {
        insert(next, e);
      }
    }
    table = next;
    size = kept;
  }

  private void rehash(int capacity) {
    Entry[] next = new Entry[capacity];
    for (Entry e : table) {
      if (e != null) {
        insert(next, e);
      }
    }
    table = next;
  }

  private static void insert(Entry[] t, Entry e) {
    int mask = t.length - 1;
    int i = (int) e.hashLo & mask;
    while (t[i] != null) {
      i = (i + 1) & mask;
    }
    t[i] = e;
  }
}
