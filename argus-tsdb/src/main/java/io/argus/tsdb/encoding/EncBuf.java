package io.argus.tsdb.encoding;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A growable byte buffer for building on-disk structures: big-endian fixed-width integers, Go-style
 * uvarints and zigzag varints, and length-prefixed strings. Not thread-safe; reuse with {@link
 * #reset()}.
 */
public final class EncBuf {
  private byte[] buf;
  private int len;

  public EncBuf() {
    this(256);
  }

  public EncBuf(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  /** Empties the buffer, keeping its capacity. */
  public EncBuf reset() {
    len = 0;
    return this;
  }

  /** Returns the number of bytes written. */
  public int len() {
    return len;
  }

  /** Returns the backing array; only the first {@link #len()} bytes are meaningful. */
  public byte[] array() {
    return buf;
  }

  /** Returns a copy of the written bytes. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }

  public EncBuf putByte(int b) {
    ensure(1);
    buf[len++] = (byte) b;
    return this;
  }

  public EncBuf putBytes(byte[] b) {
    return putBytes(b, 0, b.length);
  }

  public EncBuf putBytes(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
    return this;
  }

  public EncBuf putBe16(int v) {
    ensure(2);
    buf[len++] = (byte) (v >>> 8);
    buf[len++] = (byte) v;
    return this;
  }

  public EncBuf putBe32(int v) {
    ensure(4);
    putBe32At(len, v);
    len += 4;
    return this;
  }

  /** Overwrites four bytes at {@code pos} (already written) with {@code v}, big-endian. */
  public void putBe32At(int pos, int v) {
    buf[pos] = (byte) (v >>> 24);
    buf[pos + 1] = (byte) (v >>> 16);
    buf[pos + 2] = (byte) (v >>> 8);
    buf[pos + 3] = (byte) v;
  }

  public EncBuf putBe64(long v) {
    ensure(8);
    for (int s = 56; s >= 0; s -= 8) {
      buf[len++] = (byte) (v >>> s);
    }
    return this;
  }

  /** Writes an unsigned LEB128 varint, as Go's {@code binary.PutUvarint}. */
  public EncBuf putUvarint(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[len++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[len++] = (byte) v;
    return this;
  }

  /** Writes a zigzag-encoded signed varint, as Go's {@code binary.PutVarint}. */
  public EncBuf putVarint(long v) {
    return putUvarint((v << 1) ^ (v >> 63));
  }

  /** Writes a uvarint byte length followed by the UTF-8 bytes of {@code s}. */
  public EncBuf putUvarintStr(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    putUvarint(b.length);
    return putBytes(b);
  }

  /** Pads with zero bytes until {@link #len()} (plus {@code base}) is a multiple of {@code align}. */
  public EncBuf padTo(long base, int align) {
    while ((base + len) % align != 0) {
      putByte(0);
    }
    return this;
  }

  /** Returns the CRC32C of bytes {@code [from, len)}. */
  public int crc32c(int from) {
    CRC32C crc = new CRC32C();
    crc.update(buf, from, len - from);
    return (int) crc.getValue();
  }

  /** Appends the big-endian CRC32C of bytes {@code [from, len)}. */
  public EncBuf putCrc32c(int from) {
    return putBe32(crc32c(from));
  }

  /** Returns the number of bytes {@link #putUvarint} writes for {@code v}. */
  public static int uvarintSize(long v) {
    int n = 1;
    while ((v & ~0x7FL) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }
}
