package io.argus.remote.proto;

import io.argus.model.labels.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A cache from the raw wire bytes of a series' labels to the {@link Labels} decoded (and validated)
 * from them, plus a storage reference the receiver attaches. Senders repeat the same series request
 * after request, so a hit skips string decoding, validation and the storage's label lookup: the
 * bytes are hashed and compared, nothing is allocated.
 *
 * <p>Shared by all decoders of a receiver, so that every series is held once however many
 * connections send it. The table is 8-way set-associative and doubles (up to the size given at
 * construction) when a set is full, which happens at about a third of its slots in use; at the
 * largest size, a full set gives up one of its entries. The stored reference is only a hint: the
 * storage looks it up and falls back to the labels when the series it named is gone.
 *
 * <p>Thread-safe: lookups take no lock; inserting and growing may lose concurrent inserts, which
 * only costs a later miss.
 */
public final class LabelsCache {
  private static final int WAYS = 8;
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Entry[].class);

  private volatile Entry[] table;
  private final int maxSlots;

  /**
   * One cached series. The reference of the labels as they are (variant null) is a plain field; a
   * reference under another variant is held with its variant in one object, so that the two change
   * together.
   */
  static final class Entry {
    final int hash;
    final boolean wire;
    final byte[] key;
    final Labels labels;
    final boolean hasMetricName;
    private volatile long plainRef;
    private volatile @Nullable Ref variantRef;

    Entry(int hash, boolean wire, byte[] key, Labels labels) {
      this.hash = hash;
      this.wire = wire;
      this.key = key;
      this.labels = labels;
      this.hasMetricName = labels.has("__name__");
    }

    long ref(@Nullable Object variant) {
      if (variant == null) {
        return plainRef;
      }
      Ref r = variantRef;
      return r != null && r.variant == variant ? r.ref : 0;
    }

    void ref(@Nullable Object variant, long value) {
      if (variant == null) {
        if (plainRef != value) {
          plainRef = value;
        }
        return;
      }
      Ref r = variantRef;
      if (r == null || r.variant != variant || r.ref != value) {
        variantRef = new Ref(variant, value);
      }
    }
  }

  /** A storage reference remembered under a variant of the labels (compared by identity). */
  private record Ref(Object variant, long ref) {}

  /**
   * @param initialSlots the starting table size (rounded down to a power of two, at least 8)
   * @param maxSlots the largest table size (rounded down to a power of two, at least initialSlots):
   *     the cache holds at most this many series, and all of them up to about a third of it
   */
  public LabelsCache(int initialSlots, int maxSlots) {
    int initial = Math.max(WAYS, Integer.highestOneBit(initialSlots));
    this.maxSlots = Math.max(initial, Integer.highestOneBit(maxSlots));
    table = new Entry[initial];
  }

  /**
   * A cache whose largest table is sized for this JVM's heap: one slot per 8 KiB of maximum heap,
   * between 4,096 and 2,097,152 slots (with {@code -Xmx2g}: 262,144). An entry holds the labels and
   * their wire bytes, about 1 KiB for a series of 7 labels, so a full table (reached only with
   * series churn) takes about an eighth of the heap; without churn a third to a half of the slots
   * are in use before sets overflow and entries start to be replaced.
   */
  public static LabelsCache forHeap() {
    long slots = Runtime.getRuntime().maxMemory() / 8192;
    return new LabelsCache(1 << 12, (int) Math.clamp(slots, 1 << 12, 1 << 21));
  }

  /** The current table size (for tests and metrics). */
  int slots() {
    return table.length;
  }

  /** Hashes the ranges {@code r[0, n)}, (offset, length) pairs of names and values, of buf. */
  static int hash(byte[] buf, int[] r, int n) {
    long h = 0x243F6A8885A308D3L;
    for (int i = 0; i < n; i += 2) {
      int p = r[i];
      int end = p + r[i + 1];
      for (; p + 8 <= end; p += 8) {
        h = (h ^ (long) LONGS.get(buf, p)) * MIX;
      }
      for (; p < end; p++) {
        h = (h ^ buf[p]) * MIX;
      }
      h = (h ^ r[i + 1]) * MIX; // the length delimits the string
    }
    h ^= h >>> 29;
    return (int) (h ^ (h >>> 32));
  }

  private static final long MIX = 0x9E3779B97F4A7C15L;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * Returns the entry holding these labels, or null. The key is the ranges {@code r[0, n)},
   * (offset, length) pairs of buf: either names and values ({@code wire} false) or runs of wire
   * bytes that encode them ({@code wire} true); the two kinds of key never match each other.
   */
  @Nullable Entry find(int hash, boolean wire, byte[] buf, int[] r, int n) {
    Entry[] t = table;
    int base = hash & (t.length - 1) & -WAYS;
    for (int w = 0; w < WAYS; w++) {
      Entry e = (Entry) SLOTS.getAcquire(t, base + w);
      if (e == null) {
        return null; // sets fill from their first way and never get holes
      }
      if (e.hash == hash && e.wire == wire && matches(e.key, buf, r, n)) {
        return e;
      }
    }
    return null;
  }

  private static boolean matches(byte[] key, byte[] buf, int[] r, int n) {
    int k = 0;
    for (int i = 0; i < n; i += 2) {
      int len = r[i + 1];
      if (k + len + 1 > key.length
          || !Arrays.equals(key, k, k + len, buf, r[i], r[i] + len)
          || key[k + len] != (byte) 0xff) {
        return false;
      }
      k += len + 1;
    }
    return k == key.length;
  }

  /** Stores {@code value} for the key (see {@link #find}); returns its entry. */
  Entry put(int hash, boolean wire, byte[] buf, int[] r, int n, Labels value) {
    int size = 0;
    for (int i = 0; i < n; i += 2) {
      size += r[i + 1] + 1;
    }
    byte[] key = new byte[size];
    int k = 0;
    for (int i = 0; i < n; i += 2) {
      System.arraycopy(buf, r[i], key, k, r[i + 1]);
      k += r[i + 1];
      key[k++] = (byte) 0xff;
    }
    Entry e = new Entry(hash, wire, key, value);
    while (true) {
      Entry[] t = table;
      if (insert(t, e)) {
        return e;
      }
      if (t.length >= maxSlots) {
        // full set at capacity: replace one way, picked by bits the set index does not use
        int base = hash & (t.length - 1) & -WAYS;
        SLOTS.setRelease(t, base + ((hash >>> 24) & (WAYS - 1)), e);
        return e;
      }
      grow(t);
    }
  }

  /** Puts e into the first free way of its set; false when the set is full. */
  private static boolean insert(Entry[] t, Entry e) {
    int base = e.hash & (t.length - 1) & -WAYS;
    for (int w = 0; w < WAYS; w++) {
      if (SLOTS.getAcquire(t, base + w) == null && SLOTS.compareAndSet(t, base + w, null, e)) {
        return true;
      }
    }
    return false;
  }

  private synchronized void grow(Entry[] seen) {
    if (table != seen) {
      return; // grown by another thread meanwhile
    }
    Entry[] bigger = new Entry[seen.length * 2];
    for (int i = 0; i < seen.length; i++) {
      Entry e = (Entry) SLOTS.getAcquire(seen, i);
      if (e != null) {
        insert(bigger, e); // a set of the old table splits into two of the new one: always fits
      }
    }
    table = bigger;
  }
}
