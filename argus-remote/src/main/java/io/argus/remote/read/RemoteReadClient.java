package io.argus.remote.read;

import io.argus.model.labels.Labels;
import io.argus.remote.proto.ProtoException;
import io.argus.remote.proto.ProtoReader;
import io.argus.remote.proto.ProtoWriter;
import io.argus.remote.proto.ReadCodec;
import io.argus.remote.proto.ReadRequest;
import io.argus.remote.proto.SeriesView;
import io.argus.remote.proto.WireType;
import io.argus.remote.proto.WriteRequestV1Decoder;
import io.argus.scrape.config.RemoteReadConfig;
import io.argus.scrape.httpclient.ClientSetupException;
import io.argus.scrape.httpclient.ConfiguredHttpClient;
import io.argus.scrape.httpclient.StatusText;
import io.argus.util.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.xerial.snappy.Snappy;

/**
 * The client side of remote read, as Prometheus' {@code storage/remote/client.go}: one {@code POST}
 * per query with a snappy-compressed {@code ReadRequest} asking for {@code SAMPLES}, the headers
 * {@code Content-Encoding: snappy}, {@code Content-Type: application/x-protobuf}, {@code
 * X-Prometheus-Remote-Read-Version: 0.1.0} and the server's {@code User-Agent}, the configured
 * headers and credentials (basic auth, authorization, OAuth 2.0, TLS, proxy), bounded by {@code
 * remote_timeout}. Thread-safe; close it when its configuration is replaced.
 */
public final class RemoteReadClient implements AutoCloseable {
  /** The largest compressed response read (1 GiB, under the JVM's array limit). */
  static final int MAX_RESPONSE_BYTES = 1 << 30;

  private static final int MAX_ERROR_BODY = 1024;

  /** One series of an answer: sorted labels and samples in ascending time (Unix ms). */
  public record RemoteSeries(Labels labels, long[] timestamps, double[] values) {}

  /** A failed read; the message is what Prometheus would report as a warning. */
  public static final class ReadException extends Exception {
    ReadException(String message, Throwable cause) {
      super(message, cause);
    }

    ReadException(String message) {
      super(message);
    }
  }

  private final RemoteReadConfig config;
  private final URI uri;
  private final String endpoint;
  private final Duration timeout;
  private final String userAgent;
  private final ConfiguredHttpClient http;

  /** Decoders for responses, reused (each holds a label cache of about 1 MiB). */
  private final ConcurrentLinkedQueue<WriteRequestV1Decoder> decoders =
      new ConcurrentLinkedQueue<>();

  public RemoteReadClient(RemoteReadConfig config, String userAgent, Clock clock) {
    this.config = config;
    this.uri = URI.create(config.url());
    this.endpoint = redacted(uri);
    this.timeout = Duration.ofMillis(Math.max(1, config.remoteTimeoutMillis()));
    this.userAgent = userAgent;
    this.http = new ConfiguredHttpClient(config.http(), null, timeout, System::getenv, clock);
  }

  public RemoteReadConfig config() {
    return config;
  }

  /** The URL with any password replaced, for logs and messages. */
  public String endpoint() {
    return endpoint;
  }

  static String redacted(URI uri) {
    String info = uri.getRawUserInfo();
    if (info == null || !info.contains(":")) {
      return uri.toString();
    }
    String user = info.substring(0, info.indexOf(':'));
    return uri.toString().replace(info + "@", user + ":xxxxx@");
  }

