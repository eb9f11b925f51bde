package io.argus.storage.chunkenc;

/**
 * The writing end of one growing XOR chunk: its bit stream and the state of its last sample, held
 * in this object's own fields. A holder of many open chunks (the head keeps one per series)
 * subclasses it, so that each open chunk costs its byte array and these fields instead of three
 * objects and the references between them. {@link XorChunk} uses it for its growable chunks.
 *
 * <p>The bytes written are those of {@link XorChunk}: identical to Prometheus' for the same
 * samples. A subclass starts a chunk with {@link #startChunk}, appends with {@link #encode} and may
 * drop the chunk with {@link #dropChunk}; between a drop (or construction) and the next start it
 * holds no chunk and no buffer.
 *
 * <p>Not thread-safe: the subclass guards it.
 */
public abstract class XorEncoder extends BitWriter {
  /** Marks "no value window yet" in {@link #leading}. */
  private static final int NO_WINDOW = -1;

  /** Bytes of a new chunk's buffer; it grows as needed (a 120-sample chunk is ~150-1,000). */
  private static final int INITIAL_CAPACITY = 32;

  private int count;
  private long lastT = Long.MIN_VALUE;
  private long lastBits;
  private long tDelta;
  private byte leading = NO_WINDOW;
  private byte trailing;

  /** An encoder without a chunk; {@link #startChunk} opens one. */
  protected XorEncoder() {}

  /**
   * Resumes the chunk encoded in {@code src[off, off+len)}: decodes every sample, as Prometheus
   * does when it re-opens a chunk, and continues a copy of its bit stream after the last one. Like
   * Prometheus, a chunk re-opened before any value window was written continues with the window L
   * = T = 0, so that its bytes stay identical to Prometheus'.
   *
   * @throws io.argus.storage.StorageException if the bytes cannot be decoded
   */
  XorEncoder(byte[] src, int off, int len) {
    XorChunk.XorIterator it = new XorChunk.XorIterator();
    it.reset(src, off, off + len);
    it.drain();
    int bits = (int) (it.reader.bitPosition() - ((long) off << 3));
    super(src, off, bits, len > (bits + 7) >>> 3, INITIAL_CAPACITY);
    if (it.numTotal > 0) {
      count = it.numTotal;
      lastT = it.t;
      lastBits = it.valueBits;
      tDelta = it.tDelta;
      leading = (byte) it.leading;
      trailing = (byte) it.trailing;
    }
  }

  /** Opens a new, empty chunk, discarding the current one (its bytes must have been copied). */
  protected final void startChunk() {
    restart(INITIAL_CAPACITY);
    writeBits(0, 16);
    count = 0;
    tDelta = 0;
    leading = NO_WINDOW;
    trailing = 0;
  }

  /** Drops the current chunk and its buffer; {@link #hasChunk} is false afterwards. */
  protected final void dropChunk() {
    release();
    count = 0;
  }

  /** Returns whether a chunk is open (started and not dropped). */
  protected final boolean hasChunk() {
    return bitLength() != 0;
  }

  /**
   * Returns the timestamp of the newest sample: the last one encoded, or the one given to {@link
   * #setNewestTime} since; {@link Long#MIN_VALUE} before either.
   */
  protected final long newestTime() {
    return lastT;
  }

  /** Returns the raw bits of the last value encoded (0 before any). */
  protected final long newestValueBits() {
    return lastBits;
  }

  /**
   * Records a newer sample time learnt elsewhere (a full chunk kept outside the encoder) while no
   * chunk is open. The next chunk's first sample is written whole, so this changes no bytes.
   *
   * @throws IllegalStateException if a chunk is open
   */
  protected final void setNewestTime(long t) {
    if (hasChunk()) {
      throw new IllegalStateException("a chunk is open");
    }
    lastT = t;
  }

  /** Returns the number of samples in the open chunk; 0 without one. */
  protected final int encodedSamples() {
    return count;
  }

  /**
   * Returns the buffer of the open chunk: its first {@link #encodedLength()} bytes are the chunk.
   * The array is replaced as the chunk grows; callers must copy what they keep.
   */
  protected final byte[] encodedBytes() {
    return bytes();
  }

  /** Returns the byte length of the open chunk, header included. */
  protected final int encodedLength() {
    return byteLength();
  }

  /**
   * Reads the state the next {@link #encode} touches and returns a value derived from it, changing
   * nothing; see {@link ChunkAppender#prefetch}. Safe to race with appends (the result is then
   * meaningless).
   */
  protected final int prefetchEncoder() {
    return count + (int) lastT + peekNext();
  }

  /**
   * Appends a sample to the open chunk. Timestamps must increase (not checked); NaN bit patterns
   * are kept.
   *
   * @throws IllegalStateException if the chunk already holds {@value XorChunk#MAX_SAMPLES} samples
   */
  protected final void encode(long t, double v) {
    if (count == XorChunk.MAX_SAMPLES) {
      throw new IllegalStateException("xor chunk is full: " + XorChunk.MAX_SAMPLES + " samples");
    }
    long bits = Double.doubleToRawLongBits(v);
    long delta = t - lastT;
    if (count == 0) {
      writeVarint(t);
      writeBits(bits, 64);
      endFieldWithByteWrites(64);
    } else if (count == 1) {
      writeUvarint(delta);
      writeValue(bits);
    } else {
      writeDeltaOfDelta(delta - tDelta);
      writeValue(bits);
    }
    if (count > 0) {
      tDelta = delta;
    }
    lastT = t;
    lastBits = bits;
    count++;
    putBe16At(0, count);
  }

  private void writeDeltaOfDelta(long dod) {
    if (dod == 0) {
      writeBit(false);
    } else if (dod >= -8191 && dod <= 8192) {
      writeBits((0b10L << 14) | (dod & 0x3FFF), 16);
    } else if (dod >= -65535 && dod <= 65536) {
      writeBits((0b110L << 17) | (dod & 0x1FFFF), 20);
    } else if (dod >= -524287 && dod <= 524288) {
      writeBits((0b1110L << 20) | (dod & 0xFFFFF), 24);
    } else {
      writeBits(0b1111, 4);
      writeBits(dod, 64);
    }
  }

  private void writeValue(long bits) {
    long x = bits ^ lastBits;
    if (x == 0) {
      writeBit(false);
      return;
    }
    int l = Math.min(Long.numberOfLeadingZeros(x), 31);
    int tz = Long.numberOfTrailingZeros(x);
    if (leading != NO_WINDOW && l >= leading && tz >= trailing) {
      int n = 64 - leading - trailing;
      if (n <= 62) {
        writeBits((0b10L << n) | (x >>> trailing), n + 2);
      } else {
        writeBits(0b10, 2);
        writeBits(x >>> trailing, n);
      }
      endFieldWithByteWrites(n);
      return;
    }
    leading = (byte) l;
    trailing = (byte) tz;
    int significant = 64 - l - tz;
    // control bits 11, 5 bits leading zeros, 6 bits significant-bit count (64 is written as 0)
    writeBits((0b11L << 11) | ((long) l << 6) | (significant & 0x3F), 13);
    writeBits(x >>> tz, significant);
    endFieldWithByteWrites(significant);
  }
}
