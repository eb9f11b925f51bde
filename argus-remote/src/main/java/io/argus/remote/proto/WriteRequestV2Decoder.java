package io.argus.remote.proto;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Utf8Order;
import java.util.Arrays;

/**
 * Decodes a remote-write 2.0 {@code io.prometheus.write.v2.Request} (uncompressed protobuf) and
 * hands each {@code TimeSeries} to a visitor. A first pass reads the symbol table (wherever it sits
 * in the message), a second pass the series. Start times are read both where the 2.0-rc.3 spec puts
 * them ({@code TimeSeries.created_timestamp}, field 6) and where Prometheus {@code main} does
 * ({@code Sample.start_timestamp}, field 3).
 *
 * <p>Strict: besides the wire checks of {@link ProtoReader}, a symbol table whose first entry is
 * not empty, an odd number of label references, a reference outside the table, an empty label name,
 * names out of order or repeated fail with a {@link ProtoException}. Not thread-safe.
 */
public final class WriteRequestV2Decoder {
  private final ProtoReader in = new ProtoReader();
  private final SeriesView view = new SeriesView();
  private String[] symbols = new String[256];
  private int symbolCount;
  private int[] seriesRanges = new int[64];
  private long[] refs = new long[64];

  /** Decodes {@code buf[off, off+len)}, calling {@code visitor} per series. */
  public void decode(byte[] buf, int off, int len, WriteRequestVisitor visitor) {
    in.reset(buf, off, len);
    symbolCount = 0;
    int series = 0;
    while (in.hasRemaining()) {
      int tag = in.readTag();
      switch (tag >>> 3) {
        case 4 -> {
          ProtoReader.expect(tag, WireType.LEN, "Request.symbols");
          if (symbolCount == symbols.length) {
            symbols = Arrays.copyOf(symbols, symbolCount * 2);
          }
          symbols[symbolCount++] = in.readString();
        }
        case 5 -> {
          ProtoReader.expect(tag, WireType.LEN, "Request.timeseries");
          int l = in.readLength();
          if (series * 2 + 2 > seriesRanges.length) {
            seriesRanges = Arrays.copyOf(seriesRanges, seriesRanges.length * 2);
          }
          seriesRanges[series * 2] = in.position();
          seriesRanges[series * 2 + 1] = l;
          series++;
          in.position(in.position() + l);
        }
        default -> in.skip(tag);
      }
    }
    if (symbolCount > 0 && !symbols[0].isEmpty()) {
      throw new ProtoException("symbols[0] must be the empty string, got " + quote(symbols[0]));
    }
    for (int i = 0; i < series; i++) {
      in.reset(buf, seriesRanges[i * 2], seriesRanges[i * 2 + 1]);
      readSeries(i);
      visitor.series(view);
    }
  }

  /** The number of symbols of the last request. */
  public int symbolCount() {
    return symbolCount;
  }

  private void readSeries(int index) {
    view.reset(index);
    int refCount = 0;
    while (in.hasRemaining()) {
      int tag = in.readTag();
      switch (tag >>> 3) {
        case 1 -> refCount = readRefs(tag, refCount, "TimeSeries.labels_refs");
        case 2 -> {
          ProtoReader.expect(tag, WireType.LEN, "TimeSeries.samples");
          int old = in.pushLimit();
          readSample();
          in.popLimit(old);
        }
        case 3 -> {
          ProtoReader.expect(tag, WireType.LEN, "TimeSeries.histograms");
          in.skip(tag);
          view.histogramCount++;
        }
        case 4 -> {
          ProtoReader.expect(tag, WireType.LEN, "TimeSeries.exemplars");
          int old = in.pushLimit();
          readExemplar(index, refCount);
          in.popLimit(old);
        }
        case 5 -> {
          ProtoReader.expect(tag, WireType.LEN, "TimeSeries.metadata");
          int old = in.pushLimit();
          readMetadata(index);
          in.popLimit(old);
        }
        case 6 -> {
          ProtoReader.expect(tag, WireType.VARINT, "TimeSeries.created_timestamp");
          view.createdTimestamp = in.readVarint64();
        }
        default -> in.skip(tag);
      }
    }
    view.labels = labels(0, refCount, "series " + index);
  }

  /** Appends label references (packed or not) after {@code from}; returns the new count. */
  private int readRefs(int tag, int from, String what) {
    int n = from;
    if ((tag & 7) == WireType.LEN) {
      int old = in.pushLimit();
      while (in.hasRemaining()) {
        n = addRef(n, in.readUint32());
      }
      in.popLimit(old);
    } else {
      ProtoReader.expect(tag, WireType.VARINT, what);
      n = addRef(n, in.readUint32());
    }
    return n;
  }

