package io.argus.scrape;

import io.argus.model.labels.Labels;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Maps the exact bytes of a series in a scrape body (name and label text) to its final labels and
 * storage reference, so that steady-state scrapes neither parse labels nor allocate. Open
 * addressing with linear probing; keys are copied once, when a series is first seen. Since a
 * target usually lists its series in the same order every time, the cache also remembers which
 * entry each position of the last scrape held, and {@link #find} tries that entry first, before
 * hashing. Not thread-safe: owned by one scrape loop.
 */
final class SeriesCache {
  /** One cached series. */
  static final class Entry {
    final byte[] key;
    final int hash;

    /** The labels after target labels and metric relabeling; null when relabeling dropped it. */
    final @Nullable Labels labels;

    long ref;

    /** The last scrape (iteration) in which the series appeared subject to staleness tracking. */
    long lastSeen = -1;

    /** {@link #lastSeen} before the current scrape, restored when the scrape is aborted. */
    long previousSeen = -1;

    /** The last scrape in which the series appeared at all. */
    long lastUsed;

    Entry(byte[] key, int hash, @Nullable Labels labels) {
      this.key = key;
      this.hash = hash;
      this.labels = labels;
    }
  }

  private Entry[] table = new Entry[64];
  private int size;

  /** The entry met at each position (0-based sample index) of a scrape; a hint, may be stale. */
  private @Nullable Entry[] byPosition = new Entry[64];

  static int hash(byte[] buf, int from, int to) {
    int h = 0x811c9dc5;
    for (int i = from; i < to; i++) {
      h = (h ^ buf[i]) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }

  /**
   * Returns the entry for the series text {@code buf[from, to)} met at {@code position} of the
   * current scrape, or null when the series is not cached; remembers the entry for the position.
   */
  @Nullable Entry find(byte[] buf, int from, int to, int position) {
    if (position < byPosition.length) {
      Entry hint = byPosition[position];
      if (hint != null && Arrays.equals(hint.key, 0, hint.key.length, buf, from, to)) {
        return hint;
      }
    }
    Entry e = get(buf, from, to, hash(buf, from, to));
    if (e != null) {
      remember(position, e);
    }
    return e;
  }

  /** Adds the series text {@code buf[from, to)} met at {@code position}; it must be absent. */
  Entry put(byte[] buf, int from, int to, int position, @Nullable Labels labels) {
    Entry e = add(buf, from, to, hash(buf, from, to), labels);
    remember(position, e);
    return e;
  }

  private void remember(int position, Entry e) {
    if (position >= byPosition.length) {
      byPosition = Arrays.copyOf(byPosition, Math.max(position + 1, byPosition.length * 2));
    }
    byPosition[position] = e;
  }

  private @Nullable Entry get(byte[] buf, int from, int to, int hash) {
    int mask = table.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      Entry e = table[i];
      if (e == null) {
        return null;
      }
      if (e.hash == hash && Arrays.equals(e.key, 0, e.key.length, buf, from, to)) {
        return e;
      }
    }
  }

  private Entry add(byte[] buf, int from, int to, int hash, @Nullable Labels labels) {
    if ((size + 1) * 4 > table.length * 3) {
      rehash(table.length * 2);
    }
    Entry e = new Entry(Arrays.copyOfRange(buf, from, to), hash, labels);
    insert(table, e);
    size++;
    return e;
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
    int i = e.hash & mask;
    while (t[i] != null) {
      i = (i + 1) & mask;
    }
    t[i] = e;
  }
}
