package io.argus.remote.proto;

import io.argus.model.labels.Labels;
import java.util.Arrays;

/**
 * Decodes a remote-write 1.0 {@code prometheus.WriteRequest} (uncompressed protobuf) and hands each
 * {@code TimeSeries} to a visitor as it is read. Fields may come in any order; unknown fields are
 * skipped. Strict: truncated input, wrong wire types, invalid UTF-8, empty label names, label names
 * out of order or repeated fail with a {@link ProtoException}. Native histograms are counted, not
 * decoded. Series labels go through a {@link LabelsCache}: its own, or one shared with other
 * decoders. Not thread-safe; reuse one instance per thread.
 */
public final class WriteRequestV1Decoder {
  private final ProtoReader in = new ProtoReader();
  private final SeriesView view = new SeriesView();
  private final LabelRanges labels = new LabelRanges();
  private final LabelsCache cache;

  /** A decoder with its own cache of up to 32,768 series. */
  public WriteRequestV1Decoder() {
    this(new LabelsCache(1 << 10, 1 << 15));
  }

  /** A decoder looking series labels up in {@code cache}, which other decoders may share. */
  public WriteRequestV1Decoder(LabelsCache cache) {
    this.cache = cache;
  }

  /** Decodes {@code buf[off, off+len)}, calling {@code visitor} per series and metadata entry. */
  public void decode(byte[] buf, int off, int len, WriteRequestVisitor visitor) {
    in.reset(buf, off, len);
    int index = 0;
    while (in.hasRemaining()) {
      int tag = in.readTag();
      switch (tag >>> 3) {
        case 1 -> {
          ProtoReader.expect(tag, WireType.LEN, "WriteRequest.timeseries");
          int old = in.pushLimit();
          readSeries(index++);
          in.popLimit(old);
          visitor.series(view);
        }
        case 3 -> {
          ProtoReader.expect(tag, WireType.LEN, "WriteRequest.metadata");
          int old = in.pushLimit();
          MetricMetadata m = readMetadata();
          in.popLimit(old);
          visitor.metadata(m);
        }
        default -> in.skip(tag);
      }
    }
  }

  private void readSeries(int index) {
    view.reset(index);
    labels.clear();
    // where the label fields lie on the wire: one run of bytes when no other field splits them
    int wireStart = -1;
    int wireEnd = -1;
    boolean contiguous = true;
    while (in.hasRemaining()) {
      int fieldStart = in.position();
      int tag = in.readTag();
      switch (tag >>> 3) {
        case 1 -> {
          // the Label messages are parsed only when their bytes are not cached (see buildCached)
          ProtoReader.expect(tag, WireType.LEN, "TimeSeries.labels");
          if (wireStart < 0) {
            wireStart = fieldStart;
          } else if (fieldStart != wireEnd) {
            contiguous = false;
          }
          int len = in.readLength();
          labels.addMessage(in.position(), len);
          in.position(in.position() + len);
          wireEnd = in.position();
        }
        case 2 -> {
          ProtoReader.expect(tag, WireType.LEN, "TimeSeries.samples");
          int old = in.pushLimit();
          readSample();
          in.popLimit(old);
        }
        case 3 -> {
          ProtoReader.expect(tag, WireType.LEN, "TimeSeries.exemplars");
          int old = in.pushLimit();
          readExemplar();
          in.popLimit(old);
        }
        case 4 -> {
          ProtoReader.expect(tag, WireType.LEN, "TimeSeries.histograms");
          in.skip(tag);
          view.histogramCount++;
        }
        default -> in.skip(tag);
      }
    }
    view.labels = labels.buildCached(this, cache, view, contiguous ? wireStart : -1, wireEnd);
  }

  private void readLabel(LabelRanges into) {
    int nameOff = in.position();
    int nameLen = 0;
    int valueOff = in.position();
    int valueLen = 0;
    while (in.hasRemaining()) {
      int tag = in.readTag();
      switch (tag >>> 3) {
        case 1 -> {
          ProtoReader.expect(tag, WireType.LEN, "Label.name");
          nameLen = in.readLength();
          nameOff = in.position();
          in.position(nameOff + nameLen);
        }
        case 2 -> {
          ProtoReader.expect(tag, WireType.LEN, "Label.value");
          valueLen = in.readLength();
          valueOff = in.position();
          in.position(valueOff + valueLen);
        }
        default -> in.skip(tag);
      }
    }
    into.add(nameOff, nameLen, valueOff, valueLen);
  }

