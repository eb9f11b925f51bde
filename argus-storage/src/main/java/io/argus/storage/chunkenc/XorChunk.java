package io.argus.storage.chunkenc;

import io.argus.storage.FloatSamples;
import io.argus.storage.SampleIterator;
import io.argus.storage.StorageException;
import io.argus.storage.ValueType;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A float chunk in Prometheus' XOR encoding (encoding 1): a big-endian 16-bit sample count, then
 * timestamps as varint / uvarint delta / delta-of-delta buckets and values as XOR-compressed
 * doubles, most-significant bit first (docs/storage-formats.md §3.2). The bytes are identical to
 * what Prometheus writes for the same samples.
 *
 * <p>A chunk is either growable (created empty with {@link #XorChunk()}) or wraps existing bytes
 * ({@link #wrap}); wrapped bytes are never modified: {@link #appender()} first copies them. Not
 * thread-safe: a chunk being appended to may only be read by the appending thread or after a
 * happens-before edge.
 */
public final class XorChunk implements Chunk {
  /** The most samples a chunk can count in its 16-bit header. */
  public static final int MAX_SAMPLES = 0xFFFF;

  private static final int HEADER_BYTES = 2;
  /** Bytes of a new chunk's buffer; it doubles as needed (a 120-sample chunk is ~150-300). */
  private static final int INITIAL_CAPACITY = 32;

  /** Marks "no value window yet" in the appender. */
  private static final int NO_WINDOW = -1;

  private @Nullable BitWriter writer;
  private byte[] data;
  private int off;
  private int len;
  private byte @Nullable [] zeroBasedCopy;

  /** An empty, growable chunk. */
  public XorChunk() {
    BitWriter w = new BitWriter(INITIAL_CAPACITY);
    w.writeBits(0, 16);
    writer = w;
    data = w.bytes();
  }

  private XorChunk(byte[] data, int off, int len) {
    this.data = data;
    this.off = off;
    this.len = len;
  }

  /**
   * Wraps encoded XOR bytes {@code data[off, off+len)} without copying. The caller must not modify
   * them while the chunk is in use.
   *
   * @throws IllegalArgumentException if the range is invalid or shorter than the 2-byte header
   */
  public static XorChunk wrap(byte[] data, int off, int len) {
    if (off < 0 || len < HEADER_BYTES || off > data.length - len) {
      throw new IllegalArgumentException(
          "invalid xor chunk range: offset " + off + ", length " + len + " of " + data.length);
    }
    return new XorChunk(data, off, len);
  }

  /** Wraps a whole array of encoded XOR bytes without copying. */
  public static XorChunk fromBytes(byte[] data) {
    return wrap(data, 0, data.length);
  }

  @Override
  public Encoding encoding() {
    return Encoding.XOR;
  }

  /**
   * {@inheritDoc}
   *
   * <p>For a chunk wrapping bytes at a non-zero offset this returns a copy, made once.
   */
  @Override
  public byte[] bytes() {
    BitWriter w = writer;
    if (w != null) {
      return w.bytes();
    }
    if (off == 0) {
      return data;
    }
    byte[] copy = zeroBasedCopy;
    if (copy == null) {
      copy = Arrays.copyOfRange(data, off, off + len);
      zeroBasedCopy = copy;
    }
    return copy;
  }

  @Override
  public int byteLength() {
    BitWriter w = writer;
    return w != null ? w.byteLength() : len;
  }

  @Override
  public int numSamples() {
    BitWriter w = writer;
    byte[] b = w != null ? w.bytes() : data;
    int at = w != null ? 0 : off;
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  @Override
  public SampleIterator iterator(@Nullable SampleIterator reuse) {
    XorIterator it = reuse instanceof XorIterator x ? x : new XorIterator();
    BitWriter w = writer;
    if (w != null) {
      it.reset(w.bytes(), 0, w.byteLength());
    } else {
      it.reset(data, off, off + len);
    }
    return it;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Re-opening restores the encoder state by decoding every sample, as Prometheus does; like
   * Prometheus, a chunk re-opened before any value window was written continues with the window L =
   * T = 0, so its bytes stay identical to Prometheus'.
   *
   * @throws StorageException if the existing bytes cannot be decoded
   */
  @Override
  public ChunkAppender appender() {
    XorIterator it = new XorIterator();
    BitWriter w = writer;
    if (w == null) {
      it.reset(data, off, off + len);
      it.drain();
      int bits = (int) (it.reader.bitPosition() - ((long) off << 3));
      w = new BitWriter(data, off, bits, len > (bits + 7) >>> 3, INITIAL_CAPACITY);
      writer = w;
      data = w.bytes();
      off = 0;
      len = 0;
      zeroBasedCopy = null;
    } else {
      it.reset(w.bytes(), 0, w.byteLength());
      it.drain();
    }
    if (it.numTotal == 0) {
      return new XorAppender(w, 0, 0, 0, 0, NO_WINDOW, 0);
    }
    return new XorAppender(w, it.numTotal, it.t, it.valueBits, it.tDelta, it.leading, it.trailing);
  }

  @Override
  public String toString() {
    return "XorChunk{samples=" + numSamples() + ", bytes=" + byteLength() + "}";
  }

  /** Encodes samples at the end of a growable chunk. */
  private static final class XorAppender implements ChunkAppender {
    private final BitWriter w;
    private int count;
    private long t;
    private long valueBits;
    private long tDelta;
    private int leading;
    private int trailing;

    XorAppender(
        BitWriter w, int count, long t, long valueBits, long tDelta, int leading, int trailing) {
      this.w = w;
      this.count = count;
      this.t = t;
      this.valueBits = valueBits;
      this.tDelta = tDelta;
      this.leading = leading;
      this.trailing = trailing;
    }

    @Override
    public int prefetch() {
      return count + (int) t + w.peekNext();
    }

    @Override
    public void append(long ts, double v) {
      if (count == MAX_SAMPLES) {
        throw new IllegalStateException("xor chunk is full: " + MAX_SAMPLES + " samples");
      }
      long bits = Double.doubleToRawLongBits(v);
      long delta = ts - t;
      if (count == 0) {
        w.writeVarint(ts);
        w.writeBits(bits, 64);
        w.endFieldWithByteWrites(64);
      } else if (count == 1) {
        w.writeUvarint(delta);
        writeValue(bits);
      } else {
        writeDeltaOfDelta(delta - tDelta);
        writeValue(bits);
      }
      if (count > 0) {
        tDelta = delta;
      }
      t = ts;
      valueBits = bits;
      count++;
      w.putBe16At(0, count);
    }

    private void writeDeltaOfDelta(long dod) {
      if (dod == 0) {
        w.writeBit(false);
      } else if (dod >= -8191 && dod <= 8192) {
        w.writeBits((0b10L << 14) | (dod & 0x3FFF), 16);
      } else if (dod >= -65535 && dod <= 65536) {
        w.writeBits((0b110L << 17) | (dod & 0x1FFFF), 20);
      } else if (dod >= -524287 && dod <= 524288) {
        w.writeBits((0b1110L << 20) | (dod & 0xFFFFF), 24);
      } else {
        w.writeBits(0b1111, 4);
        w.writeBits(dod, 64);
      }
    }

    private void writeValue(long bits) {
      long x = bits ^ valueBits;
      if (x == 0) {
        w.writeBit(false);
        return;
      }
      int l = Math.min(Long.numberOfLeadingZeros(x), 31);
      int tz = Long.numberOfTrailingZeros(x);
      if (leading != NO_WINDOW && l >= leading && tz >= trailing) {
        int n = 64 - leading - trailing;
        if (n <= 62) {
          w.writeBits((0b10L << n) | (x >>> trailing), n + 2);
        } else {
          w.writeBits(0b10, 2);
          w.writeBits(x >>> trailing, n);
        }
        w.endFieldWithByteWrites(n);
        return;
      }
      leading = l;
      trailing = tz;
      int significant = 64 - l - tz;
      // control bits 11, 5 bits leading zeros, 6 bits significant-bit count (64 is written as 0)
      w.writeBits((0b11L << 11) | ((long) l << 6) | (significant & 0x3F), 13);
      w.writeBits(x >>> tz, significant);
      w.endFieldWithByteWrites(significant);
    }
  }

  /** Decodes a chunk; reusable through {@link XorChunk#iterator(SampleIterator)}. */
  private static final class XorIterator implements SampleIterator {
    final BitReader reader = new BitReader();
    int numTotal;
    int numRead;
    boolean exhausted;
    long t;
    long valueBits;
    long tDelta;
    int leading;
    int trailing;

    void reset(byte[] buf, int start, int end) {
      numTotal = ((buf[start] & 0xFF) << 8) | (buf[start + 1] & 0xFF);
      reader.reset(buf, start + HEADER_BYTES, end);
      numRead = 0;
      exhausted = false;
      t = Long.MIN_VALUE;
      valueBits = 0;
      tDelta = 0;
      leading = 0;
      trailing = 0;
    }

    @Override
    public ValueType next() {
      if (numRead == numTotal) {
        exhausted = true;
        return ValueType.NONE;
      }
      if (numRead == 0) {
        t = reader.readVarint();
        valueBits = reader.readBits(64);
      } else if (numRead == 1) {
        tDelta = reader.readUvarint();
        t += tDelta;
        readValue();
      } else {
        tDelta += readDeltaOfDelta();
        t += tDelta;
        readValue();
      }
      numRead++;
      return ValueType.FLOAT;
    }

    /** Decodes every remaining sample, leaving the state of the last one. */
    void drain() {
      while (next() != ValueType.NONE) {
        // only the final state matters
      }
    }

    private long readDeltaOfDelta() {
      if (!reader.readBit()) {
        return 0;
      }
      int size;
      if (!reader.readBit()) {
        size = 14;
      } else if (!reader.readBit()) {
        size = 17;
      } else if (!reader.readBit()) {
        size = 20;
      } else {
        return reader.readBits(64);
      }
      long u = reader.readBits(size);
      return u > (1L << (size - 1)) ? u - (1L << size) : u;
    }

    private void readValue() {
      if (!reader.readBit()) {
        return;
      }
      if (reader.readBit()) {
        int l = (int) reader.readBits(5);
        int significant = (int) reader.readBits(6);
        if (significant == 0) {
          significant = 64;
        }
        if (l + significant > 64) {
          throw new StorageException(
              "xor chunk: invalid value window, leading " + l + " + significant " + significant);
        }
        leading = l;
        trailing = 64 - l - significant;
      }
      long x = reader.readBits(64 - leading - trailing) << trailing;
      valueBits ^= x;
    }

    @Override
    public ValueType seek(long target) {
      if (exhausted) {
        return ValueType.NONE;
      }
      while (numRead == 0 || t < target) {
        if (next() == ValueType.NONE) {
          return ValueType.NONE;
        }
      }
      return ValueType.FLOAT;
    }

    @Override
    public long atT() {
      return t;
    }

    @Override
    public double atFloat() {
      return Double.longBitsToDouble(valueBits);
    }

    @Override
    public ValueType readFloats(long maxT, FloatSamples out) {
      if (t > maxT) {
        return ValueType.FLOAT;
      }
      long[] ts = out.times;
      double[] vs = out.values;
      int n = out.size;
      while (true) {
        if (n == ts.length) {
          out.size = n;
          out.ensureRoom();
          ts = out.times;
          vs = out.values;
        }
        ts[n] = t;
        vs[n] = Double.longBitsToDouble(valueBits);
        n++;
        if (next() == ValueType.NONE) {
          out.size = n;
          return ValueType.NONE;
        }
        if (t > maxT) {
          out.size = n;
          return ValueType.FLOAT;
        }
      }
    }
  }
}
