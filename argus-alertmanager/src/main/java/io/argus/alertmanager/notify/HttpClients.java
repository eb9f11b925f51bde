package io.argus.alertmanager.notify;

import io.argus.alertmanager.config.HttpClientConfig;
import io.argus.scrape.config.Secret;
import io.argus.scrape.httpclient.ClientSetupException;
import io.argus.scrape.httpclient.ConfiguredHttpClient;
import io.argus.util.Clock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP for receivers: a receiver's {@code http_config} applied through the scrape module's {@link
 * ConfiguredHttpClient} (auth, OAuth 2.0, TLS, proxy), and upstream's handling of responses.
 */
public final class HttpClients {
  /** The User-Agent upstream's notifiers send. */
  public static final String USER_AGENT = "Alertmanager/0.25.0";

  /** The longest one notification request may take. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(1);

  private HttpClients() {}

  /** Returns a client applying {@code config}. Close it when the receiver is dropped. */
  public static ConfiguredHttpClient create(HttpClientConfig config, Clock clock) {
    return new ConfiguredHttpClient(
        convert(config), null, Duration.ofSeconds(30), System::getenv, clock);
  }

  static io.argus.scrape.config.HttpClientConfig convert(HttpClientConfig c) {
    Map<String, List<Secret>> proxyHeaders = new LinkedHashMap<>();
    c.proxyConnectHeader()
        .forEach((k, v) -> proxyHeaders.put(k, v.stream().map(s -> secret(s)).toList()));
    return io.argus.scrape.config.HttpClientConfig.DEFAULT.toBuilder()
        .basicAuth(
            c.basicAuth() == null
                ? null
                : new io.argus.scrape.config.HttpClientConfig.BasicAuth(
                    c.basicAuth().username(),
                    "",
                    secret(c.basicAuth().password()),
                    c.basicAuth().passwordFile()))
        .authorization(
            c.authorization() == null
                ? null
                : new io.argus.scrape.config.HttpClientConfig.Authorization(
                    c.authorization().type(),
                    secret(c.authorization().credentials()),
                    c.authorization().credentialsFile()))
        .oauth2(
            c.oauth2() == null
                ? null
                : new io.argus.scrape.config.HttpClientConfig.OAuth2(
                    c.oauth2().clientId(),
                    secret(c.oauth2().clientSecret()),
                    c.oauth2().clientSecretFile(),
                    c.oauth2().scopes(),
                    c.oauth2().tokenUrl(),
                    c.oauth2().endpointParams(),
                    tls(c.oauth2().tlsConfig()),
                    c.oauth2().proxyUrl()))
        .tls(tls(c.tlsConfig()))
        .proxyUrl(c.proxyUrl())
        .proxyConnectHeader(proxyHeaders)
        .followRedirects(c.followRedirects())
        .enableHttp2(c.enableHttp2())
        .build();
  }

  private static Secret secret(io.argus.alertmanager.config.Secret s) {
    return new Secret(s.value());
  }

  private static io.argus.scrape.config.HttpClientConfig.TlsConfig tls(
      HttpClientConfig.TlsConfig t) {
    return new io.argus.scrape.config.HttpClientConfig.TlsConfig(
        "",
        t.caFile(),
        "",
        t.certFile(),
        Secret.EMPTY,
        t.keyFile(),
        t.serverName(),
        t.insecureSkipVerify(),
        t.minVersion(),
        t.maxVersion());
  }

  /**
   * POSTs {@code body} and classifies the outcome as upstream: 2xx succeeds, 5xx and transport
   * errors are retryable, other statuses are final.
   *
   * @param headers extra request headers
   * @return the response body of a 2xx response
   */
  public static String post(
      ConfiguredHttpClient client,
      String url,
      String contentType,
      byte[] body,
      Map<String, String> headers)
      throws NotifyException, InterruptedException {
    return send(client, "POST", url, contentType, body, headers);
  }

  /** Like {@link #post} with another method ({@code PUT}). */
  public static String send(
      ConfiguredHttpClient client,
      String method,
      String url,
      String contentType,
      byte[] body,
      Map<String, String> headers)
      throws NotifyException, InterruptedException {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new NotifyException(
          "invalid url: " + e.getMessage(), false, NotifyException.Reason.OTHER);
    }
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri)
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", contentType)
            .header("User-Agent", USER_AGENT)
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(req::header);
    HttpResponse<byte[]> resp;
    try {
      resp = client.send(req, uri, HttpResponse.BodyHandlers.ofByteArray());
    } catch (ClientSetupException e) {
      throw new NotifyException(
          String.valueOf(e.getMessage()), true, NotifyException.Reason.OTHER, e);
    } catch (IOException e) {
      throw new NotifyException(
          "Post \"" + redact(url) + "\": " + e, true, NotifyException.Reason.OTHER, e);
    }
    String text = new String(resp.body(), StandardCharsets.UTF_8);
    if (resp.statusCode() / 100 != 2) {
      throw NotifyException.forStatus(resp.statusCode(), truncate(text, 1024));
    }
    return text;
  }

  private static String redact(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
