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

  /** Returns a builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.basicAuth = basicAuth;
    b.authorization = authorization;
    b.oauth2 = oauth2;
    b.tlsConfig = tlsConfig;
    b.proxyUrl = proxyUrl;
    b.noProxy = noProxy;
    b.proxyFromEnvironment = proxyFromEnvironment;
    b.proxyConnectHeader = proxyConnectHeader;
    b.httpHeaders = httpHeaders;
    b.followRedirects = followRedirects;
    b.enableHttp2 = enableHttp2;
    return b;
  }

  /** Mutable builder starting from {@link #DEFAULT}; not thread-safe. */
  public static final class Builder {
    private @Nullable BasicAuth basicAuth;
    private @Nullable Authorization authorization;
    private @Nullable OAuth2 oauth2;
    private TlsConfig tlsConfig = TlsConfig.DEFAULT;
    private String proxyUrl = "";
    private String noProxy = "";
    private boolean proxyFromEnvironment;
    private Map<String, List<Secret>> proxyConnectHeader = Map.of();
    private Map<String, Header> httpHeaders = Map.of();
    private boolean followRedirects = true;
    private boolean enableHttp2 = true;

    public Builder basicAuth(@Nullable BasicAuth v) {
      basicAuth = v;
      return this;
    }

    public Builder authorization(@Nullable Authorization v) {
      authorization = v;
      return this;
    }

    public Builder oauth2(@Nullable OAuth2 v) {
      oauth2 = v;
      return this;
    }

    public Builder tls(TlsConfig v) {
      tlsConfig = v;
      return this;
    }

    public Builder proxyUrl(String v) {
      proxyUrl = v;
      return this;
    }

    public Builder noProxy(String v) {
      noProxy = v;
      return this;
    }

    public Builder proxyFromEnvironment(boolean v) {
      proxyFromEnvironment = v;
      return this;
    }

    public Builder proxyConnectHeader(Map<String, List<Secret>> v) {
      proxyConnectHeader = v;
      return this;
    }

    public Builder headers(Map<String, Header> v) {
      httpHeaders = v;
      return this;
    }

    public Builder followRedirects(boolean v) {
      followRedirects = v;
      return this;
    }

    public Builder enableHttp2(boolean v) {
      enableHttp2 = v;
      return this;
    }

    public HttpClientConfig build() {
      return new HttpClientConfig(
          basicAuth,
          authorization,
          oauth2,
          tlsConfig,
          proxyUrl,
          noProxy,
          proxyFromEnvironment,
          proxyConnectHeader,
          httpHeaders,
          followRedirects,
          enableHttp2);
    }
  }

  /** {@code basic_auth}; at most one of each value and its file is set. */
  public record BasicAuth(
      String username, String usernameFile, Secret password, String passwordFile) {}

  /** {@code authorization}: the header {@code Authorization: <type> <credentials>}. */
  public record Authorization(String type, Secret credentials, String credentialsFile) {}

  /**
   * {@code oauth2}: the client credentials flow against {@code token_url}, through {@code
   * proxy_url} when set.
   */
  public record OAuth2(
      String clientId,
      Secret clientSecret,
      String clientSecretFile,
      List<String> scopes,
      String tokenUrl,
      Map<String, String> endpointParams,
      TlsConfig tlsConfig,
      String proxyUrl) {}

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
