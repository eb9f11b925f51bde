package io.argus.scrape.httpclient;

import io.argus.scrape.config.HttpClientConfig;
import io.argus.scrape.config.HttpClientConfig.Authorization;
import io.argus.scrape.config.HttpClientConfig.BasicAuth;
import io.argus.scrape.config.HttpClientConfig.Header;
import io.argus.scrape.config.HttpClientConfig.TlsConfig;
import io.argus.scrape.config.Secret;
import io.argus.util.Clock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link HttpClient} configured by a {@link HttpClientConfig}, applied the way Prometheus' common
 * HTTP client applies it:
 *
 * <ul>
 *   <li>{@code basic_auth}, {@code authorization} and {@code oauth2} set the {@code Authorization}
 *       header of every request; credential files are read for each request, so a rotated token is
 *       used without a reload;
 *   <li>{@code http_headers} adds its values, secrets and file contents (read per request);
 *   <li>{@code tls_config}: the CA, client certificate and key are re-read before each request and
 *       a changed one replaces the underlying client (new connections use it, in-flight requests
 *       finish on the old one); {@code server_name} is the name verified and sent as SNI, {@code
 *       insecure_skip_verify} disables verification, {@code min_version}/{@code max_version} bound
 *       the protocols (the JDK's own security policy may still disable TLS 1.0/1.1);
 *   <li>{@code proxy_url}, {@code no_proxy}, {@code proxy_from_environment}: see {@link
 *       ProxyRules}; credentials in the proxy URL become a {@code Proxy-Authorization} header (the
 *       JDK drops basic credentials from {@code CONNECT} unless {@code
 *       jdk.http.auth.tunneling.disabledSchemes} allows them); of {@code proxy_connect_header},
 *       only {@code Proxy-*} headers can reach the proxy through the JDK client;
 *   <li>{@code follow_redirects} follows any redirect (as Go does) or returns the 3xx response;
 *   <li>{@code enable_http2} offers HTTP/2 over TLS via ALPN; plain-text requests stay HTTP/1.1.
 * </ul>
 *
 * <p>Thread-safe; one instance per scrape pool or discoverer, closed by its owner.
 */
public final class ConfiguredHttpClient implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(ConfiguredHttpClient.class);

  private final HttpClientConfig config;
  private final @Nullable Executor executor;
  private final @Nullable Duration connectTimeout;
  private final @Nullable ProxyRules proxy;
  private final Map<String, List<String>> proxyHeaders;
  private final @Nullable OAuth2Tokens oauth2;
  private final boolean watchTlsFiles;

  private @Nullable HttpClient client;
  private TlsSetup.@Nullable Material material;
  private boolean closed;

  /**
   * @param executor runs the client's callbacks; null for the JDK's default
   * @param connectTimeout bound on establishing a connection; null for none
   * @param environment reads {@code HTTP_PROXY} and friends for {@code proxy_from_environment}
   * @param clock times OAuth 2.0 token expiry
   */
  public ConfiguredHttpClient(
      HttpClientConfig config,
      @Nullable Executor executor,
      @Nullable Duration connectTimeout,
      UnaryOperator<@Nullable String> environment,
      Clock clock) {
    this.config = config;
    this.executor = executor;
    this.connectTimeout = connectTimeout;
    this.proxy =
        config.proxyFromEnvironment()
            ? ProxyRules.fromEnvironment(environment)
            : ProxyRules.forUrl(config.proxyUrl(), config.noProxy());
    this.proxyHeaders = proxyHeaders(config);
    if (config.proxyUrl().contains("@") && tunnelingRefusesBasic()) {
      logger
          .atWarn()
          .log(
              "proxy_url credentials are sent to the proxy for http targets; for https targets the"
                  + " jdk only sends basic proxy credentials when"
                  + " jdk.http.auth.tunneling.disabledSchemes does not list Basic");
    }
    this.oauth2 =
        config.oauth2() == null
            ? null
            : new OAuth2Tokens(config.oauth2(), executor, connectTimeout, clock);
    this.watchTlsFiles = TlsSetup.usesFiles(config.tlsConfig());
  }

  /** Returns the configuration this client applies. */
  public HttpClientConfig config() {
    return config;
  }

  /**
   * Sends {@code request} (whose URI is {@code uri}) after adding the configured headers and
   * credentials.
   *
   * @throws ClientSetupException when a credentials or TLS file cannot be used; nothing was sent
   */
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest.Builder request, URI uri, HttpResponse.BodyHandler<T> handler)
      throws ClientSetupException {
    HttpClient c = current();
    prepare(request, uri);
    return c.sendAsync(request.build(), handler);
  }

  /** Blocking form of {@link #sendAsync}. */
  public <T> HttpResponse<T> send(
      HttpRequest.Builder request, URI uri, HttpResponse.BodyHandler<T> handler)
      throws ClientSetupException, IOException, InterruptedException {
    HttpClient c = current();
    prepare(request, uri);
    return c.send(request.build(), handler);
  }

  /** Receives the headers of a request: {@code add} appends a value, {@code set} replaces all. */
  public interface HeaderSink {
    /**
     * Appends a value to {@code name}.
     *
     * @throws IllegalArgumentException when the name or value cannot be sent
     */
    void add(String name, String value);

    /** Replaces every value of {@code name} (case-insensitive) by {@code value}. */
    void set(String name, String value);
  }

  /**
   * Whether a request to {@code uri} needs nothing of the JDK client: plain {@code http}, no user
   * information in the URL and no proxy for it. Such requests may be sent by a plain HTTP/1.1
   * client with the headers of {@link #directRequestHeaders}.
   */
  public boolean sendsDirectly(URI uri) {
    return "http".equalsIgnoreCase(uri.getScheme())
        && uri.getHost() != null
        && uri.getRawUserInfo() == null
        && (proxy == null || proxy.proxyFor(uri) == null);
  }

  /**
   * Passes the configured headers and credentials of a request to {@code uri} (one for which {@link
   * #sendsDirectly} holds) to {@code sink}, failing as {@link #sendAsync} would: when the client is
   * closed, a credentials file cannot be read or the TLS files cannot be used (upstream checks them
   * for every request, whatever its scheme).
   *
   * @throws ClientSetupException when nothing may be sent; its message is the request error
   */
  public void directRequestHeaders(URI uri, HeaderSink sink) throws ClientSetupException {
    if (config.tlsConfig().equals(TlsConfig.DEFAULT)) {
      synchronized (this) {
        if (closed) {
          throw new ClientSetupException("http client is closed", null);
        }
      }
    } else {
      current();
    }
    addHeaders(uri, sink);
  }

  private void prepare(HttpRequest.Builder request, URI uri) throws ClientSetupException {
    if (!"https".equalsIgnoreCase(uri.getScheme()) || !config.enableHttp2()) {
      request.version(HttpClient.Version.HTTP_1_1);
    }
    addHeaders(
        uri,
        new HeaderSink() {
          @Override
          public void add(String name, String value) {
            request.header(name, value);
          }

          @Override
          public void set(String name, String value) {
            request.setHeader(name, value);
          }
        });
  }

  private void addHeaders(URI uri, HeaderSink request) throws ClientSetupException {
    try {
      for (Map.Entry<String, Header> e : config.httpHeaders().entrySet()) {
        String name = e.getKey();
        for (String v : e.getValue().values()) {
          request.add(name, v);
        }
        for (Secret s : e.getValue().secrets()) {
          request.add(name, s.reveal());
        }
        for (String f : e.getValue().files()) {
          request.add(name, Secrets.readFile(f, "unable to read headers file " + f));
        }
      }
    } catch (IllegalArgumentException e) {
      throw new ClientSetupException("invalid http_headers: " + e.getMessage(), e);
    }
    String authorization = authorization();
    if (authorization != null) {
      request.set("Authorization", authorization);
    }
    URI p = proxy == null ? null : proxy.proxyFor(uri);
    if (p != null) {
      if (p.getRawUserInfo() != null) {
        request.set("Proxy-Authorization", basic(p.getUserInfo()));
      }
      proxyHeaders.forEach((name, values) -> values.forEach(v -> request.add(name, v)));
    }
  }

  private @Nullable String authorization() throws ClientSetupException {
    BasicAuth b = config.basicAuth();
    if (b != null) {
      String user =
          Secrets.value(b.username(), b.usernameFile(), "unable to read basic auth username");
      String password =
          Secrets.value(
              b.password().reveal(), b.passwordFile(), "unable to read basic auth password");
      return basic(user + ":" + password);
    }
    Authorization a = config.authorization();
    if (a != null) {
      String credentials =
          Secrets.value(
              a.credentials().reveal(),
              a.credentialsFile(),
              "unable to read authorization credentials");
      return a.type() + " " + credentials;
    }
    OAuth2Tokens o = oauth2;
    return o == null ? null : o.authorization();
  }

  /** Whether the JDK would drop basic credentials on a CONNECT tunnel (its default). */
  private static boolean tunnelingRefusesBasic() {
    String disabled = System.getProperty("jdk.http.auth.tunneling.disabledSchemes", "Basic");
    return Arrays.stream(disabled.split(",")).anyMatch(s -> s.trim().equalsIgnoreCase("Basic"));
  }

  private static String basic(String userColonPassword) {
    return "Basic "
        + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Only {@code Proxy-*} headers reach the proxy of a tunnel through the JDK client, so other
   * {@code proxy_connect_header} names are logged and left out.
   */
  private static Map<String, List<String>> proxyHeaders(HttpClientConfig config) {
    java.util.LinkedHashMap<String, List<String>> out = new java.util.LinkedHashMap<>();
    config
        .proxyConnectHeader()
        .forEach(
            (name, secrets) -> {
              if (name.toLowerCase(Locale.ROOT).startsWith("proxy-")) {
                out.put(name, secrets.stream().map(Secret::reveal).toList());
              } else {
                logger
                    .atWarn()
                    .addKeyValue("header", name)
                    .log(
                        "proxy_connect_header: only Proxy-* headers can be sent to the proxy,"
                            + " ignoring");
              }
            });
    return Map.copyOf(out);
  }

  /** Returns the client for the current TLS files, replacing it when they changed. */
  private synchronized HttpClient current() throws ClientSetupException {
    if (closed) {
      throw new ClientSetupException("http client is closed", null);
    }
    HttpClient c = client;
    if (c != null && !watchTlsFiles) {
      return c;
    }
    TlsSetup.Material m = TlsSetup.read(config.tlsConfig());
    if (c != null && m.equals(material)) {
      return c;
    }
    HttpClient next = build(m);
    if (c != null) {
      c.shutdown();
    }
    client = next;
    material = m;
    return next;
  }

  private HttpClient build(TlsSetup.Material m) throws ClientSetupException {
    SSLContext ctx = TlsSetup.context(config.tlsConfig(), m);
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .version(config.enableHttp2() ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
            .followRedirects(
                config.followRedirects() ? HttpClient.Redirect.ALWAYS : HttpClient.Redirect.NEVER)
            .sslContext(ctx)
            .sslParameters(TlsSetup.parameters(config.tlsConfig(), ctx))
            .proxy(proxy == null ? HttpClient.Builder.NO_PROXY : proxy);
    if (executor != null) {
      b.executor(executor);
    }
    if (connectTimeout != null) {
      b.connectTimeout(connectTimeout);
    }
    return b.build();
  }

  /**
   * Words the failure of a request to {@code url} as Go's HTTP client does where the JDK's message
   * says little or nothing: a refused connection as {@code dial tcp 127.0.0.1:9100: connect:
   * connection refused}, a timeout as {@code context deadline exceeded}, a TLS failure as {@link
   * #tlsFailure}; otherwise {@code t}'s message, or its class name when it has none.
   */
  public static String describeFailure(URI url, Throwable t) {
    if (t instanceof java.net.http.HttpTimeoutException) {
      return "context deadline exceeded";
    }
    if (t instanceof java.net.ConnectException) {
      String m = t.getMessage();
      String why =
          m == null || m.isEmpty() || m.toLowerCase(java.util.Locale.ROOT).contains("refused")
              ? "connection refused"
              : m.toLowerCase(java.util.Locale.ROOT);
      return "dial tcp " + hostPort(url) + ": connect: " + why;
    }
    return describeFailure(t);
  }

  /**
   * Words a failure that is not about a connection to a URL (e.g. decoding a body): a TLS failure
   * as {@link #tlsFailure}, otherwise {@code t}'s message, or its class name when it has none.
   */
  public static String describeFailure(Throwable t) {
    String tls = tlsFailure(t);
    if (tls != null) {
      return tls;
    }
    String m = t.getMessage();
    return m == null || m.isEmpty() ? t.getClass().getSimpleName() : m;
  }

  private static String hostPort(URI url) {
    String host = url.getHost() == null ? "" : url.getHost();
    int port = url.getPort();
    if (port < 0) {
      port = "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
    }
    return host + ":" + port;
  }

  /**
   * Returns Go's wording for a failed TLS handshake in {@code t}'s causes, like {@code "tls: failed
   * to verify certificate: x509: certificate signed by unknown authority"}, or null when {@code t}
   * is not a TLS failure.
   */
  public static @Nullable String tlsFailure(Throwable t) {
    SSLException ssl = null;
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof CertificateException ce
          && ce.getMessage() != null
          && ce.getMessage().startsWith("x509: ")) {
        return "tls: failed to verify certificate: " + ce.getMessage();
      }
      if (c instanceof SSLException s && ssl == null) {
        ssl = s;
      }
    }
    if (ssl == null) {
      return null;
    }
    String m = ssl.getMessage();
    return "tls: " + (m == null ? ssl.getClass().getSimpleName() : m);
  }

  /** Stops the client; in-flight requests are aborted. */
  @Override
  public void close() {
    HttpClient c;
    synchronized (this) {
      closed = true;
      c = client;
      client = null;
    }
    if (c != null) {
      c.shutdownNow();
    }
    if (oauth2 != null) {
      oauth2.close();
    }
  }
}
