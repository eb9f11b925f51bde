package io.argus.scrape.config;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * HTTP client options shared by scrape configs, HTTP-based discovery, Alertmanagers and remote
 * storage. At most one of basic auth, authorization and OAuth 2.0 is set. File paths are already
 * resolved against the config file's directory; files are read when a request is made.
 *
 * @param proxyUrl the {@code proxy_url}, empty for none
 * @param noProxy the {@code no_proxy} list (comma-separated hosts, domains, IPs, CIDRs)
 * @param proxyFromEnvironment whether {@code HTTP_PROXY}, {@code HTTPS_PROXY} and {@code NO_PROXY}
 *     choose the proxy
 * @param proxyConnectHeader headers sent to the proxy when tunnelling
 * @param httpHeaders the {@code http_headers} added to every request, by header name
 */
public record HttpClientConfig(
    @Nullable BasicAuth basicAuth,
    @Nullable Authorization authorization,
    @Nullable OAuth2 oauth2,
    TlsConfig tlsConfig,
    String proxyUrl,
    String noProxy,
    boolean proxyFromEnvironment,
    Map<String, List<Secret>> proxyConnectHeader,
    Map<String, Header> httpHeaders,
    boolean followRedirects,
    boolean enableHttp2) {
  public static final HttpClientConfig DEFAULT =
      new HttpClientConfig(
          null, null, null, TlsConfig.DEFAULT, "", "", false, Map.of(), Map.of(), true, true);

  public HttpClientConfig {
    proxyConnectHeader = Map.copyOf(proxyConnectHeader);
    httpHeaders = Map.copyOf(httpHeaders);
  }

  /** {@code basic_auth}; at most one of each value and its file is set. */
  public record BasicAuth(
      String username, String usernameFile, Secret password, String passwordFile) {}

  /** {@code authorization}: the header {@code Authorization: <type> <credentials>}. */
  public record Authorization(String type, Secret credentials, String credentialsFile) {}

  /** {@code oauth2}: the client credentials flow against {@code token_url}. */
  public record OAuth2(
      String clientId,
      Secret clientSecret,
      String clientSecretFile,
      List<String> scopes,
      String tokenUrl,
      Map<String, String> endpointParams,
      TlsConfig tlsConfig) {}

  /** One {@code http_headers} entry: every value, secret and file content is sent. */
  public record Header(List<String> values, List<Secret> secrets, List<String> files) {
    public Header {
      values = List.copyOf(values);
      secrets = List.copyOf(secrets);
      files = List.copyOf(files);
    }
  }

  /**
   * {@code tls_config}; inline PEM ({@code ca}, {@code cert}, {@code key}) or files. Versions are
   * upstream's names ({@code TLS12}), empty for the default.
   */
  public record TlsConfig(
      String ca,
      String caFile,
      String cert,
      String certFile,
      Secret key,
      String keyFile,
      String serverName,
      boolean insecureSkipVerify,
      String minVersion,
      String maxVersion) {
    public static final TlsConfig DEFAULT =
        new TlsConfig("", "", "", "", Secret.EMPTY, "", "", false, "", "");
  }
}
