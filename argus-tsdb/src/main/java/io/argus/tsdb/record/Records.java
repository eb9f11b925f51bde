package io.argus.tsdb.record;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Utf8Order;
import io.argus.tsdb.encoding.CorruptionException;
import io.argus.tsdb.encoding.DecBuf;
import io.argus.tsdb.encoding.EncBuf;
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
    DecBuf d = open(rec, len, RecordType.SERIES);
    while (d.remaining() > 0) {
      long ref = d.getBe64();
      long count = d.getUvarint();
      // Each label takes at least two bytes, which bounds the allocation on garbage input.
      if (count > d.remaining() / 2) {
        throw new CorruptionException(
            "series record: label count " + count + " exceeds remaining bytes");
      }
      String[] pairs = new String[(int) count * 2];
      boolean sortedNonEmpty = true;
      for (int i = 0; i < pairs.length; i += 2) {
        pairs[i] = d.getUvarintStr();
        pairs[i + 1] = d.getUvarintStr();
        if (pairs[i + 1].isEmpty() || (i > 0 && Utf8Order.compare(pairs[i - 2], pairs[i]) >= 0)) {
          sortedNonEmpty = false;
        }
      }
      into.add(new RefSeries(ref, toLabels(pairs, sortedNonEmpty)));
    }
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
    DecBuf d = open(rec, len, RecordType.SAMPLES);
    if (d.remaining() == 0) {
      return;
    }
    long baseRef = d.getBe64();
    long baseT = d.getBe64();
    while (d.remaining() > 0) {
      long ref = baseRef + d.getVarint();
      long t = baseT + d.getVarint();
      double v = Double.longBitsToDouble(d.getBe64());
      into.add(ref, t, v);
    }
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
    if (len < 1 || len > rec.length) {
      throw new CorruptionException("invalid record length " + len);
    }
    RecordType got = type(rec, len);
    if (got != want) {
      throw new CorruptionException(
          "invalid record type " + (rec[0] & 0xFF) + ", expected " + want.code());
    }
    DecBuf d = DecBuf.of(rec, 0, len);
    d.skip(1);
    return d;
  }
}
