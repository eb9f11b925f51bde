package io.argus.scrape.config;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * HTTP client options shared by scrape configs, HTTP-based discovery, Alertmanagers and remote
 * storage. At most one of basic auth, authorization and OAuth 2.0 is set.
 */
public record HttpClientConfig(
    @Nullable BasicAuth basicAuth,
    @Nullable Authorization authorization,
    @Nullable OAuth2 oauth2,
    TlsConfig tlsConfig,
    String proxyUrl,
    boolean followRedirects,
    boolean enableHttp2) {
  public static final HttpClientConfig DEFAULT =
      new HttpClientConfig(null, null, null, TlsConfig.DEFAULT, "", true, true);

  /** {@code basic_auth}; a password file is read when a request is made. */
  public record BasicAuth(String username, Secret password, String passwordFile) {}

  /** {@code authorization}: the header {@code Authorization: <type> <credentials>}. */
  public record Authorization(String type, Secret credentials, String credentialsFile) {}

  /** {@code oauth2}: parsed and validated, the client credentials flow is not implemented. */
  public record OAuth2(
      String clientId,
      Secret clientSecret,
      String clientSecretFile,
      List<String> scopes,
      String tokenUrl,
      Map<String, String> endpointParams,
      TlsConfig tlsConfig) {}

  /** {@code tls_config}; inline PEM ({@code ca}, {@code cert}, {@code key}) or files. */
  public record TlsConfig(
      String ca,
      String caFile,
      String cert,
      String certFile,
      Secret key,
      String keyFile,
      String serverName,
      boolean insecureSkipVerify,
      String minVersion) {
    public static final TlsConfig DEFAULT =
        new TlsConfig("", "", "", "", Secret.EMPTY, "", "", false, "");
  }
}
