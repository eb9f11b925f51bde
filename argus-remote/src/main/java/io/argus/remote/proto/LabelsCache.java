package io.argus.remote.proto;

import io.argus.model.labels.Labels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A direct-mapped cache from the raw wire bytes of a series' labels to the {@link Labels} decoded
 * (and validated) from them, plus a storage reference the receiver may attach. Senders repeat the
 * same series request after request, so a hit skips string decoding, validation and the storage's
 * label lookup. A colliding entry is replaced. Owned by one decoder; not thread-safe.
 */
final class LabelsCache {
  private final int mask;
  private final int[] hashes;
  private final byte[][] keys;
  private final Labels[] labels;
  private final long[] refs;
  private final @Nullable Object[] refVariants;
  private byte[] scratch = new byte[256];

  LabelsCache(int slotsPowerOfTwo) {
    int n = Integer.highestOneBit(slotsPowerOfTwo);
    mask = n - 1;
    hashes = new int[n];
    keys = new byte[n][];
    labels = new Labels[n];
    refs = new long[n];
    refVariants = new Object[n];
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
    return (int) (h ^ (h >>> 32));
  }

  private static final long MIX = 0x9E3779B97F4A7C15L;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Returns the slot holding these labels, or -1. */
  int find(int hash, byte[] buf, int[] r, int n) {
    int slot = hash & mask;
    byte[] key = keys[slot];
    if (key == null || hashes[slot] != hash) {
      return -1;
    }
    int k = 0;
    for (int i = 0; i < n; i += 2) {
      int len = r[i + 1];
      if (k + len + 1 > key.length
          || !Arrays.equals(key, k, k + len, buf, r[i], r[i] + len)
          || key[k + len] != (byte) 0xff) {
        return -1;
      }
      k += len + 1;
    }
    return k == key.length ? slot : -1;
  }

  /** Stores {@code value} for the ranges; returns its slot. */
  int put(int hash, byte[] buf, int[] r, int n, Labels value) {
    int size = 0;
    for (int i = 0; i < n; i += 2) {
      size += r[i + 1] + 1;
    }
    if (scratch.length < size) {
      scratch = new byte[Math.max(size, scratch.length * 2)];
    }
    int k = 0;
    for (int i = 0; i < n; i += 2) {
      System.arraycopy(buf, r[i], scratch, k, r[i + 1]);
      k += r[i + 1];
      scratch[k++] = (byte) 0xff;
    }
    int slot = hash & mask;
    hashes[slot] = hash;
    keys[slot] = Arrays.copyOf(scratch, size);
    labels[slot] = value;
    refs[slot] = 0;
    refVariants[slot] = null;
    return slot;
  }

  Labels labels(int slot) {
    return labels[slot];
  }

  long ref(int slot, @Nullable Object variant) {
    return refVariants[slot] == variant ? refs[slot] : 0;
  }

  void ref(int slot, @Nullable Object variant, long ref) {
    refs[slot] = ref;
    refVariants[slot] = variant;
  }
}
