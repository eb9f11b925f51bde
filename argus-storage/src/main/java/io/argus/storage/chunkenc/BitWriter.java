package io.argus.storage.chunkenc;

import java.util.Arrays;

/**
 * An append-only bit stream, most-significant bit first: the first bit written is bit 7 of the
 * first byte. Bits past the written length are always zero, so the last byte is zero-padded. Writes
 * go straight into a growable byte array, whole bytes at a time. Not thread-safe.
 *
 * <p>Extended by {@link XorEncoder}, whose subclasses keep the stream in their own fields.
 */
class BitWriter {
  private static final byte[] NO_BYTES = new byte[0];

  private byte[] buf;
  private int bitLen;
  private boolean trailingEmptyByte;

  /** A stream without a buffer: empty until {@link #restart} gives it one. */
  BitWriter() {
    buf = NO_BYTES;
  }

  /** An empty stream with room for {@code initialCapacity} bytes before it grows. */
  BitWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  /**
   * A stream continuing a copy of the first {@code bitLen} bits of {@code src[off, ...)}. Bits of
   * the last byte beyond {@code bitLen} are cleared in the copy.
   */
  BitWriter(byte[] src, int off, int bitLen, int extraCapacity) {
    this(src, off, bitLen, false, extraCapacity);
  }

  /**
   * Like {@link #BitWriter(byte[], int, int, int)}, also keeping an empty byte after the stream
   * (see {@link #endFieldWithByteWrites}) when {@code trailingEmptyByte} is set.
   */
  BitWriter(byte[] src, int off, int bitLen, boolean trailingEmptyByte, int extraCapacity) {
    this.trailingEmptyByte = trailingEmptyByte && (bitLen & 7) == 0;
    int byteLen = (bitLen + 7) >>> 3;
    buf = new byte[Math.max(16, byteLen + extraCapacity)];
    System.arraycopy(src, off, buf, 0, byteLen);
    this.bitLen = bitLen;
    int usedInLast = bitLen & 7;
    if (usedInLast != 0) {
      buf[byteLen - 1] &= (byte) (0xFF << (8 - usedInLast));
    }
  }

  /** Empties the stream and gives it a new buffer of {@code capacity} bytes. */
  final void restart(int capacity) {
    buf = new byte[capacity];
    bitLen = 0;
    trailingEmptyByte = false;
  }

  /** Empties the stream and drops its buffer. */
  final void release() {
    buf = NO_BYTES;
    bitLen = 0;
    trailingEmptyByte = false;
  }

  /** Returns the backing array; only the first {@link #byteLength()} bytes are the stream. */
  final byte[] bytes() {
    return buf;
  }

  /** Returns the number of bits written. */
  final int bitLength() {
    return bitLen;
  }

  /**
   * Returns the number of bytes the stream occupies, including the partial last byte and the empty
   * byte announced by {@link #endFieldWithByteWrites}.
   */
  final int byteLength() {
    return ((bitLen + 7) >>> 3) + (trailingEmptyByte ? 1 : 0);
  }

  /** Returns the byte the next write goes to (0 past the buffer); see ChunkAppender#prefetch. */
  final int peekNext() {
    byte[] b = buf;
    int i = bitLen >>> 3;
    return i < b.length ? b[i] : 0;
  }

  /**
   * Records that the field just written was {@code fieldBits} long and that Prometheus' bit stream
   * writes such a field as whole bytes, then bits. Prometheus' writer appends an empty byte after a
   * whole-byte write that ends on a byte boundary; the next write fills it, but when the stream ends
   * there, that zero byte is part of the chunk. This makes {@link #byteLength()} count it, so chunk
   * bytes stay identical to Prometheus'.
   */
  final void endFieldWithByteWrites(int fieldBits) {
    trailingEmptyByte = fieldBits >= 8 && (fieldBits & 7) == 0 && (bitLen & 7) == 0;
    if (trailingEmptyByte && (bitLen >>> 3) >= buf.length) {
      grow((bitLen >>> 3) + 1);
    }
  }

  /** Writes a single bit. */
  final void writeBit(boolean bit) {
    trailingEmptyByte = false;
    int idx = bitLen >>> 3;
    if (idx >= buf.length) {
      grow(idx + 1);
    }
    if (bit) {
      buf[idx] |= (byte) (0x80 >>> (bitLen & 7));
    }
    bitLen++;
  }

  /** Writes the {@code n} low-order bits of {@code value}, most significant first; 0 ≤ n ≤ 64. */
  final void writeBits(long value, int n) {
    if (n == 0) {
      return;
    }
    trailingEmptyByte = false;
    int idx = bitLen >>> 3;
    int used = bitLen & 7;
    if (idx + 9 > buf.length) {
      grow(idx + 9);
    }
    long aligned = value << (64 - n);
    buf[idx] |= (byte) (aligned >>> (56 + used));
    int written = 8 - used;
    if (n > written) {
      aligned <<= written;
      int remaining = n - written;
      while (remaining > 0) {
        buf[++idx] = (byte) (aligned >>> 56);
        aligned <<= 8;
        remaining -= 8;
      }
    }
    bitLen += n;
  }

  /** Writes {@code v} as an unsigned LEB128 varint, eight bits per group through the stream. */
  final void writeUvarint(long v) {
    while ((v & ~0x7FL) != 0) {
      writeBits((v & 0x7F) | 0x80, 8);
      v >>>= 7;
    }
    writeBits(v, 8);
  }

  /** Writes {@code v} zigzag-encoded as a varint. */
  final void writeVarint(long v) {
    writeUvarint((v << 1) ^ (v >> 63));
  }

  /** Overwrites two whole bytes at byte offset {@code pos} (already written) with {@code v}. */
  final void putBe16At(int pos, int v) {
    buf[pos] = (byte) (v >>> 8);
    buf[pos + 1] = (byte) v;
  }

  /**
   * A head chunk is cut at about this size (1024 bytes minus the largest sample), so growing
   * buffers stop here once before growing on.
   */
  private static final int HEAD_CHUNK_BYTES = 1024;

  /**
   * Grows by half rather than doubling, and not past {@value #HEAD_CHUNK_BYTES} in a step that
   * starts below it: a head holds one growing buffer per series, and the smaller steps leave
   * about a fifth of it unused on average instead of about a third.
   */
  private void grow(int minCapacity) {
    int step = buf.length + (buf.length >> 1);
    if (buf.length < HEAD_CHUNK_BYTES) {
      step = Math.min(step, HEAD_CHUNK_BYTES);
    }
    buf = Arrays.copyOf(buf, Math.max(minCapacity, step));
  }
}
