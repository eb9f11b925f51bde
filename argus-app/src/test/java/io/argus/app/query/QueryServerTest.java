package io.argus.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.model.labels.Labels;
import io.argus.promql.promqltest.InMemoryStorage;
import io.argus.storage.Appender;
import io.argus.store.grpc.GrpcStoreServer;
import io.argus.store.proxy.EndpointResolver;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code argus query} in-process over two StoreAPI servers on loopback gRPC that serve the same
 * data with {@code replica} a and b: deduplicated answers, the Thanos parameters, {@code
 * /api/v1/stores}, the UI additions, and a replica that stops answering.
 */
class QueryServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BuildInfo BUILD =
      new BuildInfo("1.2.3", "abc", "main", "20260101-00:00:00", "25", "linux/amd64");

  private final HttpClient http = HttpClient.newHttpClient();
  private GrpcStoreServer a;
  private GrpcStoreServer b;
  private QueryServer querier;

  @BeforeEach
  void start() throws Exception {
    long now = System.currentTimeMillis();
    InMemoryStorage data = new InMemoryStorage();
    Appender app = data.appender();
    for (long t = now - 300_000; t <= now; t += 15_000) {
      app.append(0, Labels.of("__name__", "up", "job", "app", "instance", "x"), t, 1);
      app.append(0, Labels.of("__name__", "up", "job", "app", "instance", "y"), t, 1);
    }
    app.commit();
    a = serve(data, "a");
    b = serve(data, "b");
    QuerierSettings settings =
        new QuerierSettings(
            new ListenAddress("127.0.0.1", 0),
            List.of(a.address(), b.address()),
            List.of(),
            List.of(),
            List.of("replica"),
            true,
            DedupFunc.GAPFILL,
            0,
            // generous: on a loaded machine a 2 s Info call of the live replica can time out
            10_000,
            300_000,
            30_000,
            4,
            300_000,
            50_000_000,
            Map.of("query.replica-label", "replica"));
    querier =
        QueryServer.start(
            settings, BUILD, Clock.SYSTEM, QueryCommand.grpc(settings), EndpointResolver.DNS);
  }

  private static GrpcStoreServer serve(InMemoryStorage data, String replica) throws Exception {
    return GrpcStoreServer.start(
        "127.0.0.1",
        0,
        new QueryableStore("replica-" + replica, data, Labels.of("replica", replica)),
        GrpcStoreServer.Options.DEFAULT,
        new PrometheusRegistry(),
        Clock.SYSTEM);
  }

  @AfterEach
  void stop() {
    if (querier != null) {
      querier.close();
    }
    for (GrpcStoreServer s : new GrpcStoreServer[] {a, b}) {
      if (s != null) {
        s.close();
      }
    }
    http.close();
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + querier.port() + pathAndQuery))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode api(String pathAndQuery) throws Exception {
    return JSON.readTree(get(pathAndQuery).body());
  }

  @Test
  void query_deduplicatesReplicasUnlessAskedNotTo() throws Exception {
    JsonNode deduped = api("/api/v1/query?query=up");
    assertThat(deduped.path("status").asText()).isEqualTo("success");
    assertThat(deduped.path("data").path("result")).hasSize(2);
    deduped
        .path("data")
        .path("result")
        .forEach(s -> assertThat(s.path("metric").has("replica")).isFalse());

    JsonNode raw = api("/api/v1/query?query=up&dedup=false");
    assertThat(raw.path("data").path("result")).hasSize(4);
    JsonNode otherLabel = api("/api/v1/query?query=up&replicaLabels[]=instance");
    assertThat(otherLabel.path("data").path("result")).hasSize(2);
    otherLabel
        .path("data")
        .path("result")
        .forEach(s -> assertThat(s.path("metric").has("instance")).isFalse());
    JsonNode bad = api("/api/v1/query?query=up&dedup=maybe");
    assertThat(bad.path("errorType").asText()).isEqualTo("bad_data");

    assertThat(api("/api/v1/labels").path("data").toString())
        .contains("\"instance\"")
        .doesNotContain("\"replica\"");
    assertThat(api("/api/v1/label/replica/values?dedup=false").path("data").toString())
        .isEqualTo("[\"a\",\"b\"]");
    JsonNode range =
        api(
            "/api/v1/query_range?query=sum(up)&start=%d&end=%d&step=15"
                .formatted(
                    System.currentTimeMillis() / 1000 - 120, System.currentTimeMillis() / 1000));
    range
        .path("data")
        .path("result")
        .get(0)
        .path("values")
        .forEach(p -> assertThat(p.get(1).asText()).isEqualTo("2"));
  }

  @Test
  void stores_listsEndpointsWithHealthLabelsAndTimes() throws Exception {
    JsonNode stores = api("/api/v1/stores");
    JsonNode sidecars = stores.path("data").path("sidecar");
    assertThat(sidecars).hasSize(2);
    assertThat(sidecars.get(0).path("name").asText()).isEqualTo(a.address());
    assertThat(sidecars.get(0).path("healthy").asBoolean()).isTrue();
    assertThat(sidecars.get(0).path("labelSets").toString()).isEqualTo("[{\"replica\":\"a\"}]");
    assertThat(sidecars.get(0).path("lastError").isNull()).isTrue();
  }

  @Test
  void ui_addsTheQuerierModuleAndTheEndpointsPage() throws Exception {
    HttpResponse<String> page = get("/query");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("query-ui/querier.js").contains("Argus Query");
    assertThat(get("/query-ui/querier.js").body()).contains("partial_response");
    HttpResponse<String> stores = get("/stores");
    assertThat(stores.body()).contains("query-ui/stores.js");
    assertThat(get("/-/ready").statusCode()).isEqualTo(200);
    assertThat(get("/metrics").body()).contains("argus_query_endpoint_healthy");
  }

  @Test
  void query_withAReplicaDown_warnsOrFailsNamingIt() throws Exception {
    String down = b.address();
    b.close();
    b = null;

    JsonNode warned = api("/api/v1/query?query=up");
    assertThat(warned.path("status").asText()).isEqualTo("success");
    assertThat(warned.path("data").path("result")).as(warned.toString()).hasSize(2);
    assertThat(warned.path("warnings").toString()).contains(down);

    JsonNode aborted = api("/api/v1/query?query=up&partial_response=false");
    assertThat(aborted.path("status").asText()).isEqualTo("error");
    assertThat(aborted.path("error").asText()).contains(down);
  }

  @Test
  void labelsAndSeries_withAReplicaDown_warnOrFailNamingIt() throws Exception {
    assertThat(api("/api/v1/labels").has("warnings")).isFalse();
    String down = b.address();
    b.close();
    b = null;

    for (String path :
        List.of("/api/v1/labels", "/api/v1/label/instance/values", "/api/v1/series?match[]=up")) {
      JsonNode warned = api(path);
      assertThat(warned.path("status").asText()).as(path).isEqualTo("success");
      assertThat(warned.path("data")).as(path).isNotEmpty();
      assertThat(warned.path("warnings")).as(path).hasSize(1);
      assertThat(warned.path("warnings").get(0).asText()).as(path).contains(down);

      String sep = path.contains("?") ? "&" : "?";
      HttpResponse<String> aborted = get(path + sep + "partial_response=false");
      JsonNode body = JSON.readTree(aborted.body());
      assertThat(body.path("status").asText()).as(path).isEqualTo("error");
      assertThat(body.path("error").asText()).as(path).contains(down);
      assertThat(aborted.statusCode()).as(path).isGreaterThanOrEqualTo(400);
    }
    assertThat(api("/api/v1/label/instance/values").path("data").toString())
        .isEqualTo("[\"x\",\"y\"]");
  }
}
