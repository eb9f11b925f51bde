package io.argus.tsdb.encoding;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * A cursor that decodes big-endian integers, varints and strings from a {@link MemorySegment}
 * (a mapped file or a wrapped array) between a position and a limit. Reading past the limit or a
 * malformed varint throws {@link CorruptionException}. Not thread-safe; cheap to create.
 */
public final class DecBuf {
  private static final ValueLayout.OfInt BE32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfLong BE64 =
      ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
  private static final ValueLayout.OfShort BE16 =
      ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  private final MemorySegment seg;
  private long pos;
  private long limit;

  /** A cursor over {@code [pos, limit)} of {@code seg}. */
  public DecBuf(MemorySegment seg, long pos, long limit) {
    if (pos < 0 || limit > seg.byteSize() || pos > limit) {
      throw new CorruptionException(
          "range [" + pos + ", " + limit + ") outside " + seg.byteSize() + " bytes");
    }
    this.seg = seg;
    this.pos = pos;
    this.limit = limit;
  }

  /** A cursor over a whole array. */
  public static DecBuf of(byte[] b) {
    return new DecBuf(MemorySegment.ofArray(b), 0, b.length);
  }

  /** A cursor over {@code b[off, off+len)}. */
  public static DecBuf of(byte[] b, int off, int len) {
    return new DecBuf(MemorySegment.ofArray(b), off, (long) off + len);
  }

  public MemorySegment segment() {
    return seg;
  }

  public long position() {
    return pos;
  }

  public void position(long p) {
    if (p < 0 || p > limit) {
      throw new CorruptionException("position " + p + " outside limit " + limit);
    }
    pos = p;
  }

  public long limit() {
    return limit;
  }

  public long remaining() {
    return limit - pos;
  }

  private void need(long n) {
    if (limit - pos < n) {
      throw new CorruptionException(
          "unexpected end of data at " + pos + ": need " + n + ", have " + (limit - pos));
    }
  }

  public int getByte() {
    need(1);
    return seg.get(ValueLayout.JAVA_BYTE, pos++) & 0xFF;
  }

  public int getBe16() {
    need(2);
    int v = seg.get(BE16, pos) & 0xFFFF;
    pos += 2;
    return v;
  }

  public int getBe32() {
    need(4);
    int v = seg.get(BE32, pos);
    pos += 4;
    return v;
  }

  public long getBe64() {
    need(8);
    long v = seg.get(BE64, pos);
    pos += 8;
    return v;
  }

  /** Reads an unsigned LEB128 varint of at most 10 bytes. */
  public long getUvarint() {
    long x = 0;
    int s = 0;
    for (int i = 0; i < 10; i++) {
      need(1);
      int b = seg.get(ValueLayout.JAVA_BYTE, pos++) & 0xFF;
      if (b < 0x80) {
        if (i == 9 && b > 1) {
          throw new CorruptionException("varint overflows 64 bits at " + (pos - 1));
        }
        return x | ((long) b << s);
      }
      x |= (long) (b & 0x7F) << s;
      s += 7;
    }
    throw new CorruptionException("varint longer than 10 bytes at " + pos);
  }

  /** Reads a uvarint that must fit in 32 bits (unsigned), returned as a non-negative long. */
  public long getUvarint32() {
    long v = getUvarint();
    if ((v >>> 32) != 0) {
      throw new CorruptionException("uvarint32 overflow at " + pos);
    }
    return v;
  }

  /** Reads a zigzag-encoded signed varint. */
  public long getVarint() {
    long u = getUvarint();
    return (u >>> 1) ^ -(u & 1);
  }

  /** Reads a uvarint length followed by that many UTF-8 bytes. */
  public String getUvarintStr() {
    long n = getUvarint();
    need(n);
    String s = getString(pos, (int) n);
    pos += n;
    return s;
  }

  /** Decodes {@code n} UTF-8 bytes at absolute offset {@code at}. */
  public String getString(long at, int n) {
    if (n == 0) {
      return "";
    }
    byte[] b = new byte[n];
    MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, at, b, 0, n);
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Copies the next {@code n} bytes. */
  public byte[] getBytes(int n) {
    need(n);
    byte[] b = new byte[n];
    MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, pos, b, 0, n);
    pos += n;
    return b;
  }

  public void skip(long n) {
    need(n);
    pos += n;
  }

  /** Returns the CRC32C of the segment bytes {@code [from, to)}. */
  public static int crc32c(MemorySegment seg, long from, long to) {
    CRC32C crc = new CRC32C();
    crc.update(seg.asSlice(from, to - from).asByteBuffer());
    return (int) crc.getValue();
  }

  /**
   * Checks that the big-endian CRC32C stored at {@code [crcAt, crcAt+4)} matches bytes {@code
   * [from, crcAt)}.
   *
   * @throws CorruptionException naming {@code what} on mismatch
   */
  public static void verifyCrc32c(MemorySegment seg, long from, long crcAt, String what) {
    if (crcAt + 4 > seg.byteSize() || from > crcAt) {
      throw new CorruptionException(what + ": checksum outside data");
    }
    int want = seg.get(BE32, crcAt);
    int got = crc32c(seg, from, crcAt);
    if (want != got) {
      throw new CorruptionException(
          String.format("%s: checksum mismatch, stored %08x, computed %08x", what, want, got));
    }
  }
}
