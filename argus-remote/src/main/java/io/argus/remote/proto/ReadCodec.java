package io.argus.remote.proto;

import io.argus.model.labels.Labels;
import io.argus.storage.ChunkMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * Codecs of the remote-read messages: {@code ReadRequest} both ways, and the two responses ({@code
 * ReadResponse} for SAMPLES and {@code ChunkedReadResponse} for STREAMED_XOR_CHUNKS) as incremental
 * encoders. Strict as the write decoders.
 */
public final class ReadCodec {
  private ReadCodec() {}

  /** Decodes an uncompressed {@code ReadRequest}. */
  public static ReadRequest decodeRequest(byte[] buf, int off, int len) {
    ProtoReader in = new ProtoReader().reset(buf, off, len);
    List<ReadRequest.Query> queries = new ArrayList<>();
    List<Integer> types = new ArrayList<>();
    while (in.hasRemaining()) {
      int tag = in.readTag();
      switch (tag >>> 3) {
        case 1 -> {
          ProtoReader.expect(tag, WireType.LEN, "ReadRequest.queries");
          int old = in.pushLimit();
          queries.add(readQuery(in));
          in.popLimit(old);
        }
        case 2 -> {
          if ((tag & 7) == WireType.LEN) {
            int old = in.pushLimit();
            while (in.hasRemaining()) {
              types.add(in.readInt32());
            }
            in.popLimit(old);
          } else {
            ProtoReader.expect(tag, WireType.VARINT, "ReadRequest.accepted_response_types");
            types.add(in.readInt32());
          }
        }
        default -> in.skip(tag);
      }
    }
    return new ReadRequest(queries, types);
  }

  private static ReadRequest.Query readQuery(ProtoReader in) {
    long start = 0;
    long end = 0;
    List<ReadRequest.LabelMatcher> matchers = new ArrayList<>();
    ReadRequest.ReadHints hints = null;
    while (in.hasRemaining()) {
      int tag = in.readTag();
      switch (tag >>> 3) {
        case 1 -> {
          ProtoReader.expect(tag, WireType.VARINT, "Query.start_timestamp_ms");
          start = in.readVarint64();
        }
        case 2 -> {
          ProtoReader.expect(tag, WireType.VARINT, "Query.end_timestamp_ms");
          end = in.readVarint64();
        }
        case 3 -> {
          ProtoReader.expect(tag, WireType.LEN, "Query.matchers");
          int old = in.pushLimit();
          matchers.add(readMatcher(in));
          in.popLimit(old);
        }
        case 4 -> {
          ProtoReader.expect(tag, WireType.LEN, "Query.hints");
          int old = in.pushLimit();
          hints = readHints(in);
          in.popLimit(old);
        }
        default -> in.skip(tag);
      }
    }
    return new ReadRequest.Query(start, end, matchers, hints);
  }

  private static ReadRequest.LabelMatcher readMatcher(ProtoReader in) {
    int type = 0;
    String name = "";
    String value = "";
    while (in.hasRemaining()) {
      int tag = in.readTag();
      switch (tag >>> 3) {
        case 1 -> {
          ProtoReader.expect(tag, WireType.VARINT, "LabelMatcher.type");
          type = in.readInt32();
        }
        case 2 -> {
          ProtoReader.expect(tag, WireType.LEN, "LabelMatcher.name");
          name = in.readString();
        }
        case 3 -> {
          ProtoReader.expect(tag, WireType.LEN, "LabelMatcher.value");
          value = in.readString();
        }
        default -> in.skip(tag);
      }
    }
    return new ReadRequest.LabelMatcher(type, name, value);
  }

  private static ReadRequest.ReadHints readHints(ProtoReader in) {
    long step = 0;
    String func = "";
    long start = 0;
    long end = 0;
    List<String> grouping = new ArrayList<>();
    boolean by = false;
    long range = 0;
    while (in.hasRemaining()) {
      int tag = in.readTag();
      switch (tag >>> 3) {
        case 1 -> {
          ProtoReader.expect(tag, WireType.VARINT, "ReadHints.step_ms");
          step = in.readVarint64();
        }
        case 2 -> {
          ProtoReader.expect(tag, WireType.LEN, "ReadHints.func");
          func = in.readString();
        }
        case 3 -> {
          ProtoReader.expect(tag, WireType.VARINT, "ReadHints.start_ms");
          start = in.readVarint64();
        }
        case 4 -> {
          ProtoReader.expect(tag, WireType.VARINT, "ReadHints.end_ms");
          end = in.readVarint64();
        }
        case 5 -> {
          ProtoReader.expect(tag, WireType.LEN, "ReadHints.grouping");
          grouping.add(in.readString());
        }
        case 6 -> {
          ProtoReader.expect(tag, WireType.VARINT, "ReadHints.by");
          by = in.readVarint64() != 0;
        }
        case 7 -> {
          ProtoReader.expect(tag, WireType.VARINT, "ReadHints.range_ms");
          range = in.readVarint64();
        }
        default -> in.skip(tag);
      }
    }
    return new ReadRequest.ReadHints(step, func, start, end, grouping, by, range);
  }

