package io.argus.remote.read;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.labels.MatchType;
import io.argus.model.labels.Matcher;
import io.argus.remote.proto.ProtoException;
import io.argus.remote.proto.ProtoWriter;
import io.argus.remote.proto.ReadCodec;
import io.argus.remote.proto.ReadRequest;
import io.argus.storage.ChunkMeta;
import io.argus.storage.ChunkQuerier;
import io.argus.storage.ChunkQueryable;
import io.argus.storage.ChunkSeries;
import io.argus.storage.ChunkSeriesSet;
import io.argus.storage.Querier;
import io.argus.storage.Queryable;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import io.argus.storage.StorageException;
import io.argus.storage.ValueType;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.xerial.snappy.Snappy;

/**
 * {@code POST /api/v1/read}, independent of the HTTP server, after Prometheus' {@code
 * storage/remote/read_handler.go}: the response type is the first accepted one this server supports
 * (none listed means SAMPLES); external labels are added to every returned series (the series' own
 * labels win) and an equality matcher on an external label with its value matches the label's
 * absence in storage. Thread-safe.
 */
public final class ReadEndpoint {
  /** Prometheus' cap on a read request body: 32 MiB. */
  public static final int MAX_REQUEST_BYTES = 32 << 20;

  public static final String STREAMED_CONTENT_TYPE =
      "application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse";

  /** An answer. The body writer runs once; a streamed body flushes after every frame. */
  public record Response(int status, Map<String, String> headers, Body body) {
    public Response {
      headers = Map.copyOf(headers);
    }
  }

  /** Writes a response body. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private final Queryable samples;
  private final ChunkQueryable chunks;
  private final Supplier<Labels> externalLabels;
  private final ReadLimits limits;
  private final @Nullable Semaphore gate;
  private final Gauge queries;

  public ReadEndpoint(
      Queryable samples,
      ChunkQueryable chunks,
      Supplier<Labels> externalLabels,
      ReadLimits limits,
      PrometheusRegistry registry) {
    this.samples = samples;
    this.chunks = chunks;
    this.externalLabels = externalLabels;
    this.limits = limits;
    this.gate = limits.concurrentLimit() > 0 ? new Semaphore(limits.concurrentLimit(), true) : null;
    this.queries =
        Gauge.builder()
            .name("prometheus_remote_read_handler_queries")
            .help(
                "The current number of remote read queries that are either in execution or queued"
                    + " on the handler.")
            .register(registry);
  }

  /**
   * Answers one request. Waits while {@code concurrentLimit} requests are being served; the permit
   * is held until the body has been written, so the caller must run {@link Response#body()} (or the
   * returned body does nothing but release it).
   */
  public Response handle(InputStream body) {
    Semaphore g = gate;
    if (g != null) {
      try {
        g.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return text(500, "interrupted while waiting for a remote read slot");
      }
    }
    queries.inc();
    boolean handedOver = false;
    try {
      Response r = prepare(body);
      handedOver = true;
      return new Response(
          r.status(),
          r.headers(),
          out -> {
            try {
              r.body().writeTo(out);
            } finally {
              release();
            }
          });
    } finally {
      if (!handedOver) {
        release();
      }
    }
  }

  private void release() {
    queries.dec();
    Semaphore g = gate;
    if (g != null) {
      g.release();
    }
  }

  private Response prepare(InputStream body) {
    ReadRequest req;
    try {
      byte[] compressed = body.readNBytes(MAX_REQUEST_BYTES);
      if (!Snappy.isValidCompressedBuffer(compressed, 0, compressed.length)) {
        return text(400, "snappy: corrupt input");
      }
      byte[] raw = Snappy.uncompress(compressed);
      req = ReadCodec.decodeRequest(raw, 0, raw.length);
    } catch (IOException e) {
      return text(400, "snappy: corrupt input");
    } catch (ProtoException e) {
      return text(400, e.getMessage());
    }
    int type = negotiate(req.acceptedResponseTypes());
    if (type < 0) {
      return text(
          400,
          "server does not support any of the requested response types: "
              + req.acceptedResponseTypes()
              + "; supported: [SAMPLES STREAMED_XOR_CHUNKS]");
    }
    Labels external = externalLabels.get();
    List<Matcher[]> matchers = new ArrayList<>();
    for (ReadRequest.Query q : req.queries()) {
      try {
        matchers.add(matchers(q.matchers(), external));
      } catch (IllegalArgumentException e) {
        return text(400, e.getMessage());
      }
    }
    if (type == ReadRequest.SAMPLES) {
      return samplesResponse(req, matchers, external);
    }
    return new Response(
        200,
        Map.of("Content-Type", STREAMED_CONTENT_TYPE),
        out -> streamChunks(req, matchers, external, out));
  }

  static int negotiate(List<Integer> accepted) {
    if (accepted.isEmpty()) {
      return ReadRequest.SAMPLES;
    }
    for (int t : accepted) {
      if (t == ReadRequest.SAMPLES || t == ReadRequest.STREAMED_XOR_CHUNKS) {
        return t;
      }
    }
    return -1;
  }

  private static Matcher[] matchers(List<ReadRequest.LabelMatcher> wire, Labels external) {
    Matcher[] out = new Matcher[wire.size()];
    for (int i = 0; i < out.length; i++) {
      ReadRequest.LabelMatcher m = wire.get(i);
      MatchType type =
          switch (m.type()) {
            case 0 -> MatchType.EQUAL;
            case 1 -> MatchType.NOT_EQUAL;
            case 2 -> MatchType.REGEX;
            case 3 -> MatchType.NOT_REGEX;
            default -> throw new IllegalArgumentException("invalid matcher type " + m.type());
          };
      String value = m.value();
      if (type == MatchType.EQUAL && value.equals(external.get(m.name()))) {
        value = "";
      }
      out[i] = Matcher.of(type, m.name(), value);
    }
    return out;
  }

