package io.argus.tsdb.head;

import java.util.Arrays;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An open-addressing hash map from non-zero long keys to objects, without boxing. Not
 * thread-safe.
 */
final class LongObjectMap<V> {
  private long[] keys;
  private @Nullable Object[] values;
  private int size;
  private int mask;

  LongObjectMap() {
    this(16);
  }

  LongObjectMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(8, expected * 2 - 1)) << 1;
    keys = new long[cap];
    values = new Object[cap];
    mask = cap - 1;
  }

  int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  @Nullable V get(long key) {
    int i = slot(key);
    while (true) {
      long k = keys[i];
      if (k == key) {
        return (V) values[i];
      }
      if (k == 0) {
        return null;
      }
      i = (i + 1) & mask;
    }
  }

  /** Puts {@code value} under {@code key} (which must not be 0), replacing any earlier value. */
  void put(long key, V value) {
    if (key == 0) {
      throw new IllegalArgumentException("key 0 is reserved");
    }
    if ((size + 1) * 4 > keys.length * 3) {
      rehash(keys.length * 2);
    }
    int i = slot(key);
    while (keys[i] != 0 && keys[i] != key) {
      i = (i + 1) & mask;
    }
    if (keys[i] == 0) {
      size++;
    }
    keys[i] = key;
    values[i] = value;
  }

  /** Removes {@code key}; returns whether it was present. */
  boolean remove(long key) {
    int i = slot(key);
    while (keys[i] != key) {
      if (keys[i] == 0) {
        return false;
      }
      i = (i + 1) & mask;
    }
    // Backward-shift deletion keeps probe sequences intact without tombstones.
    int hole = i;
    int j = (i + 1) & mask;
    while (keys[j] != 0) {
      int home = slot(keys[j]);
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        keys[hole] = keys[j];
        values[hole] = values[j];
        hole = j;
      }
      j = (j + 1) & mask;
    }
    keys[hole] = 0;
    values[hole] = null;
    size--;
    return true;
  }

  /** A visitor of entries. */
  @FunctionalInterface
  interface EntryVisitor<V> {
    void visit(long key, V value);
  }

  @SuppressWarnings("unchecked")
  void forEachEntry(EntryVisitor<V> action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0) {
        action.visit(keys[i], (V) values[i]);
      }
    }
  }

  @SuppressWarnings("unchecked")
  void forEachValue(Consumer<V> action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0) {
        action.accept((V) values[i]);
      }
    }
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private void rehash(int cap) {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[cap];
    values = new Object[cap];
    mask = cap - 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != 0) {
        int s = slot(oldKeys[i]);
        while (keys[s] != 0) {
          s = (s + 1) & mask;
        }
        keys[s] = oldKeys[i];
        values[s] = oldValues[i];
        size++;
      }
    }
  }

  @Override
  public String toString() {
    return "LongObjectMap[size=" + size + ", capacity=" + keys.length + "]";
  }

  void clear() {
    Arrays.fill(keys, 0);
    Arrays.fill(values, null);
    size = 0;
  }
}
