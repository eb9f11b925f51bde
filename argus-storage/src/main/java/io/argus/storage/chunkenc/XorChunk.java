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
  private @Nullable GrowingAppender writer;
  private byte[] data;
  private int off;
  private int len;
  private byte @Nullable [] zeroBasedCopy;

  /** An empty, growable chunk. */
  public XorChunk() {
    GrowingAppender w = new GrowingAppender();
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
    GrowingAppender w = writer;
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
    GrowingAppender w = writer;
    return w != null ? w.byteLength() : len;
  }

  @Override
  public int numSamples() {
    GrowingAppender w = writer;
    byte[] b = w != null ? w.bytes() : data;
    int at = w != null ? 0 : off;
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  @Override
  public SampleIterator iterator(@Nullable SampleIterator reuse) {
    XorIterator it = reuse instanceof XorIterator x ? x : new XorIterator();
    GrowingAppender w = writer;
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
    GrowingAppender w = writer;
    if (w != null) {
      return w;
    }
    w = new GrowingAppender(data, off, len);
    writer = w;
    data = w.bytes();
    off = 0;
    len = 0;
    zeroBasedCopy = null;
    return w;
  }

  @Override
  public String toString() {
    return "XorChunk{samples=" + numSamples() + ", bytes=" + byteLength() + "}";
  }

  /** The encoder of a growable chunk, which is also its appender. */
  private static final class GrowingAppender extends XorEncoder implements ChunkAppender {
    GrowingAppender() {
      startChunk();
    }

    GrowingAppender(byte[] src, int off, int len) {
      super(src, off, len);
    }

    @Override
    public void append(long t, double v) {
      encode(t, v);
    }

    @Override
    public int prefetch() {
      return prefetchEncoder();
    }
  }

  /** Decodes a chunk; reusable through {@link XorChunk#iterator(SampleIterator)}. */
  static final class XorIterator implements SampleIterator {
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