  /** Encodes {@code request} (uncompressed) into {@code out}. */
  public static void encodeRequest(ReadRequest request, ProtoWriter out) {
    for (ReadRequest.Query q : request.queries()) {
      int m = out.beginMessage(1);
      out.varintField(1, q.startTimestampMs());
      out.varintField(2, q.endTimestampMs());
      for (ReadRequest.LabelMatcher lm : q.matchers()) {
        int mm = out.beginMessage(3);
        out.varintField(1, lm.type());
        out.stringField(2, lm.name());
        out.stringField(3, lm.value());
        out.endMessage(mm);
      }
      ReadRequest.ReadHints h = q.hints();
      if (h != null) {
        int hm = out.beginMessage(4);
        out.varintField(1, h.stepMs());
        out.stringField(2, h.func());
        out.varintField(3, h.startMs());
        out.varintField(4, h.endMs());
        for (String g : h.grouping()) {
          out.repeatedStringField(5, g);
        }
        out.varintField(6, h.by() ? 1 : 0);
        out.varintField(7, h.rangeMs());
        out.endMessage(hm);
      }
      out.endMessage(m);
    }
    if (!request.acceptedResponseTypes().isEmpty()) {
      int size = 0;
      for (int t : request.acceptedResponseTypes()) {
        size += ProtoWriter.varintSize(t);
      }
      out.writeTag(2, WireType.LEN);
      out.writeVarint(size);
      for (int t : request.acceptedResponseTypes()) {
        out.writeVarint(t);
      }
    }
  }

  /**
   * Writes a SAMPLES {@code ReadResponse}: {@link #beginResult} per query (in query order), the
   * series of that query, {@link #endResult}.
   */
  public static final class SamplesResponseEncoder {
    private final ProtoWriter out;
    private int result = -1;
    private int series = -1;

    public SamplesResponseEncoder(ProtoWriter out) {
      this.out = out;
    }

    public void beginResult() {
      result = out.beginMessage(1);
    }

    public void beginSeries(Labels labels) {
      series = out.beginMessage(1);
      for (int i = 0; i < labels.size(); i++) {
        int m = out.beginMessage(1);
        out.stringField(1, labels.name(i));
        out.stringField(2, labels.value(i));
        out.endMessage(m);
      }
    }

    public void sample(long t, double v) {
      int m = out.beginMessage(2);
      out.doubleField(1, v);
      out.varintField(2, t);
      out.endMessage(m);
    }

    public void endSeries() {
      out.endMessage(series);
      series = -1;
    }

    public void endResult() {
      out.endMessage(result);
      result = -1;
    }
  }

  /**
   * Encodes one {@code ChunkedReadResponse} frame body holding one series: its labels, the chunks
   * {@code chunks[from, to)} (wire type = the chunk encoding's number) and the query index.
   */
  public static void encodeChunkedSeries(
      ProtoWriter out, Labels labels, List<ChunkMeta> chunks, int from, int to, long queryIndex) {
    int s = out.beginMessage(1);
    for (int i = 0; i < labels.size(); i++) {
      int m = out.beginMessage(1);
      out.stringField(1, labels.name(i));
      out.stringField(2, labels.value(i));
      out.endMessage(m);
    }
    for (int i = from; i < to; i++) {
      ChunkMeta c = chunks.get(i);
      int m = out.beginMessage(2);
      out.varintField(1, c.minTime());
      out.varintField(2, c.maxTime());
      out.varintField(3, chunkType(c));
      out.bytesField(4, c.chunk().bytes(), 0, c.chunk().byteLength());
      out.endMessage(m);
    }
    out.endMessage(s);
    out.varintField(2, queryIndex);
  }

  /** The encoded size of one chunk entry, for frame budgeting. */
  public static int chunkEntrySize(ChunkMeta c) {
    int len = c.chunk().byteLength();
    int body =
        1
            + ProtoWriter.varintSize(c.minTime())
            + 1
            + ProtoWriter.varintSize(c.maxTime())
            + 2
            + 1
            + ProtoWriter.varintSize(len)
            + len;
    return 1 + ProtoWriter.varintSize(body) + body;
  }

  private static int chunkType(ChunkMeta c) {
    return c.chunk().encoding().code();
  }
}
