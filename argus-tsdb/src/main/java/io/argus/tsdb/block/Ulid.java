package io.argus.tsdb.block;

import io.argus.util.Clock;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A ULID: 48 bits of Unix milliseconds followed by 80 random bits, 16 bytes big-endian, written as
 * 26 characters of Crockford base32 (see storage-formats.md §7). Block directories and block IDs in
 * {@code meta.json} are ULIDs. Instances are immutable and order by their bytes, which is
 * creation-time order at millisecond granularity.
 */
public final class Ulid implements Comparable<Ulid> {
  private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  private static final int TEXT_LENGTH = 26;
  private static final long MAX_TIME = (1L << 48) - 1;

  /** Character value per ASCII code, -1 when invalid; lowercase accepted, no Crockford aliases. */
  private static final byte[] DECODE = new byte[128];

  static {
    java.util.Arrays.fill(DECODE, (byte) -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      char c = ALPHABET.charAt(i);
      DECODE[c] = (byte) i;
      DECODE[Character.toLowerCase(c)] = (byte) i;
    }
  }

  private static final class DefaultEntropy {
    static final SecureRandom RANDOM = new SecureRandom();
  }

  /** Bytes 0–7. */
  private final long hi;

  /** Bytes 8–15. */
  private final long lo;

  private Ulid(long hi, long lo) {
    this.hi = hi;
    this.lo = lo;
  }

  /** Returns a new ULID for the current time of {@code clock}, with random bits from a CSPRNG. */
  public static Ulid generate(Clock clock) {
    return generate(clock, DefaultEntropy.RANDOM);
  }

  /**
   * Returns a new ULID whose time part is {@code clock.millis()} and whose 80 random bits come from
   * {@code rnd}.
   *
   * @throws IllegalArgumentException when the time does not fit 48 bits (before 1970 or after year
   *     10889)
   */
  public static Ulid generate(Clock clock, RandomGenerator rnd) {
    long ms = clock.millis();
    if (ms < 0 || ms > MAX_TIME) {
      throw new IllegalArgumentException("ulid: timestamp " + ms + " out of range");
    }
    long random16 = rnd.nextLong() & 0xFFFF;
    return new Ulid((ms << 16) | random16, rnd.nextLong());
  }

  /** Returns the ULID of 16 big-endian bytes. */
  public static Ulid fromBytes(byte[] b) {
    if (b.length != 16) {
      throw new IllegalArgumentException("ulid: bad data size when unmarshaling");
    }
    long h = 0;
    long l = 0;
    for (int i = 0; i < 8; i++) {
      h = (h << 8) | (b[i] & 0xFF);
      l = (l << 8) | (b[i + 8] & 0xFF);
    }
    return new Ulid(h, l);
  }

  /**
   * Parses the 26-character text form strictly: only the Crockford alphabet (either case, no
   * I/L/O/U aliasing), and a first character of 0–7 so the value fits 128 bits.
   *
   * @throws IllegalArgumentException with oklog/ulid's wording when {@code s} is not a ULID
   */
  public static Ulid parse(String s) {
    Ulid u = decode(s);
    if (u != null) {
      return u;
    }
    if (s.length() != TEXT_LENGTH) {
      throw new IllegalArgumentException("ulid: bad data size when unmarshaling: " + quote(s));
    }
    int first = value(s.charAt(0));
    if (first > 7) {
      throw new IllegalArgumentException("ulid: overflow when unmarshaling: " + quote(s));
    }
    throw new IllegalArgumentException("ulid: bad data characters when unmarshaling: " + quote(s));
  }

  /** Returns the parsed ULID, or empty when {@code s} is not a strictly valid ULID. */
  public static Optional<Ulid> tryParse(String s) {
    return Optional.ofNullable(decode(s));
  }

  private static @Nullable Ulid decode(String s) {
    if (s.length() != TEXT_LENGTH) {
      return null;
    }
    long h = 0;
    long l = 0;
    for (int i = 0; i < TEXT_LENGTH; i++) {
      int v = value(s.charAt(i));
      if (v < 0 || (i == 0 && v > 7)) {
        return null;
      }
      h = (h << 5) | (l >>> 59);
      l = (l << 5) | v;
    }
    return new Ulid(h, l);
  }

  private static int value(char c) {
    return c < 128 ? DECODE[c] : -1;
  }

  private static String quote(String s) {
    return '"' + s + '"';
  }

  /** Returns the time part in Unix milliseconds. */
  public long timestamp() {
    return hi >>> 16;
  }

  /** Returns the 16 big-endian bytes. */
  public byte[] toBytes() {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (hi >>> (56 - 8 * i));
      b[i + 8] = (byte) (lo >>> (56 - 8 * i));
    }
    return b;
  }

  /** Returns the canonical uppercase 26-character form. */
  @Override
  public String toString() {
    char[] out = new char[TEXT_LENGTH];
    for (int i = 0; i < TEXT_LENGTH; i++) {
      out[i] = ALPHABET.charAt(fiveBitsAt((TEXT_LENGTH - 1 - i) * 5));
    }
    return new String(out);
  }

  /** Returns the 5 bits of the 128-bit value starting at bit {@code shift} (0 = least). */
  private int fiveBitsAt(int shift) {
    long bits;
    if (shift >= 64) {
      bits = hi >>> (shift - 64);
    } else if (shift + 5 <= 64) {
      bits = lo >>> shift;
    } else {
      bits = (lo >>> shift) | (hi << (64 - shift));
    }
    return (int) (bits & 31);
  }

  @Override
  public int compareTo(Ulid o) {
    int c = Long.compareUnsigned(hi, o.hi);
    return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Ulid u && u.hi == hi && u.lo == lo;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(hi) * 31 + Long.hashCode(lo);
  }
}
