package io.argus.scrape;

import io.argus.model.labels.Labels;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Maps the exact bytes of a series in a scrape body (name and label text) to its final labels and
 * storage reference, so that steady-state scrapes neither parse labels nor allocate. Open
 * addressing with linear probing; keys are copied once, when a series is first seen. Not
 * thread-safe: owned by one scrape loop.
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

  static int hash(byte[] buf, int from, int to) {
    int h = 0x811c9dc5;
    for (int i = from; i < to; i++) {
      h = (h ^ buf[i]) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }

  @Nullable Entry get(byte[] buf, int from, int to, int hash) {
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

  Entry put(byte[] buf, int from, int to, int hash, @Nullable Labels labels) {
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