  private static SelectHints hints(ReadRequest.Query q) {
    ReadRequest.ReadHints h = q.hints();
    if (h == null) {
      return SelectHints.range(q.startTimestampMs(), q.endTimestampMs());
    }
    return new SelectHints(
        h.startMs(),
        h.endMs(),
        h.stepMs(),
        h.rangeMs(),
        h.func().isEmpty() ? null : h.func(),
        h.grouping(),
        h.by(),
        0);
  }

  /** The series' labels plus the external labels it lacks. */
  static Labels withExternal(Labels series, Labels external) {
    if (external.isEmpty()) {
      return series;
    }
    LabelsBuilder b = series.toBuilder();
    for (int i = 0; i < external.size(); i++) {
      if (!series.has(external.name(i))) {
        b.set(external.name(i), external.value(i));
      }
    }
    return b.build();
  }

  private Response samplesResponse(ReadRequest req, List<Matcher[]> matchers, Labels external) {
    ProtoWriter w = new ProtoWriter(8192);
    ReadCodec.SamplesResponseEncoder enc = new ReadCodec.SamplesResponseEncoder(w);
    long count = 0;
    try {
      for (int i = 0; i < req.queries().size(); i++) {
        ReadRequest.Query q = req.queries().get(i);
        enc.beginResult();
        try (Querier querier = samples.querier(q.startTimestampMs(), q.endTimestampMs())) {
          SeriesSet ss = querier.select(false, hints(q), matchers.get(i));
          SampleIterator it = null;
          while (ss.next()) {
            enc.beginSeries(withExternal(ss.at().labels(), external));
            it = ss.at().iterator(it);
            while (it.next() == ValueType.FLOAT) {
              count++;
              if (limits.sampleLimit() > 0 && count > limits.sampleLimit()) {
                return text(400, "exceeded sample limit (" + limits.sampleLimit() + ")");
              }
              enc.sample(it.atT(), it.atFloat());
            }
            enc.endSeries();
          }
        }
        enc.endResult();
      }
    } catch (StorageException e) {
      return text(500, e.getMessage() == null ? e.toString() : e.getMessage());
    }
    byte[] compressed;
    try {
      compressed = new byte[Snappy.maxCompressedLength(w.size())];
      int n = Snappy.compress(w.buffer(), 0, w.size(), compressed, 0);
      byte[] out = compressed;
      return new Response(
          200,
          Map.of("Content-Type", "application/x-protobuf", "Content-Encoding", "snappy"),
          o -> o.write(out, 0, n));
    } catch (IOException e) {
      return text(500, "snappy: " + e.getMessage());
    }
  }

  private void streamChunks(
      ReadRequest req, List<Matcher[]> matchers, Labels external, OutputStream out)
      throws IOException {
    ProtoWriter frame = new ProtoWriter(limits.maxBytesInFrame() + 4096);
    CRC32C crc = new CRC32C();
    byte[] header = new byte[14];
    for (int i = 0; i < req.queries().size(); i++) {
      ReadRequest.Query q = req.queries().get(i);
      try (ChunkQuerier querier = chunks.chunkQuerier(q.startTimestampMs(), q.endTimestampMs())) {
        ChunkSeriesSet ss = querier.select(true, hints(q), matchers.get(i));
        while (ss.next()) {
          ChunkSeries s = ss.at();
          Labels labels = withExternal(s.labels(), external);
          int budget = limits.maxBytesInFrame() - labelsSize(labels);
          List<ChunkMeta> list = s.chunks();
          int from = 0;
          int left = budget;
          for (int c = 0; c < list.size(); c++) {
            left -= ReadCodec.chunkEntrySize(list.get(c));
            boolean more = c + 1 < list.size();
            if (left > 0 && more) {
              continue;
            }
            frame.clear();
            ReadCodec.encodeChunkedSeries(frame, labels, list, from, c + 1, i);
            writeFrame(out, frame, crc, header);
            from = c + 1;
            left = budget;
          }
        }
      }
    }
  }

  private static void writeFrame(OutputStream out, ProtoWriter frame, CRC32C crc, byte[] header)
      throws IOException {
    int n = 0;
    long len = frame.size();
    while ((len & ~0x7fL) != 0) {
      header[n++] = (byte) ((len & 0x7f) | 0x80);
      len >>>= 7;
    }
    header[n++] = (byte) len;
    crc.reset();
    crc.update(frame.buffer(), 0, frame.size());
    int sum = (int) crc.getValue();
    header[n++] = (byte) (sum >>> 24);
    header[n++] = (byte) (sum >>> 16);
    header[n++] = (byte) (sum >>> 8);
    header[n++] = (byte) sum;
    out.write(header, 0, n);
    out.write(frame.buffer(), 0, frame.size());
    out.flush();
  }

  private static int labelsSize(Labels labels) {
    int size = 0;
    for (int i = 0; i < labels.size(); i++) {
      int n = utf8Length(labels.name(i));
      int v = utf8Length(labels.value(i));
      size += 2 + varint(n) + n + varint(v) + v;
    }
    return size;
  }

  private static int utf8Length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  private static int varint(int v) {
    int n = 1;
    while ((v & ~0x7f) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  private static Response text(int status, String message) {
    byte[] b = (message + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return new Response(
        status, Map.of("Content-Type", "text/plain; charset=utf-8"), o -> o.write(b));
  }
}
