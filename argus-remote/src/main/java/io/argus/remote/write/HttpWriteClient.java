package io.argus.remote.write;

import io.argus.scrape.config.RemoteWriteConfig;
import io.argus.scrape.httpclient.ClientSetupException;
import io.argus.scrape.httpclient.ConfiguredHttpClient;
import io.argus.scrape.httpclient.StatusText;
import io.argus.util.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Remote write over HTTP as Prometheus does it: {@code POST} with {@code Content-Encoding: snappy},
 * {@code Content-Type: application/x-protobuf} (with {@code ;proto=…} for 2.0), the server's {@code
 * User-Agent} and {@code X-Prometheus-Remote-Write-Version} (0.1.0 or 2.0.0), the configured
 * headers and credentials ({@code basic_auth}, {@code authorization}, {@code oauth2}, TLS, proxy),
 * bounded by {@code remote_timeout}. 2xx is success; 5xx, network errors and (when configured) 429
 * are recoverable, honouring {@code Retry-After}; any other status drops the batch with the first 1
 * KiB of the response body in the message. Thread-safe; close it when the queue stops.
 */
final class HttpWriteClient implements WriteClient, AutoCloseable {
  private static final int MAX_ERROR_BODY = 1024;

  private final String name;
  private final URI uri;
  private final String endpoint;
  private final Duration timeout;
  private final Map<String, String> headers;
  private final boolean retryOn429;
  private final boolean v2;
  private final String userAgent;
  private final Clock clock;
  private final ConfiguredHttpClient http;

  HttpWriteClient(String name, RemoteWriteConfig config, String userAgent, Clock clock) {
    this.name = name;
    this.uri = URI.create(config.url());
    this.endpoint = redacted(uri);
    this.timeout = Duration.ofMillis(Math.max(1, config.remoteTimeoutMillis()));
    this.headers = config.headers();
    this.retryOn429 = config.queueConfig().retryOnHttp429();
    this.v2 = config.protobufMessage().equals(RemoteWriteConfig.PROTO_V2);
    this.userAgent = userAgent;
    this.clock = clock;
    this.http = new ConfiguredHttpClient(config.http(), null, timeout, System::getenv, clock);
  }

  static String redacted(URI uri) {
    String info = uri.getRawUserInfo();
    if (info == null || !info.contains(":")) {
      return uri.toString();
    }
    String user = info.substring(0, info.indexOf(':'));
    return uri.toString().replace(info + "@", user + ":xxxxx@");
  }

  @Override
  public void store(byte[] body, int length, int attempt)
      throws WriteException, InterruptedException {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body, 0, length));
    headers.forEach(req::header);
    req.setHeader("Content-Encoding", "snappy");
    req.setHeader(
        "Content-Type",
        v2
            ? "application/x-protobuf;proto=io.prometheus.write.v2.Request"
            : "application/x-protobuf");
    req.setHeader("User-Agent", userAgent);
    req.setHeader("X-Prometheus-Remote-Write-Version", v2 ? "2.0.0" : "0.1.0");
    if (attempt > 0) {
      req.setHeader("Retry-Attempt", Integer.toString(attempt));
    }
    HttpResponse<InputStream> resp;
    try {
      resp = http.send(req, uri, HttpResponse.BodyHandlers.ofInputStream());
    } catch (ClientSetupException e) {
      throw new WriteException(e.getMessage(), e);
    } catch (IOException e) {
      throw new WriteException(
          "Post \"" + endpoint + "\": " + ConfiguredHttpClient.describeFailure(uri, e), e);
    }
    int code = resp.statusCode();
    String errorBody;
    try (InputStream in = resp.body()) {
      if (code / 100 == 2) {
        in.transferTo(OutputStream.nullOutputStream());
        return;
      }
      errorBody = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new WriteException("reading response from " + endpoint + ": " + e.getMessage(), e);
    }
    String message =
        "server returned HTTP status " + StatusText.of(code) + ": " + errorBody.strip();
    if (code / 100 == 5 || (retryOn429 && code == 429)) {
      long after = retryAfter(resp.headers().firstValue("Retry-After").orElse(""));
      throw new WriteException(message, true, after);
    }
    throw new WriteException(message, false, -1);
  }

  /**
   * Milliseconds asked for by a {@code Retry-After} value (seconds or an HTTP date); -1 if none.
   */
  long retryAfter(String value) {
    String v = value.strip();
    if (v.isEmpty()) {
      return -1;
    }
    try {
      return Math.max(0, Long.parseLong(v) * 1000);
    } catch (NumberFormatException e) {
      // not a number of seconds: an HTTP date
    }
    try {
      long at =
          ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
      return Math.max(0, at - clock.millis());
    } catch (DateTimeParseException e) {
      return -1;
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String endpoint() {
    return endpoint;
  }

  @Override
  public void close() {
    http.close();
  }
}
