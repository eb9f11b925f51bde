package io.argus.tsdb.record;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Utf8Order;
import io.argus.tsdb.encoding.CorruptionException;
import io.argus.tsdb.encoding.DecBuf;
import io.argus.tsdb.encoding.EncBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encoders and decoders for the WAL records Argus writes, byte for byte as Prometheus does:
 *
 * <pre>
 * Series     --&gt; 0x01, { be64 ref, uvarint labelCount, labelCount x { ustr name, ustr value } }*
 * Samples    --&gt; 0x02 [ be64 baseRef, be64 baseT, { varint ref-baseRef, varint t-baseT,
 *                                                    be64 valueBits }+ ]
 * Tombstones --&gt; 0x03, { be64 ref, varint minTime, varint maxTime }*
 * </pre>
 *
 * <p>{@code varint} is zigzag, {@code ustr} a uvarint byte length and UTF-8 bytes. Every sample
 * including the first carries its deltas, so the first costs {@code 00 00}. An empty samples record
 * (just the type byte) is legal.
 *
 * <p>Encoders append one record to an {@link EncBuf}; decoders append to a caller's collection,
 * which the caller clears between records when reusing it. Decoders throw {@link
 * CorruptionException} on a wrong type byte, truncated data or trailing garbage. Stateless and
 * thread-safe.
 */
public final class Records {
  private Records() {}

  /** Returns the type of a record, {@link RecordType#UNKNOWN} for an empty one. */
  public static RecordType type(byte[] rec) {
    return type(rec, rec.length);
  }

  /** Returns the type of the record in {@code rec[0, len)}. */
  public static RecordType type(byte[] rec, int len) {
    return len == 0 ? RecordType.UNKNOWN : RecordType.ofCode(rec[0] & 0xFF);
  }

  /** Appends a series record with the given entries to {@code out}. */
  public static EncBuf encodeSeries(EncBuf out, List<RefSeries> series) {
    out.putByte(RecordType.SERIES.code());
    for (RefSeries s : series) {
      out.putBe64(s.ref());
      Labels ls = s.labels();
      out.putUvarint(ls.size());
      for (int i = 0; i < ls.size(); i++) {
        out.putUvarintStr(ls.name(i));
        out.putUvarintStr(ls.value(i));
      }
    }
    return out;
  }

  /** Appends a samples record holding every sample of {@code samples} to {@code out}. */
  public static EncBuf encodeSamples(EncBuf out, SampleBatch samples) {
    out.putByte(RecordType.SAMPLES.code());
    int n = samples.size();
    if (n == 0) {
      return out;
    }
    long[] refs = samples.refs();
    long[] ts = samples.timestamps();
    double[] vs = samples.values();
    long baseRef = refs[0];
    long baseT = ts[0];
    out.putBe64(baseRef);
    out.putBe64(baseT);
    for (int i = 0; i < n; i++) {
      out.putVarint(refs[i] - baseRef);
      out.putVarint(ts[i] - baseT);
      out.putBe64(Double.doubleToRawLongBits(vs[i]));
    }
    return out;
  }

  /** Appends a tombstones record with one entry per interval to {@code out}. */
  public static EncBuf encodeTombstones(EncBuf out, List<RefTombstone> tombstones) {
    out.putByte(RecordType.TOMBSTONES.code());
    for (RefTombstone s : tombstones) {
      out.putBe64(s.ref());
      out.putVarint(s.minTime());
      out.putVarint(s.maxTime());
    }
    return out;
  }

  /** Decodes the series record {@code rec}, appending its entries to {@code into}. */
  public static void decodeSeries(byte[] rec, List<RefSeries> into) {
    decodeSeries(rec, rec.length, into);
  }

  /** Decodes the series record in {@code rec[0, len)}, appending its entries to {@code into}. */
  public static void decodeSeries(byte[] rec, int len, List<RefSeries> into) {
    checkType(rec, len, RecordType.SERIES);
    // Like decodeSamples, reads the array directly; strings are decoded in place. One call per
    // series, so that a fresh JVM compiles the decoding after a few hundred series instead of
    // interpreting the whole record's loop until on-stack replacement.
    int pos = 1;
    long[] cursor = new long[1];
    while (pos < len) {
      pos = decodeOneSeries(rec, pos, len, cursor, into);
    }
  }