  /**
   * Runs one query and returns its series in the order the server sent them.
   *
   * @throws ReadException when the request fails, the server answers non-2xx or the answer cannot
   *     be decoded
   */
  public List<RemoteSeries> read(ReadRequest.Query query)
      throws ReadException, InterruptedException {
    ProtoWriter w = new ProtoWriter();
    ReadCodec.encodeRequest(new ReadRequest(List.of(query), List.of(ReadRequest.SAMPLES)), w);
    byte[] body;
    try {
      body = Snappy.compress(w.toByteArray());
    } catch (IOException e) {
      throw new ReadException("unable to compress request: " + e.getMessage(), e);
    }
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    config.headers().forEach(req::header);
    req.setHeader("Content-Encoding", "snappy");
    req.setHeader("Content-Type", "application/x-protobuf");
    req.setHeader("User-Agent", userAgent);
    req.setHeader("X-Prometheus-Remote-Read-Version", "0.1.0");
    HttpResponse<InputStream> resp;
    try {
      resp = http.send(req, uri, HttpResponse.BodyHandlers.ofInputStream());
    } catch (ClientSetupException e) {
      throw new ReadException(e.getMessage(), e);
    } catch (IOException e) {
      throw new ReadException(
          "error sending request: Post \""
              + endpoint
              + "\": "
              + ConfiguredHttpClient.describeFailure(uri, e),
          e);
    }
    int code = resp.statusCode();
    byte[] compressed;
    try (InputStream in = resp.body()) {
      if (code / 100 != 2) {
        String text = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
        throw new ReadException(
            "remote server "
                + endpoint
                + " returned HTTP status "
                + StatusText.of(code)
                + ": "
                + text.strip());
      }
      compressed = in.readNBytes(MAX_RESPONSE_BYTES);
    } catch (IOException e) {
      throw new ReadException("error reading response. HTTP status code: " + code + ": " + e, e);
    }
    String contentType = resp.headers().firstValue("Content-Type").orElse("");
    if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/x-protobuf")
        || contentType.contains("proto=prometheus.ChunkedReadResponse")) {
      throw new ReadException(
          "unsupported content type %s for a SAMPLES read response".formatted(contentType));
    }
    byte[] raw;
    try {
      raw = Snappy.uncompress(compressed);
    } catch (IOException e) {
      throw new ReadException("error reading response: snappy: corrupt input", e);
    }
    WriteRequestV1Decoder decoder = decoders.poll();
    if (decoder == null) {
      decoder = new WriteRequestV1Decoder();
    }
    try {
      return decodeFirstResult(raw, decoder);
    } catch (ProtoException e) {
      throw new ReadException("unable to unmarshal response body: " + e.getMessage(), e);
    } finally {
      decoders.offer(decoder);
    }
  }

  /**
   * Decodes the series of the first {@code QueryResult} of a {@code ReadResponse}. A {@code
   * QueryResult} has the layout of a 1.0 {@code WriteRequest} (field 1: repeated {@code
   * TimeSeries}), so the write decoder reads it.
   */
  static List<RemoteSeries> decodeFirstResult(byte[] raw, WriteRequestV1Decoder decoder) {
    List<RemoteSeries> out = new ArrayList<>();
    ProtoReader in = new ProtoReader();
    in.reset(raw, 0, raw.length);
    int results = 0;
    while (in.hasRemaining()) {
      int tag = in.readTag();
      if (tag >>> 3 != 1) {
        in.skip(tag);
        continue;
      }
      ProtoReader.expect(tag, WireType.LEN, "ReadResponse.results");
      int len = in.readLength();
      int off = in.position();
      in.position(off + len);
      if (results++ > 0) {
        throw new ProtoException("responses: want 1, got " + results);
      }
      decoder.decode(
          raw,
          off,
          len,
          (SeriesView s) -> out.add(new RemoteSeries(s.labels(), times(s), values(s))));
    }
    return out;
  }

  private static long[] times(SeriesView s) {
    long[] t = new long[s.sampleCount()];
    for (int i = 0; i < t.length; i++) {
      t[i] = s.timestamp(i);
    }
    return t;
  }

  private static double[] values(SeriesView s) {
    double[] v = new double[s.sampleCount()];
    for (int i = 0; i < v.length; i++) {
      v[i] = s.value(i);
    }
    return v;
  }

  @Override
  public void close() {
    http.close();
  }
}
