package io.argus.scrape.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.scrape.config.HttpClientConfig.Header;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Loading and validating the HTTP client options of a scrape config. */
class HttpClientConfigLoaderTest {
  private static final Path BASE = Path.of("/etc/argus");

  private static HttpClientConfig http(String options) {
    return http(BASE, options);
  }

  private static HttpClientConfig http(Path baseDir, String options) {
    String yaml =
        "scrape_configs:\n  - job_name: a\n"
            + options.lines().map(l -> "    " + l + "\n").reduce("", String::concat);
    return ConfigLoader.loadString(yaml, baseDir, name -> null).scrapeConfigs().get(0).http();
  }

  @Test
  void loadString_credentialAndTlsFilesResolveAgainstConfigDir(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("tenant.txt"), "t1");
    HttpClientConfig h =
        http(
            dir,
            """
            basic_auth:
              username_file: secrets/user
              password_file: /abs/password
            tls_config:
              ca_file: ca.pem
              cert_file: tls/client.pem
              key_file: tls/client.key
              server_name: target.test
              min_version: TLS12
              max_version: TLS13
            http_headers:
              X-Tenant:
                values: [a]
                secrets: [b]
                files: [tenant.txt]
            """);
    assertThat(h.basicAuth().usernameFile()).isEqualTo(dir + "/secrets/user");
    assertThat(h.basicAuth().passwordFile()).isEqualTo("/abs/password");
    assertThat(h.tlsConfig().certFile()).isEqualTo(dir + "/tls/client.pem");
    assertThat(h.tlsConfig().keyFile()).isEqualTo(dir + "/tls/client.key");
    assertThat(h.tlsConfig().maxVersion()).isEqualTo("TLS13");
    assertThat(h.httpHeaders())
        .isEqualTo(
            Map.of(
                "X-Tenant",
                new Header(
                    List.of("a"),
                    List.of(new Secret("b")),
                    List.of(dir.resolve("tenant.txt").toString()))));
  }

  @Test
  void loadString_proxyOptions() {
    HttpClientConfig h =
        http(
            """
            proxy_url: http://proxy:3128
            no_proxy: localhost,10.0.0.0/8
            proxy_connect_header:
              Proxy-Authorization: [Bearer xyz]
            """);
    assertThat(h.proxyUrl()).isEqualTo("http://proxy:3128");
    assertThat(h.noProxy()).isEqualTo("localhost,10.0.0.0/8");
    assertThat(h.proxyConnectHeader())
        .isEqualTo(Map.of("Proxy-Authorization", List.of(new Secret("Bearer xyz"))));
    assertThat(http("proxy_from_environment: true").proxyFromEnvironment()).isTrue();
  }

  @Test
  void loadString_bearerTokenFileBecomesAuthorization() {
    HttpClientConfig h = http("bearer_token_file: token");
    assertThat(h.authorization())
        .isEqualTo(new HttpClientConfig.Authorization("Bearer", Secret.EMPTY, "/etc/argus/token"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "basic_auth: {username: a}\\nauthorization: {credentials: x}"
            + "|at most one of basic_auth, oauth2 & authorization must be configured",
        "basic_auth: {username: a, username_file: f}"
            + "|at most one of basic_auth username & username_file must be configured",
        "basic_auth: {password: a, password_file: f}"
            + "|at most one of basic_auth password & password_file must be configured",
        "authorization: {type: Basic, credentials: x}"
            + "|authorization type cannot be set to \"basic\", use \"basic_auth\" instead",
        "no_proxy: localhost|if no_proxy is configured, proxy_url must also be configured",
        "proxy_from_environment: true\\nproxy_url: http://p"
            + "|if proxy_from_environment is configured, proxy_url must not be configured",
        "proxy_connect_header: {Proxy-X: [a]}"
            + "|if proxy_connect_header is configured, proxy_url or proxy_from_environment must"
            + " also be configured",
        "http_headers: {authorization: {values: [x]}}|setting header \"Authorization\" is not"
            + " allowed",
        "http_headers: {x-prometheus-scrape-timeout-seconds: {values: ['1']}}"
            + "|setting header \"X-Prometheus-Scrape-Timeout-Seconds\" is not allowed",
        "tls_config: {max_version: TLS99}|unknown TLS version: TLS99",
        "http_headers: {x-tenant: {files: [absent]}}|unable to read header \"X-Tenant\" from file"
            + " /etc/argus/absent: open /etc/argus/absent: no such file or directory",
        "tls_config: {min_version: TLS13, max_version: TLS12}|tls_config.max_version must be"
            + " greater than or equal to tls_config.min_version if both are specified",
      })
  void loadString_rejectsInvalidCombinations(String options, String error) {
    assertThatThrownBy(() -> http(options.replace("\\n", "\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(error);
  }

  @Test
  void toYaml_printsNewOptionsAndHidesSecrets() {
    Config c =
        ConfigLoader.loadString(
            """
            scrape_configs:
              - job_name: a
                proxy_url: http://proxy:3128
                no_proxy: example.com
                proxy_connect_header:
                  Proxy-Token: [abc]
                http_headers:
                  X-Key:
                    secrets: [hidden]
                tls_config:
                  max_version: TLS13
            """,
            BASE,
            name -> null);
    String yaml = ConfigPrinter.toYaml(c);
    assertThat(yaml)
        .contains("no_proxy: example.com")
        .contains("max_version: TLS13")
        .contains("X-Key:")
        .doesNotContain("hidden")
        .doesNotContain("abc");
  }
}
