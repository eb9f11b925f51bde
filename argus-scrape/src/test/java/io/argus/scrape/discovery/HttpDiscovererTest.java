package io.argus.scrape.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.scrape.config.HttpClientConfig;
import io.argus.scrape.config.HttpClientConfig.Authorization;
import io.argus.scrape.config.Secret;
import io.argus.scrape.httpclient.ConfiguredHttpClient;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpDiscovererTest {
  private static final String TWO_GROUPS =
      """
      [{"targets": ["a:9100"], "labels": {"env": "prod"}}, {"targets": ["b:9100"]}]
      """;

  private final ManualWaiter waiter = new ManualWaiter();
  private final DiscoveryMetrics metrics = DiscoveryMetrics.register(new PrometheusRegistry());
  private Server server;
  private String url;
  private volatile int status = 200;
  private volatile String contentType = "application/json";
  private volatile String body = TWO_GROUPS;
  private volatile String refreshHeader = "";
  private volatile String authorization = "";

  @BeforeEach
  void startServer() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            refreshHeader =
                String.valueOf(request.getHeaders().get("X-Prometheus-Refresh-Interval-Seconds"));
            authorization = String.valueOf(request.getHeaders().get(HttpHeader.AUTHORIZATION));
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
            return true;
          }
        });
    server.start();
    url = "http://127.0.0.1:" + connector.getLocalPort() + "/sd";
  }

  @AfterEach
  void stopServer() throws Exception {
    server.stop();
  }

  private List<TargetGroup> refreshOnce() throws HttpDiscoverer.RefreshException {
    HttpDiscoverer d = discoverer();
    try (ConfiguredHttpClient client = d.newClient()) {
      return d.refresh(client);
    }
  }

  private HttpDiscoverer discoverer() {
    return new HttpDiscoverer(new HttpSdSettings(url, 60_000), waiter, metrics, Clock.SYSTEM);
  }

  @Test
  void run_sendsGroupsWithUrlLabel() throws Exception {
    try (DiscovererRun run = new DiscovererRun(discoverer())) {
      assertThat(run.next())
          .containsExactly(
              new TargetGroup(
                  url + ":0",
                  List.of(Labels.of("__address__", "a:9100")),
                  Labels.of("env", "prod", "__meta_url", url)),
              new TargetGroup(
                  url + ":1",
                  List.of(Labels.of("__address__", "b:9100")),
                  Labels.of("__meta_url", url)));
      assertThat(refreshHeader).isEqualTo("60");
    }
  }

  @Test
  void run_failureKeepsGroupsAndShrinkEmptiesLostSources() throws Exception {
    try (DiscovererRun run = new DiscovererRun(discoverer())) {
      run.next();
      waiter.awaitEntries(1);
      status = 503;
      waiter.tickAndAwaitRound();
      assertThat(run.pending()).isZero();
      assertThat(metrics.httpFailures()).isEqualTo(1);

      status = 200;
      body = "[{\"targets\": [\"c:1\"]}]";
      waiter.tickAndAwaitRound();
      assertThat(run.next())
          .containsExactly(
              new TargetGroup(
                  url + ":0",
                  List.of(Labels.of("__address__", "c:1")),
                  Labels.of("__meta_url", url)),
              TargetGroup.empty(url + ":1"));
      assertThat(run.state()).containsOnlyKeys(url + ":0");
    }
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of(
            "status 500",
            500,
            "application/json",
            "[]",
            "server returned HTTP status 500 Internal Server Error"),
        Arguments.of(
            "status 404",
            404,
            "application/json",
            "[]",
            "server returned HTTP status 404 Not Found"),
        Arguments.of("text content", 200, "text/plain", "[]", "unsupported content type"),
        Arguments.of("bad json", 200, "application/json", "[{", "Unexpected end-of-input"),
        Arguments.of("not a list", 200, "application/json", "{}", "expected a list"),
        Arguments.of("null item", 200, "application/json", "[null]", "nil target group item"),
        Arguments.of("number target", 200, "application/json", "[{\"targets\": [1]}]", "string"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void refresh_failure(String name, int code, String type, String content, String message) {
    status = code;
    contentType = type;
    body = content;
    assertThatThrownBy(() -> refreshOnce())
        .isInstanceOf(HttpDiscoverer.RefreshException.class)
        .hasMessageContaining(message);
  }

  @Test
  void refresh_acceptsUtf8Charset() throws Exception {
    contentType = "application/json; charset=utf-8";
    assertThat(refreshOnce()).hasSize(2);
  }

  @Test
  void refresh_nullBodyIsNoGroups() throws Exception {
    body = "null";
    assertThat(refreshOnce()).isEmpty();
  }

  @Test
  void refresh_appliesHttpOptionsAndRereadsCredentialsFile(@TempDir Path dir) throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "first\n");
    HttpClientConfig http =
        HttpClientConfig.DEFAULT.toBuilder()
            .authorization(new Authorization("Bearer", Secret.EMPTY, token.toString()))
            .build();
    HttpDiscoverer d =
        new HttpDiscoverer(new HttpSdSettings(url, 60_000, http), waiter, metrics, Clock.SYSTEM);
    try (ConfiguredHttpClient client = d.newClient()) {
      assertThat(d.refresh(client)).hasSize(2);
      String first = authorization;
      Files.writeString(token, "second");
      d.refresh(client);
      assertThat(first).isEqualTo("Bearer first");
      assertThat(authorization).isEqualTo("Bearer second");

      Files.delete(token);
      assertThatThrownBy(() -> d.refresh(client))
          .isInstanceOf(HttpDiscoverer.RefreshException.class)
          .hasMessage(
              "Get \""
                  + url
                  + "\": unable to read authorization credentials: unable to read file "
                  + token
                  + ": open "
                  + token
                  + ": no such file or directory");
    }
  }
}
