package io.argus.storage.chunkenc;

import io.argus.storage.StorageException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads a bit stream written by {@link BitWriter} from {@code buf[start, end)}. Multi-bit reads
 * load a 64-bit big-endian word where at least nine bytes remain. Reading past {@code end} throws
 * {@link StorageException}. Not thread-safe; {@link #reset} makes an instance reusable.
 */
final class BitReader {
  private static final VarHandle BE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private byte[] buf = new byte[0];
  private int end;

  /** Absolute bit position in {@code buf}. */
  private long bitPos;

  /** Points the reader at {@code buf[start, end)}, positioned at {@code start}. */
  void reset(byte[] buf, int start, int end) {
    this.buf = buf;
    this.end = end;
    this.bitPos = (long) start << 3;
  }

  /** Returns the absolute bit position in the array. */
  long bitPosition() {
    return bitPos;
  }

  boolean readBit() {
    int idx = (int) (bitPos >>> 3);
    if (idx >= end) {
      throw endOfStream();
    }
    int bit = (buf[idx] >>> (7 - (int) (bitPos & 7))) & 1;
    bitPos++;
    return bit != 0;
  }

  /** Reads {@code n} bits (1 ≤ n ≤ 64) as an unsigned value in the low-order bits. */
  long readBits(int n) {
    int idx = (int) (bitPos >>> 3);
    int used = (int) (bitPos & 7);
    long result;
    if (idx + 9 <= end) {
      long word = (long) BE_LONG.get(buf, idx) << used;
      if (n > 64 - used) {
        word |= (buf[idx + 8] & 0xFFL) >>> (8 - used);
      }
      result = word >>> (64 - n);
    } else {
      result = readBitsSlow(idx, used, n);
    }
    bitPos += n;
    return result;
  }

  private long readBitsSlow(int idx, int used, int n) {
    if (((long) end << 3) - bitPos < n) {
      throw endOfStream();
    }
    long result = 0;
    int remaining = n;
    while (remaining > 0) {
      int avail = 8 - used;
      int take = Math.min(avail, remaining);
      int bits = ((buf[idx] & 0xFF) >>> (avail - take)) & ((1 << take) - 1);
      result = (result << take) | bits;
      remaining -= take;
      used = 0;
      idx++;
    }
    return result;
  }

  /** Reads an unsigned LEB128 varint stored as 8-bit groups in the stream. */
  long readUvarint() {
    long x = 0;
    int shift = 0;
    for (int i = 0; i < 10; i++) {
      int b = (int) readBits(8);
      if (b < 0x80) {
        if (i == 9 && b > 1) {
          throw new StorageException("chunk: varint overflows 64 bits");
        }
        return x | ((long) b << shift);
      }
      x |= (long) (b & 0x7F) << shift;
      shift += 7;
    }
    throw new StorageException("chunk: varint longer than 10 bytes");
  }

  /** Reads a zigzag-encoded varint. */
  long readVarint() {
    long u = readUvarint();
    return (u >>> 1) ^ -(u & 1);
  }

  private StorageException endOfStream() {
    return new StorageException("chunk: unexpected end of bit stream at bit " + bitPos);
  }
}