  private void readSample() {
    double v = 0;
    long t = 0;
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
        default -> in.skip(tag);
      }
    }
    view.addSample(v, t, 0);
  }

  private final LabelRanges exemplarLabels = new LabelRanges();

  private void readExemplar() {
    exemplarLabels.clear();
    double v = 0;
    long t = 0;
    while (in.hasRemaining()) {
      int tag = in.readTag();
      switch (tag >>> 3) {
        case 1 -> {
          ProtoReader.expect(tag, WireType.LEN, "Exemplar.labels");
          int old = in.pushLimit();
          readLabel(exemplarLabels);
          in.popLimit(old);
        }
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
    view.addExemplar(exemplarLabels.build(in, "exemplar"), v, t);
  }

  private MetricMetadata readMetadata() {
    MetricType type = MetricType.UNKNOWN;
    String family = "";
    String help = "";
    String unit = "";
    while (in.hasRemaining()) {
      int tag = in.readTag();
      switch (tag >>> 3) {
        case 1 -> {
          ProtoReader.expect(tag, WireType.VARINT, "MetricMetadata.type");
          type = MetricType.of(in.readVarint64());
        }
        case 2 -> {
          ProtoReader.expect(tag, WireType.LEN, "MetricMetadata.metric_family_name");
          family = in.readString();
        }
        case 4 -> {
          ProtoReader.expect(tag, WireType.LEN, "MetricMetadata.help");
          help = in.readString();
        }
        case 5 -> {
          ProtoReader.expect(tag, WireType.LEN, "MetricMetadata.unit");
          unit = in.readString();
        }
        default -> in.skip(tag);
      }
    }
    return new MetricMetadata(type, family, help, unit);
  }

  /** Label name and value positions of one series, checked and turned into {@link Labels}. */
  static final class LabelRanges {
    private int[] r = new int[64];
    private int n;
    private int[] messages = new int[32];
    private int messageInts;

    void clear() {
      n = 0;
      messageInts = 0;
    }

    /** Records a series' {@code Label} message at {@code buf[off, off+len)}, not parsed yet. */
    void addMessage(int off, int len) {
      if (messageInts + 2 > messages.length) {
        messages = Arrays.copyOf(messages, messages.length * 2);
      }
      messages[messageInts++] = off;
      messages[messageInts++] = len;
    }

    /** Parses the recorded Label messages into name and value ranges; leaves the reader's place. */
    private void parseMessages(WriteRequestV1Decoder d) {
      ProtoReader in = d.in;
      int pos = in.position();
      for (int i = 0; i < messageInts; i += 2) {
        int old = in.pushLimit(messages[i], messages[i + 1]);
        d.readLabel(this);
        in.popLimit(old);
      }
      in.position(pos);
    }

    void add(int nameOff, int nameLen, int valueOff, int valueLen) {
      if (n + 4 > r.length) {
        r = Arrays.copyOf(r, r.length * 2);
      }
      r[n++] = nameOff;
      r[n++] = nameLen;
      r[n++] = valueOff;
      r[n++] = valueLen;
    }

    private final int[] wireRange = new int[2];

    /**
     * As {@link #build} for a series, through {@code cache}; records the entry in {@code view}.
     * When the label fields are one run of wire bytes, {@code buf[wireStart, wireEnd)}, that run is
     * the key (one hash and one comparison; the same bytes always decode to the same labels), else
     * (wireStart -1) the names and values are.
     */
    Labels buildCached(
        WriteRequestV1Decoder d, LabelsCache cache, SeriesView view, int wireStart, int wireEnd) {
      ProtoReader in = d.in;
      byte[] buf = in.buffer();
      boolean wire = wireStart >= 0;
      if (!wire) {
        parseMessages(d);
      }
      int[] ranges = r;
      int rangeInts = n;
      if (wire) {
        wireRange[0] = wireStart;
        wireRange[1] = wireEnd - wireStart;
        ranges = wireRange;
        rangeInts = 2;
      }
      // ranges holds (offset, length) pairs
      int hash = LabelsCache.hash(buf, ranges, rangeInts);
      LabelsCache.Entry e = cache.find(hash, wire, buf, ranges, rangeInts);
      if (e == null) {
        if (wire) {
          parseMessages(d);
        }
        e = cache.put(hash, wire, buf, ranges, rangeInts, build(in, "series"));
      }
      view.cached = e;
      return e.labels;
    }

    Labels build(ProtoReader in, String what) {
      byte[] buf = in.buffer();
      int count = n / 4;
      int kept = 0;
      for (int i = 0; i < count; i++) {
        if (r[i * 4 + 1] == 0) {
          throw new ProtoException("empty label name in " + what + " " + describe(in));
        }
        if (r[i * 4 + 3] != 0) {
          kept++;
        }
        if (i > 0) {
          int c =
              Arrays.compareUnsigned(
                  buf,
                  r[i * 4 - 4],
                  r[i * 4 - 4] + r[i * 4 - 3],
                  buf,
                  r[i * 4],
                  r[i * 4] + r[i * 4 + 1]);
          if (c == 0) {
            throw new ProtoException(
                "duplicate label name "
                    + quote(in.string(r[i * 4], r[i * 4 + 1]))
                    + " in "
                    + what
                    + " "
                    + describe(in));
          }
          if (c > 0) {
            throw new ProtoException(
                "label names out of order: "
                    + quote(in.string(r[i * 4], r[i * 4 + 1]))
                    + " after "
                    + quote(in.string(r[i * 4 - 4], r[i * 4 - 3]))
                    + " in "
                    + what
                    + " "
                    + describe(in));
          }
        }
      }
      if (kept == 0) {
        return Labels.EMPTY;
      }
      String[] pairs = new String[kept * 2];
      int p = 0;
      for (int i = 0; i < count; i++) {
        if (r[i * 4 + 3] != 0) {
          pairs[p++] = in.string(r[i * 4], r[i * 4 + 1]);
          pairs[p++] = in.string(r[i * 4 + 2], r[i * 4 + 3]);
        }
      }
      return Labels.ofSortedPairs(pairs);
    }

    /** The labels as written, for error messages: {a="1", b="2"}. */
    private String describe(ProtoReader in) {
      StringBuilder sb = new StringBuilder("{");
      for (int i = 0; i < n; i += 4) {
        if (i > 0) {
          sb.append(", ");
        }
        sb.append(safe(in, r[i], r[i + 1])).append('=');
        Labels.appendQuoted(sb, safe(in, r[i + 2], r[i + 3]));
      }
      return sb.append('}').toString();
    }

    private static String safe(ProtoReader in, int off, int len) {
      try {
        return in.string(off, len);
      } catch (ProtoException e) {
        return "<invalid UTF-8>";
      }
    }

    private static String quote(String s) {
      StringBuilder sb = new StringBuilder();
      Labels.appendQuoted(sb, s);
      return sb.toString();
    }
  }
}
