package io.argus.alertmanager.config;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A receiver's {@code http_config} (prometheus/common's HTTP client settings as vendored by
 * Alertmanager 0.25). After validation a {@code bearer_token}/{@code bearer_token_file} has been
 * moved into {@link #authorization} (type Bearer), as upstream does. File paths are as written.
 *
 * @param proxyUrl the proxy URL as written, "" when none
 * @param proxyConnectHeader headers sent to the proxy on CONNECT
 */
public record HttpClientConfig(
    @Nullable BasicAuth basicAuth,
    @Nullable Authorization authorization,
    @Nullable OAuth2 oauth2,
    String proxyUrl,
    Map<String, List<Secret>> proxyConnectHeader,
    TlsConfig tlsConfig,
    boolean followRedirects,
    boolean enableHttp2) {

  /** Upstream's defaults: follow redirects, HTTP/2 on. */
  public static final HttpClientConfig DEFAULT =
      new HttpClientConfig(null, null, null, "", Map.of(), TlsConfig.NONE, true, true);

  /** {@code basic_auth}. */
  public record BasicAuth(String username, Secret password, String passwordFile) {}

  /** {@code authorization}; {@code type} defaults to Bearer. */
  public record Authorization(String type, Secret credentials, String credentialsFile) {}

  /** {@code oauth2} client credentials. */
  public record OAuth2(
      String clientId,
      Secret clientSecret,
      String clientSecretFile,
      List<String> scopes,
      String tokenUrl,
      Map<String, String> endpointParams,
      String proxyUrl,
      TlsConfig tlsConfig) {}

  /**
   * {@code tls_config}.
   *
   * @param minVersion {@code TLS10}…{@code TLS13}, or "" for the default
   */
  public record TlsConfig(
      String caFile,
      String certFile,
      String keyFile,
      String serverName,
      boolean insecureSkipVerify,
      String minVersion,
      String maxVersion) {
    public static final TlsConfig NONE = new TlsConfig("", "", "", "", false, "", "");
  }
}
