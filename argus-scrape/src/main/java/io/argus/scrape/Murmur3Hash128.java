package io.argus.scrape;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * MurmurHash3, x64 128-bit variant (Austin Appleby's public-domain design), over a byte range. The
 * two halves of the last hash computed are kept in {@link #lo} and {@link #hi} (the first and
 * second eight bytes of the reference implementation's output, read little-endian), so that hashing
 * allocates nothing. Not thread-safe: each user owns an instance.
 */
final class Murmur3Hash128 {
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;

  /** The first half of the last hash. */
  long lo;

  /** The second half of the last hash. */
  long hi;

  /**
   * Hashes {@code buf[from, to)} with {@code seed} as both halves' start value (the reference takes
   * a 32-bit seed; any value of it gives the same hash here when passed zero-extended).
   */
  void hash(byte[] buf, int from, int to, long seed) {
    long h1 = seed;
    long h2 = seed;
    int len = to - from;
    int i = from;
    for (int end = from + (len & ~15); i < end; i += 16) {
      h1 ^= mixK1((long) LONG_LE.get(buf, i));
      h1 = Long.rotateLeft(h1, 27) + h2;
      h1 = h1 * 5 + 0x52dce729;
      h2 ^= mixK2((long) LONG_LE.get(buf, i + 8));
      h2 = Long.rotateLeft(h2, 31) + h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    int tail = to - i;
    if (tail > 8) {
      h2 ^= mixK2(littleEndian(buf, i + 8, tail - 8));
    }
    if (tail > 0) {
      h1 ^= mixK1(littleEndian(buf, i, Math.min(tail, 8)));
    }
    h1 ^= len;
    h2 ^= len;
    h1 += h2;
    h2 += h1;
    h1 = fmix(h1);
    h2 = fmix(h2);
    h1 += h2;
    h2 += h1;
    lo = h1;
    hi = h2;
  }

  private static long mixK1(long k) {
    return Long.rotateLeft(k * C1, 31) * C2;
  }

  private static long mixK2(long k) {
    return Long.rotateLeft(k * C2, 33) * C1;
  }

  /** Reads {@code n} (1 to 8) bytes from {@code off} as a little-endian number. */
  private static long littleEndian(byte[] buf, int off, int n) {
    long k = 0;
    for (int j = n - 1; j >= 0; j--) {
      k = k << 8 | (buf[off + j] & 0xFF);
    }
    return k;
  }

  private static long fmix(long k) {
    k = (k ^ (k >>> 33)) * 0xff51afd7ed558ccdL;
    k = (k ^ (k >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return k ^ (k >>> 33);
  }
}
