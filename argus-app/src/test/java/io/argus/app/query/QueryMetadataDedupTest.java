package io.argus.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.argus.app.cli.ListenAddress;
import io.argus.app.runtime.BuildInfo;
import io.argus.model.labels.Labels;
import io.argus.storage.Appender;
import io.argus.store.grpc.GrpcStoreServer;
import io.argus.store.metadata.MetadataResult;
import io.argus.store.metadata.MetricMeta;
import io.argus.store.metadata.MetricMetadataSource;
import io.argus.store.proxy.EndpointResolver;
import io.argus.store.tsdb.TsdbStore;
import io.argus.testkit.ManualClock;
import io.argus.tsdb.Db;
import io.argus.tsdb.DbOptions;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counter detection by scraped metadata through {@code argus query}: two replicas, each a real TSDB
 * behind a {@link TsdbStore} served over loopback gRPC with the {@code thanos.Metadata} API, hold a
 * counter named {@code requests} (no counter suffix; its exposition said {@code # TYPE requests
 * counter}) that grows at 10/s. Replica b started five minutes later, so its counter is about 53
 * 000 lower; replica a is down for four minutes, and the merge fails over to b. A control series
 * {@code hits} holds the same samples without metadata.
 */
class QueryMetadataDedupTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BuildInfo BUILD =
      new BuildInfo("1.2.3", "abc", "main", "20260101-00:00:00", "25", "linux/amd64");
  private static final long T0 = 1_700_000_000_000L;
  private static final long END = T0 + 1_200_000;
  private static final long STEP = 15_000;
  private static final long DOWN_FROM = T0 + 480_000;
  private static final long DOWN_TO = T0 + 720_000;

  /** Replica b starts 5 min 7 s after a, counting from 0, so its counter is about 53 000 lower. */
  private static final long B_START = T0 + 307_000;

  @TempDir Path tmp;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<AutoCloseable> open = new ArrayList<>();
  private GrpcStoreServer a;
  private QueryServer querier;

  /** What a's and b's scrapes declared: {@code requests} is a counter; {@code hits} unknown. */
  private static final MetricMetadataSource SCRAPED =
      (metric, limit, partial) ->
          new MetadataResult(
              metric.isEmpty() || metric.equals("requests")
                  ? Map.of("requests", List.of(new MetricMeta("counter", "Requests served.", "")))
                  : Map.of(),
              List.of());

  @BeforeEach
  void start() throws Exception {
    a = replica("a", T0, 50_000, true);
    GrpcStoreServer b = replica("b", B_START, 0, false);
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
            10_000,
            300_000,
            30_000,
            4,
            300_000,
            50_000_000,
            Map.of());
    querier =
        QueryServer.start(
            settings, BUILD, Clock.SYSTEM, QueryCommand.grpc(settings), EndpointResolver.DNS);
  }

  /**
   * A replica scraping every 15 s from {@code from}, its counter at {@code base} then; {@code gap}
   * leaves out a's outage.
   */
  private GrpcStoreServer replica(String name, long from, double base, boolean gap)
      throws Exception {
    Db db =
        Db.open(
            tmp.resolve(name),
            DbOptions.builder().compactionIntervalMs(0).retentionMs(0).build(),
            FileOps.defaults(),
            new ManualClock(END),
            new PrometheusRegistry());
    open.add(db);
    Appender app = db.appender();
    for (long t = from; t <= END; t += STEP) {
      if (gap && t >= DOWN_FROM && t < DOWN_TO) {
        continue;
      }
      double v = base + 10 * (t - from) / 1000.0;
      app.append(0, Labels.of("__name__", "requests", "job", "app"), t, v);
      app.append(0, Labels.of("__name__", "hits", "job", "app"), t, v);
      app.append(0, Labels.of("__name__", "requests_total", "job", "app"), t, v);
    }
    app.commit();
    GrpcStoreServer server =
        GrpcStoreServer.start(
            "127.0.0.1",
            0,
            TsdbStore.over(db, () -> Labels.of("replica", name)),
            SCRAPED,
            GrpcStoreServer.Options.DEFAULT,
            new PrometheusRegistry(),
            Clock.SYSTEM);
    open.add(0, server);
    return server;
  }

  @AfterEach
  void stop() throws Exception {
    if (querier != null) {
      querier.close();
    }
    for (AutoCloseable c : open) {
      c.close();
    }
    http.close();
  }

  private JsonNode api(String pathAndQuery) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + querier.port() + pathAndQuery))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  /** The values of {@code rate(metric[1m])} over the stored range, every 15 s. */
  private List<Double> rates(String metric) throws Exception {
    JsonNode r =
        api(
            "/api/v1/query_range?query=rate(%s[1m])&start=%d&end=%d&step=15"
                .formatted(metric, (T0 + 120_000) / 1000, END / 1000));
    assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("success");
    JsonNode result = r.path("data").path("result");
    assertThat(result).as(r.toString()).hasSize(1);
    assertThat(result.get(0).path("metric").has("replica")).isFalse();
    List<Double> out = new ArrayList<>();
    for (JsonNode p : result.get(0).path("values")) {
      out.add(Double.parseDouble(p.get(1).asText()));
    }
    return out;
  }

  @Test
  void rate_counterTypedByMetadataWithoutSuffix_staysFlatAcrossTheFailover() throws Exception {
    assertThat(querier.metricTypes().typeOf("requests"))
        .isEqualTo(io.argus.model.textparse.MetricType.COUNTER);

    // No spike and no drop: the switch to b's lower counter is stitched (the one step across the
    // switch counts no increase, hence a dip of a third for one minute; the last step, back to
    // a, is a little long), exactly as for a counter recognised by its _total suffix.
    List<Double> typed = rates("requests");
    assertThat(typed).hasSize(73).allSatisfy(v -> assertThat(v).isBetween(6.5, 12.0));
    assertThat(typed.stream().filter(v -> Math.abs(v - 10) < 0.01)).hasSizeGreaterThan(60);
    assertThat(typed).isEqualTo(rates("requests_total"));

    // The same samples without metadata are not recognised as a counter: the switch to b's lower
    // values reads as a reset, and rate() jumps by about 53 000 / 60 s.
    assertThat(rates("hits")).anySatisfy(v -> assertThat(v).isGreaterThan(500));
  }

  @Test
  void metadata_isMergedFromEveryEndpointAndDownOnesAreNamed() throws Exception {
    JsonNode m = api("/api/v1/metadata");
    assertThat(m.path("status").asText()).isEqualTo("success");
    assertThat(m.path("data").toString())
        .isEqualTo(
            "{\"requests\":[{\"type\":\"counter\",\"unit\":\"\",\"help\":\"Requests served.\"}]}");
    assertThat(m.has("warnings")).isFalse();
    assertThat(api("/api/v1/metadata?metric=hits").path("data").toString()).isEqualTo("{}");
    assertThat(api("/api/v1/metadata?limit=x").path("errorType").asText()).isEqualTo("bad_data");

    String down = a.address();
    a.close();
    JsonNode warned = api("/api/v1/metadata");
    assertThat(warned.path("data").has("requests")).isTrue();
    assertThat(warned.path("warnings").toString()).contains(down);
    JsonNode aborted = api("/api/v1/metadata?partial_response=false");
    assertThat(aborted.path("status").asText()).isEqualTo("error");
    assertThat(aborted.path("error").asText()).contains(down);

    // The type stays known while a is down (b still declares it, and missing families are kept).
    querier.metricTypes().refresh();
    assertThat(querier.metricTypes().typeOf("requests"))
        .isEqualTo(io.argus.model.textparse.MetricType.COUNTER);
  }
}