  private static int decodeOneSeries(
      byte[] rec, int pos, int len, long[] cursor, List<RefSeries> into) {
    if (len - pos < 8) {
      throw truncated(pos, 8, len);
    }
    long ref = be64(rec, pos);
    pos = uvarint(rec, pos + 8, len, cursor);
    long count = cursor[0];
    // Each label takes at least two bytes, which bounds the allocation on garbage input.
    if (count > (len - pos) / 2 || count < 0) {
      throw new CorruptionException(
          "series record: label count " + count + " exceeds remaining bytes");
    }
    String[] pairs = new String[(int) count * 2];
    boolean sortedNonEmpty = true;
    for (int i = 0; i < pairs.length; i++) {
      pos = uvarint(rec, pos, len, cursor);
      long n = cursor[0];
      if (n > len - pos || n < 0) {
        throw new CorruptionException(
            "unexpected end of data at " + pos + ": need " + n + ", have " + (len - pos));
      }
      pairs[i] = n == 0 ? "" : new String(rec, pos, (int) n, StandardCharsets.UTF_8);
      pos += (int) n;
    }
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1].isEmpty() || (i > 0 && Utf8Order.compare(pairs[i - 2], pairs[i]) >= 0)) {
        sortedNonEmpty = false;
      }
    }
    into.add(new RefSeries(ref, toLabels(pairs, sortedNonEmpty)));
    return pos;
  }

  private static Labels toLabels(String[] pairs, boolean sortedNonEmpty) {
    if (sortedNonEmpty) {
      return Labels.ofSortedPairs(pairs);
    }
    try {
      return Labels.of(pairs);
    } catch (IllegalArgumentException e) {
      throw new CorruptionException("series record: " + e.getMessage(), e);
    }
  }

  /** Decodes the samples record {@code rec}, appending its samples to {@code into}. */
  public static void decodeSamples(byte[] rec, SampleBatch into) {
    decodeSamples(rec, rec.length, into);
  }

  /**
   * Decodes the samples record in {@code rec[0, len)}, appending its samples to {@code into}. Does
   * not allocate per sample.
   */
  public static void decodeSamples(byte[] rec, int len, SampleBatch into) {
    checkType(rec, len, RecordType.SAMPLES);
    if (len == 1) {
      return;
    }
    // Decoded straight from the array (not through DecBuf's memory segment): this loop runs for
    // every sample of a WAL replay, often in a fresh JVM, where fewer and smaller methods to
    // compile make it fast sooner.
    if (len < 17) {
      throw truncated(1, 16, len);
    }
    long baseRef = be64(rec, 1);
    long baseT = be64(rec, 9);
    int pos = 17;
    long[] cursor = new long[1];
    while (pos < len) {
      pos = decodeSampleRun(rec, pos, len, baseRef, baseT, cursor, into);
    }
  }

  /**
   * Decodes up to {@link #SAMPLE_RUN} samples from {@code rec[pos, len)} and returns the position
   * after them. Records hold thousands of samples; a call per run lets a fresh JVM compile this
   * loop after a few hundred runs instead of interpreting a record's loop until on-stack
   * replacement.
   */
  private static int decodeSampleRun(
      byte[] rec, int pos, int len, long baseRef, long baseT, long[] cursor, SampleBatch into) {
    for (int k = 0; k < SAMPLE_RUN && pos < len; k++) {
      pos = uvarint(rec, pos, len, cursor);
      long ref = baseRef + unzigzag(cursor[0]);
      pos = uvarint(rec, pos, len, cursor);
      long t = baseT + unzigzag(cursor[0]);
      if (len - pos < 8) {
        throw truncated(pos, 8, len);
      }
      into.add(ref, t, Double.longBitsToDouble(be64(rec, pos)));
      pos += 8;
    }
    return pos;
  }

  private static final int SAMPLE_RUN = 32;

  private static long be64(byte[] b, int at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[at + i] & 0xFF);
    }
    return v;
  }

  /**
   * Reads an unsigned LEB128 varint of at most 10 bytes from {@code b[pos, len)} into {@code
   * out[0]} and returns the position after it.
   */
  private static int uvarint(byte[] b, int pos, int len, long[] out) {
    long x = 0;
    int s = 0;
    for (int i = 0; i < 10; i++) {
      if (pos >= len) {
        throw truncated(pos, 1, len);
      }
      int c = b[pos++] & 0xFF;
      if (c < 0x80) {
        if (i == 9 && c > 1) {
          throw new CorruptionException("varint overflows 64 bits at " + (pos - 1));
        }
        out[0] = x | ((long) c << s);
        return pos;
      }
      x |= (long) (c & 0x7F) << s;
      s += 7;
    }
    throw new CorruptionException("varint longer than 10 bytes at " + pos);
  }

  private static long unzigzag(long u) {
    return (u >>> 1) ^ -(u & 1);
  }

  private static CorruptionException truncated(int pos, int need, int len) {
    return new CorruptionException(
        "unexpected end of data at " + pos + ": need " + need + ", have " + (len - pos));
  }

  /** Decodes the tombstones record {@code rec}, appending its entries to {@code into}. */
  public static void decodeTombstones(byte[] rec, List<RefTombstone> into) {
    decodeTombstones(rec, rec.length, into);
  }

  /** Decodes the tombstones record in {@code rec[0, len)}, appending to {@code into}. */
  public static void decodeTombstones(byte[] rec, int len, List<RefTombstone> into) {
    DecBuf d = open(rec, len, RecordType.TOMBSTONES);
    while (d.remaining() > 0) {
      long ref = d.getBe64();
      long minTime = d.getVarint();
      long maxTime = d.getVarint();
      into.add(new RefTombstone(ref, minTime, maxTime));
    }
  }

  private static DecBuf open(byte[] rec, int len, RecordType want) {
    checkType(rec, len, want);
    DecBuf d = DecBuf.of(rec, 0, len);
    d.skip(1);
    return d;
  }

  private static void checkType(byte[] rec, int len, RecordType want) {
    if (len < 1 || len > rec.length) {
      throw new CorruptionException("invalid record length " + len);
    }
    RecordType got = type(rec, len);
    if (got != want) {
      throw new CorruptionException(
          "invalid record type " + (rec[0] & 0xFF) + ", expected " + want.code());
    }
  }
}