  private int addRef(int n, long ref) {
    if (n == refs.length) {
      refs = Arrays.copyOf(refs, n * 2);
    }
    refs[n] = ref;
    return n + 1;
  }

  private String symbol(long ref, String what) {
    if (ref >= symbolCount) {
      throw new ProtoException(
          "symbol reference "
              + ref
              + " out of range in "
              + what
              + ": the table holds "
              + symbolCount
              + " symbols");
    }
    return symbols[(int) ref];
  }

  /** Resolves references {@code refs[from, to)} into labels, with every check. */
  private Labels labels(int from, int to, String what) {
    int n = to - from;
    if ((n & 1) != 0) {
      throw new ProtoException("odd number of label references (" + n + ") in " + what);
    }
    int kept = 0;
    String prev = null;
    for (int i = from; i < to; i += 2) {
      String name = symbol(refs[i], what);
      String value = symbol(refs[i + 1], what);
      if (name.isEmpty()) {
        throw new ProtoException("empty label name in " + what + " " + describe(from, to));
      }
      if (prev != null) {
        int c = Utf8Order.compare(prev, name);
        if (c == 0) {
          throw new ProtoException(
              "duplicate label name " + quote(name) + " in " + what + " " + describe(from, to));
        }
        if (c > 0) {
          throw new ProtoException(
              "label names out of order: "
                  + quote(name)
                  + " after "
                  + quote(prev)
                  + " in "
                  + what
                  + " "
                  + describe(from, to));
        }
      }
      prev = name;
      if (!value.isEmpty()) {
        kept++;
      }
    }
    if (kept == 0) {
      return Labels.EMPTY;
    }
    String[] pairs = new String[kept * 2];
    int p = 0;
    for (int i = from; i < to; i += 2) {
      String value = symbols[(int) refs[i + 1]];
      if (!value.isEmpty()) {
        pairs[p++] = symbols[(int) refs[i]];
        pairs[p++] = value;
      }
    }
    return Labels.ofSortedPairs(pairs);
  }

  private String describe(int from, int to) {
    StringBuilder sb = new StringBuilder("{");
    for (int i = from; i < to; i += 2) {
      if (i > from) {
        sb.append(", ");
      }
      sb.append(symbols[(int) refs[i]]).append('=');
      Labels.appendQuoted(sb, symbols[(int) refs[i + 1]]);
    }
    return sb.append('}').toString();
  }

  private void readSample() {
    double v = 0;
    long t = 0;
    long st = 0;
    while (in.hasRemaining()) {
      int tag = in.readTag();
      switch (tag >>> 3) {
        case 1 -> {
          ProtoReader.expect(tag, WireType.FIXED64, "Sample.value");
          v = in.readDouble();
        }
        case 2 -> {
          ProtoReader.expect(tag, WireType.VARINT, "Sample.timestamp");
          t = in.readVarint64();
        }
        case 3 -> {
          ProtoReader.expect(tag, WireType.VARINT, "Sample.start_timestamp");
          st = in.readVarint64();
        }
        default -> in.skip(tag);
      }
    }
    view.addSample(v, t, st);
  }

  private void readExemplar(int index, int seriesRefs) {
    int n = seriesRefs;
    double v = 0;
    long t = 0;
    while (in.hasRemaining()) {
      int tag = in.readTag();
      switch (tag >>> 3) {
        case 1 -> n = readRefs(tag, n, "Exemplar.labels_refs");
        case 2 -> {
          ProtoReader.expect(tag, WireType.FIXED64, "Exemplar.value");
          v = in.readDouble();
        }
        case 3 -> {
          ProtoReader.expect(tag, WireType.VARINT, "Exemplar.timestamp");
          t = in.readVarint64();
        }
        default -> in.skip(tag);
      }
    }
    view.addExemplar(labels(seriesRefs, n, "exemplar of series " + index), v, t);
  }

  private void readMetadata(int index) {
    view.hasMetadata = true;
    while (in.hasRemaining()) {
      int tag = in.readTag();
      switch (tag >>> 3) {
        case 1 -> {
          ProtoReader.expect(tag, WireType.VARINT, "Metadata.type");
          view.metadataType = MetricType.of(in.readVarint64());
        }
        case 3 -> {
          ProtoReader.expect(tag, WireType.VARINT, "Metadata.help_ref");
          view.help = symbol(in.readUint32(), "metadata of series " + index);
        }
        case 4 -> {
          ProtoReader.expect(tag, WireType.VARINT, "Metadata.unit_ref");
          view.unit = symbol(in.readUint32(), "metadata of series " + index);
        }
        default -> in.skip(tag);
      }
    }
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder();
    Labels.appendQuoted(sb, s);
    return sb.toString();
  }
}
