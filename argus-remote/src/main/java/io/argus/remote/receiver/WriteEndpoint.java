package io.argus.remote.receiver;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.xerial.snappy.Snappy;

/**
 * The HTTP rules of {@code POST /api/v1/write}, independent of the HTTP server: content negotiation
 * by {@code Content-Type} (no {@code proto=} parameter or no header at all means 1.0, as upstream;
 * {@code X-Prometheus-Remote-Write-Version} is informational), {@code Content-Encoding} snappy
 * (block format; absent means snappy), size limits, and the answer: 204, 202, 400, 415 or 500, with
 * the {@code X-Prometheus-Remote-Write-*-Written} headers on every answer to a 2.0 request.
 * Thread-safe.
 */
public final class WriteEndpoint {
  /** The largest compressed body accepted by default: 32 MiB (Prometheus' remote-read cap). */
  public static final int DEFAULT_MAX_BODY_BYTES = 32 << 20;

  /** The largest uncompressed message accepted by default: 256 MiB. */
  public static final int DEFAULT_MAX_DECODED_BYTES = 256 << 20;

  public static final String SAMPLES_WRITTEN = "X-Prometheus-Remote-Write-Samples-Written";
  public static final String HISTOGRAMS_WRITTEN = "X-Prometheus-Remote-Write-Histograms-Written";
  public static final String EXEMPLARS_WRITTEN = "X-Prometheus-Remote-Write-Exemplars-Written";
  private static final String PROTOBUF = "application/x-protobuf";

  /** An answer: status, plain-text body (empty for 2xx) and extra headers. */
  public record Response(int status, String body, Map<String, String> headers) {
    public Response {
      headers = Map.copyOf(headers);
    }
  }

  /** Request buffers up to this size are kept for reuse. */
  private static final int POOLED_BUFFER_BYTES = 8 << 20;

  /** The reusable buffers of one request in flight. */
  private static final class Buffers {
    byte[] compressed = new byte[64 << 10];
    byte[] decoded = new byte[256 << 10];

    /** Reads the body; returns its length, or limit + 1 when it is longer than limit. */
    int readBody(InputStream in, int limit) throws IOException {
      int n = 0;
      while (true) {
        if (n == compressed.length) {
          if (n > limit) {
            return n;
          }
          compressed = Arrays.copyOf(compressed, (int) Math.min((long) n * 2, limit + 1L));
        }
        int r = in.read(compressed, n, compressed.length - n);
        if (r < 0) {
          return n;
        }
        n += r;
      }
    }
  }

  private final ConcurrentLinkedQueue<Buffers> buffers = new ConcurrentLinkedQueue<>();
  private final RemoteWriteReceiver receiver;
  private final Set<WriteProtocol> accepted;
  private final int maxBodyBytes;
  private final int maxDecodedBytes;

  /**
   * @param accepted the protobuf messages served ({@code
   *     --web.remote-write-receiver.accepted-protobuf-messages})
   */
  public WriteEndpoint(
      RemoteWriteReceiver receiver,
      Set<WriteProtocol> accepted,
      int maxBodyBytes,
      int maxDecodedBytes) {
    if (accepted.isEmpty()) {
      throw new IllegalArgumentException("no remote write protobuf message accepted");
    }
    this.receiver = receiver;
    this.accepted = EnumSet.copyOf(accepted);
    this.maxBodyBytes = maxBodyBytes;
    this.maxDecodedBytes = maxDecodedBytes;
  }

  public WriteEndpoint(RemoteWriteReceiver receiver, Set<WriteProtocol> accepted) {
    this(receiver, accepted, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_DECODED_BYTES);
  }

