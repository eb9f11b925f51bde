package io.argus.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.scrape.StorageProbe.Sample;
import io.argus.scrape.config.HttpClientConfig;
import io.argus.scrape.config.HttpClientConfig.Authorization;
import io.argus.scrape.config.HttpClientConfig.BasicAuth;
import io.argus.scrape.config.HttpClientConfig.Header;
import io.argus.scrape.config.HttpClientConfig.OAuth2;
import io.argus.scrape.config.HttpClientConfig.TlsConfig;
import io.argus.scrape.config.Secret;
import io.argus.scrape.httpclient.TestPki;
import io.argus.testkit.ManualClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scrapes through the HTTP client options: TLS, authentication, headers, proxies, redirects. */
class ScrapeHttpOptionsTest {
  private static final String TEXT = ScrapeLoopTest.TEXT;
  private static final long START_MS = ScrapeLoopTest.START_MS;

  @TempDir static Path pkiDir;
  private static TestPki pki;

  @TempDir Path tmp;
  private final ManualClock clock = new ManualClock(START_MS);
  private final ScrapeMetrics metrics = new ScrapeMetrics(new PrometheusRegistry());
  private final StorageProbe probe = new StorageProbe();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final List<String> sniNames = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void createPki() throws Exception {
    pki = new TestPki(pkiDir);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private TestExporter plain() throws Exception {
    TestExporter e = new TestExporter();
    closing.add(e);
    e.serve("/metrics", TEXT, "a 1\n");
    return e;
  }

  private TestExporter https(boolean needClientCert) throws Exception {
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setSNISelector(
        (keyType, issuers, session, sniHost, certificates) -> {
          sniNames.add(String.valueOf(sniHost));
          return "server";
        });
    tls.setKeyStore(pki.keyStore("server"));
    tls.setKeyStorePassword(TestPki.PASSWORD);
    tls.setCertAlias("server");
    if (needClientCert) {
      tls.setTrustStore(pki.trustStore());
      tls.setNeedClientAuth(true);
    }
    TestExporter e = new TestExporter(tls);
    closing.add(e);
    e.serve("/metrics", TEXT, "a 1\n");
    return e;
  }

  /** A scrape loop for one target with its own client, as a scrape pool would build it. */
  private ScrapeLoop loop(TestExporter target, String scheme, HttpClientConfig http) {
    return loop(target.address(), scheme, http);
  }

  private ScrapeLoop loop(String address, String scheme, HttpClientConfig http) {
    ScrapeSettings s =
        ScrapeSettings.builder("node")
            .interval(15_000)
            .timeout(5_000)
            .scheme(scheme)
            .http(http)
            .build();
    ScrapeHttpClient client = new ScrapeHttpClient("argus-test", http, clock);
    closing.add(client);
    Target t = Target.create(Labels.of("__address__", address), s);
    assertThat(t).isNotNull();
    return new ScrapeLoop(t, s, probe, client, clock, Sleeper.REAL, metrics, 0);
  }

  private List<Double> storedUp() {
    List<Double> out = new ArrayList<>();
    for (Map.Entry<Labels, List<Sample>> e : probe.select().entrySet()) {
      if ("up".equals(e.getKey().get("__name__"))) {
        e.getValue().forEach(s -> out.add(s.v()));
      }
    }
    return out;
  }

  private static HttpClientConfig.Builder http() {
    return HttpClientConfig.DEFAULT.toBuilder();
  }

  private static TlsConfig tls(String caFile, String serverName, boolean insecure) {
    return new TlsConfig("", caFile, "", "", Secret.EMPTY, "", serverName, insecure, "", "");
  }

  private Path write(String name, String content) throws Exception {
    Path p = tmp.resolve(name);
    Files.writeString(p, content);
    return p;
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  // ---- TLS ------------------------------------------------------------------------------------

  @Test
  void tls_caFileVerifiesTarget() throws Exception {
    TestExporter target = https(false);
    ScrapeLoop loop =
        loop(target, "https", http().tls(tls(pki.pem("ca").toString(), "", false)).build());

    ScrapeReport r = loop.scrapeOnce(START_MS);

    assertThat(r.error()).isNull();
    assertThat(storedUp()).containsExactly(1.0);
    assertThat(target.lastHeaders("/metrics").get(HttpHeader.USER_AGENT)).isEqualTo("argus-test");
  }

  @Test
  void tls_unknownAuthority_failsWithGoWording() throws Exception {
    TestExporter target = https(false);
    ScrapeLoop loop = loop(target, "https", HttpClientConfig.DEFAULT);

    ScrapeReport r = loop.scrapeOnce(START_MS);

    assertThat(r.error())
        .isEqualTo(
            "Get \"https://"
                + target.address()
                + "/metrics\": tls: failed to verify certificate: x509: certificate signed by"
                + " unknown authority");
    assertThat(storedUp()).containsExactly(0.0);
    assertThat(target.lastHeaders("/metrics")).isNull();
  }

  @Test
  void tls_serverNameIsTheVerifiedName() throws Exception {
    TestExporter target = https(false);
    String ca = pki.pem("ca").toString();

    ScrapeReport wrong =
        loop(target, "https", http().tls(tls(ca, "wrong.test", false)).build())
            .scrapeOnce(START_MS);
    ScrapeReport right =
        loop(target, "https", http().tls(tls(ca, "target.test", false)).build())
            .scrapeOnce(START_MS);

    assertThat(wrong.error())
        .endsWith(
            "tls: failed to verify certificate: x509: certificate is valid for target.test, not"
                + " wrong.test");
    assertThat(right.error()).isNull();
  }

  @Test
  void tls_serverNameIsSentAsSniForHostNameUrls() throws Exception {
    TestExporter target = https(false);
    String address = "localhost:" + target.address().split(":")[1];
    String ca = pki.pem("ca").toString();

    ScrapeReport withServerName =
        loop(address, "https", http().tls(tls(ca, "target.test", false)).build())
            .scrapeOnce(START_MS);
    ScrapeReport urlHost =
        loop(address, "https", http().tls(tls(ca, "", false)).build()).scrapeOnce(START_MS);

    assertThat(withServerName.error()).isNull();
    assertThat(urlHost.error())
        .endsWith("x509: certificate is valid for target.test, not localhost");
    assertThat(sniNames).containsExactly("target.test", "localhost");
  }

  @Test
  void tls_insecureSkipVerify_acceptsUnknownAuthorityAndName() throws Exception {
    TestExporter target = https(false);
    ScrapeLoop loop = loop(target, "https", http().tls(tls("", "nope.test", true)).build());

    assertThat(loop.scrapeOnce(START_MS).error()).isNull();
    assertThat(target.lastHeaders("/metrics")).isNotNull();
  }

  @Test
  void tls_clientCertificate_mutualTls() throws Exception {
    TestExporter target = https(true);
    String ca = pki.pem("ca").toString();
    TlsConfig withCert =
        new TlsConfig(
            "",
            ca,
            "",
            pki.pem("client").toString(),
            Secret.EMPTY,
            pki.keyPem("client").toString(),
            "",
            false,
            "",
            "");

    ScrapeReport without =
        loop(target, "https", http().tls(tls(ca, "", false)).build()).scrapeOnce(START_MS);
    ScrapeReport with =
        loop(target, "https", http().tls(withCert).build()).scrapeOnce(START_MS + 15_000);

    assertThat(without.error()).startsWith("Get \"https://" + target.address() + "/metrics\": ");
    assertThat(with.error()).isNull();
    assertThat(storedUp()).containsExactly(0.0, 1.0);
  }

  @Test
  void tls_inlineCertificateAndKey() throws Exception {
    TestExporter target = https(true);
    TlsConfig inline =
        new TlsConfig(
            Files.readString(pki.pem("ca")),
            "",
            Files.readString(pki.pem("client")),
            "",
            new Secret(Files.readString(pki.keyPem("client"))),
            "",
            "",
            false,
            "TLS12",
            "TLS13");

    assertThat(loop(target, "https", http().tls(inline).build()).scrapeOnce(START_MS).error())
        .isNull();
  }

  @Test
  void tls_caFileChange_isPickedUpWithoutNewClient() throws Exception {
    TestExporter target = https(false);
    Path caFile = write("ca.pem", Files.readString(pki.pem("other-ca")));
    ScrapeLoop loop = loop(target, "https", http().tls(tls(caFile.toString(), "", false)).build());

    ScrapeReport before = loop.scrapeOnce(START_MS);
    Files.writeString(caFile, Files.readString(pki.pem("ca")));
    ScrapeReport after = loop.scrapeOnce(START_MS + 15_000);

    assertThat(before.error()).endsWith("x509: certificate signed by unknown authority");
    assertThat(after.error()).isNull();
    assertThat(storedUp()).containsExactly(0.0, 1.0);
  }

  @Test
  void tls_unusableCaFile_failsEachScrapeClearly() throws Exception {
    TestExporter target = https(false);
    Path caFile = write("ca.pem", "not a certificate");
    Path missing = tmp.resolve("missing.pem");

    ScrapeReport bad =
        loop(target, "https", http().tls(tls(caFile.toString(), "", false)).build())
            .scrapeOnce(START_MS);
    ScrapeReport gone =
        loop(target, "https", http().tls(tls(missing.toString(), "", false)).build())
            .scrapeOnce(START_MS);

    assertThat(bad.error()).endsWith(": unable to use specified CA cert file " + caFile);
    assertThat(gone.error())
        .endsWith(
            ": unable to read CA cert: unable to read file "
                + missing
                + ": open "
                + missing
                + ": no such file or directory");
  }

  // ---- authentication and headers -------------------------------------------------------------

  @Test
  void basicAuth_filesAreReadForEveryScrape() throws Exception {
    TestExporter target = plain();
    Path user = write("user", "scraper\n");
    Path password = write("password", "first\n");
    ScrapeLoop loop =
        loop(
            target,
            "http",
            http()
                .basicAuth(new BasicAuth("", user.toString(), Secret.EMPTY, password.toString()))
                .build());

    loop.scrapeOnce(START_MS);
    String first = target.lastHeaders("/metrics").get(HttpHeader.AUTHORIZATION);
    Files.writeString(password, "second");
    loop.scrapeOnce(START_MS + 15_000);
    String second = target.lastHeaders("/metrics").get(HttpHeader.AUTHORIZATION);

    assertThat(first).isEqualTo(basic("scraper", "first"));
    assertThat(second).isEqualTo(basic("scraper", "second"));
  }

  @Test
  void authorization_rotatedCredentialsFile_isUsedWithoutReload() throws Exception {
    TestExporter target = plain();
    Path token = write("token", "token-1\n");
    target.serve(
        "/metrics",
        (response, out) -> {
          // The target accepts only the current token.
          String expected = "Bearer " + Files.readString(token).strip();
          if (!expected.equals(target.lastHeaders("/metrics").get(HttpHeader.AUTHORIZATION))) {
            response.setStatus(401);
            return;
          }
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, TEXT);
          out.write("a 1\n".getBytes(StandardCharsets.UTF_8));
        });
    ScrapeLoop loop =
        loop(
            target,
            "http",
            http()
                .authorization(new Authorization("Bearer", Secret.EMPTY, token.toString()))
                .build());

    ScrapeReport first = loop.scrapeOnce(START_MS);
    Files.writeString(token, "token-2");
    ScrapeReport second = loop.scrapeOnce(START_MS + 15_000);

    assertThat(first.error()).isNull();
    assertThat(second.error()).isNull();
    assertThat(target.lastHeaders("/metrics").get(HttpHeader.AUTHORIZATION))
        .isEqualTo("Bearer token-2");
  }

  @Test
  void authorization_missingFile_failsTheScrape() throws Exception {
    TestExporter target = plain();
    Path missing = tmp.resolve("absent-token");
    ScrapeLoop loop =
        loop(
            target,
            "http",
            http()
                .authorization(new Authorization("Token", Secret.EMPTY, missing.toString()))
                .build());

    ScrapeReport r = loop.scrapeOnce(START_MS);

    assertThat(r.error())
        .isEqualTo(
            "Get \"http://"
                + target.address()
                + "/metrics\": unable to read authorization credentials: unable to read file "
                + missing
                + ": open "
                + missing
                + ": no such file or directory");
    assertThat(storedUp()).containsExactly(0.0);
    assertThat(target.lastHeaders("/metrics")).isNull();
  }

  @Test
  void httpHeaders_valuesSecretsAndFilesAreSent() throws Exception {
    TestExporter target = plain();
    Path file = write("tenant", " from-file \n");
    ScrapeLoop loop =
        loop(
            target,
            "http",
            http()
                .headers(
                    Map.of(
                        "X-Tenant",
                        new Header(
                            List.of("plain"),
                            List.of(new Secret("hidden")),
                            List.of(file.toString()))))
                .build());

    assertThat(loop.scrapeOnce(START_MS).error()).isNull();

    assertThat(target.lastHeaders("/metrics").getValuesList("X-Tenant"))
        .containsExactly("plain", "hidden", "from-file");
  }

  @Test
  void oauth2_tokenIsFetchedCachedAndRenewedAfterExpiry() throws Exception {
    TestExporter target = plain();
    TestExporter tokenServer = plain();
    AtomicInteger issued = new AtomicInteger();
    List<String> tokenRequests = new CopyOnWriteArrayList<>();
    tokenServer.serve(
        "/token",
        (response, out) -> {
          int n = issued.incrementAndGet();
          tokenRequests.add(tokenServer.lastHeaders("/token").get(HttpHeader.AUTHORIZATION));
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
          out.write(
              ("{\"access_token\":\"tok-" + n + "\",\"token_type\":\"bearer\",\"expires_in\":60}")
                  .getBytes(StandardCharsets.UTF_8));
        });
    Path secret = write("client-secret", "s3cret\n");
    OAuth2 oauth =
        new OAuth2(
            "argus",
            Secret.EMPTY,
            secret.toString(),
            List.of("metrics:read"),
            "http://" + tokenServer.address() + "/token",
            Map.of("audience", "targets"),
            TlsConfig.DEFAULT,
            "");
    ScrapeLoop loop = loop(target, "http", http().oauth2(oauth).build());

    loop.scrapeOnce(START_MS);
    String first = target.lastHeaders("/metrics").get(HttpHeader.AUTHORIZATION);
    clock.advanceMillis(15_000);
    loop.scrapeOnce(START_MS + 15_000);
    String cached = target.lastHeaders("/metrics").get(HttpHeader.AUTHORIZATION);
    clock.advanceMillis(45_000);
    loop.scrapeOnce(START_MS + 60_000);
    String renewed = target.lastHeaders("/metrics").get(HttpHeader.AUTHORIZATION);

    assertThat(first).isEqualTo("Bearer tok-1");
    assertThat(cached).isEqualTo("Bearer tok-1");
    assertThat(renewed).isEqualTo("Bearer tok-2");
    assertThat(tokenRequests).containsOnly(basic("argus", "s3cret")).hasSize(2);
    assertThat(tokenServer.lastHeaders("/token").get(HttpHeader.CONTENT_TYPE))
        .isEqualTo("application/x-www-form-urlencoded");
  }

  @Test
  void oauth2_tokenEndpointFailure_isTheScrapeError() throws Exception {
    TestExporter target = plain();
    TestExporter tokenServer = plain();
    tokenServer.serve(
        "/token",
        (response, out) -> {
          response.setStatus(401);
          out.write("{\"error\":\"invalid_client\"}".getBytes(StandardCharsets.UTF_8));
        });
    OAuth2 oauth =
        new OAuth2(
            "argus",
            new Secret("wrong"),
            "",
            List.of(),
            "http://" + tokenServer.address() + "/token",
            Map.of(),
            TlsConfig.DEFAULT,
            "");

    ScrapeReport r = loop(target, "http", http().oauth2(oauth).build()).scrapeOnce(START_MS);

    assertThat(r.error())
        .isEqualTo(
            "Get \"http://"
                + target.address()
                + "/metrics\": oauth2: cannot fetch token: 401 Unauthorized\nResponse:"
                + " {\"error\":\"invalid_client\"}");
    assertThat(target.lastHeaders("/metrics")).isNull();
  }

  // ---- proxies and redirects ------------------------------------------------------------------

  @Test
  void proxyUrl_forwardsThroughProxyWithItsCredentials() throws Exception {
    TestExporter target = plain();
    ForwardProxy proxy = new ForwardProxy();
    closing.add(proxy);
    ScrapeLoop loop =
        loop(target, "http", http().proxyUrl("http://scraper:p%40ss@" + proxy.address()).build());

    ScrapeReport r = loop.scrapeOnce(START_MS);

    assertThat(r.error()).isNull();
    assertThat(proxy.seen())
        .containsExactly(
            new ForwardProxy.Seen(
                "http://" + target.address() + "/metrics", basic("scraper", "p@ss")));
    assertThat(target.lastHeaders("/metrics").get(HttpHeader.USER_AGENT)).isEqualTo("argus-test");
    assertThat(storedUp()).containsExactly(1.0);
  }

  @Test
  void proxyUrl_tunnelsHttpsWithProxyConnectHeader() throws Exception {
    TestExporter target = https(false);
    ConnectProxy proxy = new ConnectProxy();
    closing.add(proxy);
    HttpClientConfig http =
        http()
            .tls(tls(pki.pem("ca").toString(), "", false))
            .proxyUrl("http://" + proxy.address())
            .proxyConnectHeader(Map.of("Proxy-Token", List.of(new Secret("t0ken"))))
            .build();

    ScrapeReport r = loop(target, "https", http).scrapeOnce(START_MS);

    assertThat(r.error()).isNull();
    assertThat(proxy.heads()).hasSize(1);
    assertThat(proxy.heads().getFirst().getFirst())
        .isEqualTo("CONNECT " + target.address() + " HTTP/1.1");
    assertThat(proxy.heads().getFirst()).contains("Proxy-Token: t0ken");
    assertThat(target.lastHeaders("/metrics").get("Proxy-Token")).isNull();
  }

  @Test
  void noProxy_bypassesProxyForMatchingTargets() throws Exception {
    TestExporter target = plain();
    ForwardProxy proxy = new ForwardProxy();
    closing.add(proxy);
    // With no_proxy set, Go's rules apply, which also never proxy loopback targets.
    HttpClientConfig http =
        http().proxyUrl("http://" + proxy.address()).noProxy("example.com,127.0.0.0/8").build();

    ScrapeReport r = loop(target, "http", http).scrapeOnce(START_MS);

    assertThat(r.error()).isNull();
    assertThat(proxy.seen()).isEmpty();
    assertThat(target.lastHeaders("/metrics")).isNotNull();
  }

  @Test
  void redirects_followedByDefault_reportedWhenDisabled() throws Exception {
    TestExporter target = plain();
    target.serve(
        "/old",
        (response, out) -> {
          response.setStatus(302);
          response.getHeaders().put(HttpHeader.LOCATION, "/metrics");
        });
    ScrapeReport followed = loopAt(target, "/old", HttpClientConfig.DEFAULT).scrapeOnce(START_MS);
    ScrapeReport stopped =
        loopAt(target, "/old", http().followRedirects(false).build()).scrapeOnce(START_MS);

    assertThat(followed.error()).isNull();
    assertThat(target.lastHeaders("/metrics")).isNotNull();
    assertThat(stopped.error()).isEqualTo("server returned HTTP status 302 Found");
  }

  private ScrapeLoop loopAt(TestExporter target, String path, HttpClientConfig http) {
    ScrapeSettings s =
        ScrapeSettings.builder("node")
            .interval(15_000)
            .timeout(5_000)
            .metricsPath(path)
            .http(http)
            .build();
    ScrapeHttpClient client = new ScrapeHttpClient("argus-test", http, clock);
    closing.add(client);
    Target t = Target.create(Labels.of("__address__", target.address()), s);
    assertThat(t).isNotNull();
    return new ScrapeLoop(t, s, probe, client, clock, Sleeper.REAL, metrics, 0);
  }

  @Test
  void scrapeManager_rebuildsPoolClientWhenHttpOptionsChange() {
    List<HttpClientConfig> built = new CopyOnWriteArrayList<>();
    ScrapeManager manager =
        new ScrapeManager(
            probe,
            c -> {
              built.add(c);
              return new ScrapeHttpClient("argus-test", c, clock);
            },
            clock,
            new SteppingSleeper(clock),
            metrics,
            Labels.EMPTY);
    ScrapeSettings first = ScrapeSettings.builder("node").build();
    ScrapeSettings second =
        first.toBuilder()
            .http(http().authorization(new Authorization("Bearer", new Secret("t"), "")).build())
            .build();

    manager.applyConfig(List.of(first));
    manager.applyConfig(List.of(first));
    manager.applyConfig(List.of(second));
    manager.stop();

    assertThat(built).containsExactly(first.http(), second.http());
  }
}