  /**
   * Answers one request.
   *
   * @param declaredLength the {@code Content-Length}, or -1 when unknown
   */
  public Response handle(
      @Nullable String contentType,
      @Nullable String contentEncoding,
      InputStream body,
      long declaredLength) {
    WriteProtocol protocol;
    try {
      protocol =
          parseContentType(contentType == null || contentType.isBlank() ? PROTOBUF : contentType);
    } catch (IllegalArgumentException e) {
      return text(415, e.getMessage());
    }
    if (!accepted.contains(protocol)) {
      return text(
          415,
          "%s protobuf message is not accepted by this server; accepted %s"
              .formatted(
                  protocol,
                  accepted.stream()
                      .map(WriteProtocol::messageName)
                      .collect(Collectors.joining(" ", "[", "]"))));
    }
    if (contentEncoding != null
        && !contentEncoding.isBlank()
        && !contentEncoding.trim().toLowerCase(Locale.ROOT).equals("snappy")) {
      return text(
          415,
          "%s encoding (compression) is not accepted by this server; only snappy is acceptable"
              .formatted(contentEncoding));
    }
    if (declaredLength > maxBodyBytes) {
      return withStats(protocol, text(400, tooLarge()));
    }
    Buffers buf = buffers.poll();
    if (buf == null) {
      buf = new Buffers();
    }
    WriteResult r;
    try {
      int compressedLen;
      try {
        compressedLen = buf.readBody(body, maxBodyBytes);
      } catch (IOException e) {
        return withStats(protocol, text(400, "error reading request body: " + e.getMessage()));
      }
      if (compressedLen > maxBodyBytes) {
        return withStats(protocol, text(400, tooLarge()));
      }
      byte[] compressed = buf.compressed;
      int decodedLen;
      try {
        if (!Snappy.isValidCompressedBuffer(compressed, 0, compressedLen)) {
          return withStats(protocol, text(400, "snappy: corrupt input"));
        }
        decodedLen = Snappy.uncompressedLength(compressed, 0, compressedLen);
        if (decodedLen < 0 || decodedLen > maxDecodedBytes) {
          return withStats(
              protocol,
              text(
                  400,
                  "decoded request of "
                      + Integer.toUnsignedString(decodedLen)
                      + " bytes exceeds the limit of "
                      + maxDecodedBytes
                      + " bytes"));
        }
        if (buf.decoded.length < decodedLen) {
          buf.decoded = new byte[decodedLen];
        }
        Snappy.uncompress(compressed, 0, compressedLen, buf.decoded, 0);
      } catch (IOException e) {
        return withStats(protocol, text(400, "snappy: corrupt input"));
      }
      r = receiver.write(protocol, buf.decoded, 0, decodedLen);
    } finally {
      if (buf.compressed.length <= POOLED_BUFFER_BYTES
          && buf.decoded.length <= POOLED_BUFFER_BYTES) {
        buffers.offer(buf);
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    if (protocol == WriteProtocol.V2) {
      headers.put(SAMPLES_WRITTEN, Long.toString(r.samplesWritten()));
      headers.put(HISTOGRAMS_WRITTEN, Long.toString(r.histogramsWritten()));
      headers.put(EXEMPLARS_WRITTEN, Long.toString(r.exemplarsWritten()));
    }
    return new Response(r.status(), r.status() == 204 ? "" : r.message() + "\n", headers);
  }

  private String tooLarge() {
    return "request body too large: the limit is " + maxBodyBytes + " bytes (snappy-compressed)";
  }

  private static Response text(int status, String message) {
    return new Response(status, message + "\n", Map.of());
  }

  private static Response withStats(WriteProtocol p, Response r) {
    if (p != WriteProtocol.V2) {
      return r;
    }
    return new Response(
        r.status(),
        r.body(),
        Map.of(SAMPLES_WRITTEN, "0", HISTOGRAMS_WRITTEN, "0", EXEMPLARS_WRITTEN, "0"));
  }

  /** Parses a Content-Type as upstream: the media type, then an optional proto= parameter. */
  static WriteProtocol parseContentType(String contentType) {
    String[] parts = contentType.trim().split(";");
    if (!parts[0].trim().equals(PROTOBUF)) {
      throw new IllegalArgumentException(
          "expected %s as the first (media) part, got %s content-type"
              .formatted(PROTOBUF, contentType));
    }
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].split("=");
      if (kv.length != 2) {
        throw new IllegalArgumentException(
            "as per https://www.rfc-editor.org/rfc/rfc9110#parameter expected parameters to be"
                + " key-values, got %s in %s content-type".formatted(parts[i], contentType));
      }
      if (kv[0].trim().equals("proto")) {
        WriteProtocol p = WriteProtocol.ofMessageName(kv[1].trim());
        if (p == null) {
          throw new IllegalArgumentException(
              "got %s content type; unknown remote write protobuf message %s, supported: %s"
                  .formatted(
                      contentType,
                      kv[1].trim(),
                      "prometheus.WriteRequest, io.prometheus.write.v2.Request"));
        }
        return p;
      }
    }
    return WriteProtocol.V1;
  }
}
