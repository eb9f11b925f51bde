package io.argus.remote.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.remote.proto.ReadCodec;
import io.argus.remote.proto.ReadRequest;
import io.argus.scrape.config.HttpClientConfig;
import io.argus.scrape.config.RemoteReadConfig;
import io.argus.storage.Appender;
import io.argus.storage.Querier;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import io.argus.testkit.LoopbackPorts;
import io.argus.testkit.ManualClock;
import io.argus.tsdb.Db;
import io.argus.tsdb.DbOptions;
import io.argus.tsdb.fs.FileOps;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * {@link RemoteReadStorage} against a real {@link ReadEndpoint} over HTTP on loopback: merging with
 * the local TSDB, required matchers, external labels, {@code read_recent}, failures as warnings,
 * reloads.
 */
class RemoteReadStorageTest {
  static final long T0 = 1_700_000_000_000L;

  @TempDir Path dir;
  ManualClock clock = new ManualClock(T0);
  Db local;
  Db remote;
  HttpServer server;
  final List<ReadRequest.Query> seen = new CopyOnWriteArrayList<>();
  RemoteReadStorage storage = new RemoteReadStorage("Argus/test", clock);

  @BeforeEach
  void open() throws IOException {
    local = db("local");
    remote = db("remote");
    Appender app = local.appender();
    for (int i = 0; i < 5; i++) {
      app.append(0, Labels.of("__name__", "m", "job", "j"), T0 + i * 1000L, 100 + i);
    }
    app.commit();
    app = remote.appender();
    for (int i = 0; i < 10; i++) {
      // overlaps the local series at T0..T0+4s with other values, and goes on after it
      app.append(0, Labels.of("__name__", "m", "cluster", "eu", "job", "j"), T0 + i * 1000L, i);
      app.append(0, Labels.of("__name__", "m", "cluster", "us", "job", "j"), T0 + i * 1000L, -i);
      app.append(0, Labels.of("__name__", "old", "cluster", "eu"), T0 + i * 1000L, i);
    }
    app.commit();
    ReadEndpoint endpoint =
        new ReadEndpoint(
            remote, remote, () -> Labels.EMPTY, ReadLimits.DEFAULT, new PrometheusRegistry());
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/api/v1/read", ex -> serve(endpoint, ex));
    server.createContext(
        "/failing",
        ex -> {
          ex.getRequestBody().readAllBytes();
          byte[] msg = "too many queries\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
          ex.sendResponseHeaders(503, msg.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(msg);
          }
        });
    server.start();
  }

  private void serve(ReadEndpoint endpoint, HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    byte[] raw = Snappy.uncompress(body);
    seen.addAll(ReadCodec.decodeRequest(raw, 0, raw.length).queries());
    ReadEndpoint.Response r = endpoint.handle(new ByteArrayInputStream(body));
    r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.sendResponseHeaders(r.status(), 0);
    try (OutputStream out = ex.getResponseBody()) {
      r.body().writeTo(out);
    }
  }

  private Db db(String name) {
    return Db.open(
        dir.resolve(name),
        DbOptions.builder().compactionIntervalMs(0).retentionMs(0).build(),
        FileOps.defaults(),
        clock,
        new PrometheusRegistry());
  }

  @AfterEach
  void close() {
    storage.close();
    server.stop(0);
    local.close();
    remote.close();
  }

  private RemoteReadConfig config(
      String url, Map<String, String> required, boolean readRecent, boolean filterExternal) {
    return new RemoteReadConfig(
        url, "", 5_000, Map.of(), required, readRecent, filterExternal, HttpClientConfig.DEFAULT);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/read";
  }

  record Result(Map<Labels, List<String>> series, List<String> warnings) {}

  /** Selects through the merged querier; samples as "t=v" (t relative to T0 in s). */
  private Result select(long localStart, long mint, long maxt, Matcher... matchers) {
    try (Querier q = storage.querier(local, () -> localStart, mint, maxt)) {
      SeriesSet set = q.select(true, SelectHints.range(mint, maxt), matchers);
      Map<Labels, List<String>> out = new LinkedHashMap<>();
      SampleIterator it = null;
      while (set.next()) {
        it = set.at().iterator(it);
        List<String> samples = new ArrayList<>();
        while (it.next() == ValueType.FLOAT) {
          if (it.atT() >= mint && it.atT() <= maxt) {
            samples.add((it.atT() - T0) / 1000 + "=" + (long) it.atFloat());
          }
        }
        out.put(set.at().labels(), samples);
      }
      return new Result(out, set.warnings());
    }
  }

  @Test
  void querier_mergesLocalAndRemoteFilteringExternalLabels() {
    storage.applyConfig(List.of(config(url(), Map.of(), true, true)), Labels.of("cluster", "eu"));
    Result r = select(Long.MAX_VALUE, T0, T0 + 9_000, Matcher.equal("__name__", "m"));
    assertThat(r.warnings()).isEmpty();
    // the "eu" series lost its cluster label and merged with the local one; local values win
    assertThat(r.series())
        .containsExactly(
            Map.entry(
                Labels.of("__name__", "m", "job", "j"),
                List.of(
                    "0=100", "1=101", "2=102", "3=103", "4=104", "5=5", "6=6", "7=7", "8=8",
                    "9=9")));
    assertThat(seen).hasSize(1);
    assertThat(seen.getFirst().matchers())
        .containsExactly(
            new ReadRequest.LabelMatcher(0, "__name__", "m"),
            new ReadRequest.LabelMatcher(0, "cluster", "eu"));
    assertThat(seen.getFirst().startTimestampMs()).isEqualTo(T0);
    assertThat(seen.getFirst().endTimestampMs()).isEqualTo(T0 + 9_000);
  }

  @Test
  void querier_externalLabelAlreadyMatchedIsNotAddedNorRemoved() {
    storage.applyConfig(List.of(config(url(), Map.of(), true, true)), Labels.of("cluster", "eu"));
    Result r =
        select(
            Long.MAX_VALUE,
            T0,
            T0 + 1_000,
            Matcher.equal("__name__", "m"),
            Matcher.equal("cluster", "us"));
    assertThat(r.series())
        .containsOnlyKeys(Labels.of("__name__", "m", "cluster", "us", "job", "j"));
  }

  @Test
  void querier_withoutFilterExternalLabelsReturnsEverySeriesAsIs() {
    storage.applyConfig(List.of(config(url(), Map.of(), true, false)), Labels.of("cluster", "eu"));
    Result r = select(Long.MAX_VALUE, T0, T0 + 1_000, Matcher.equal("__name__", "m"));
    assertThat(r.series())
        .containsOnlyKeys(
            Labels.of("__name__", "m", "job", "j"),
            Labels.of("__name__", "m", "cluster", "eu", "job", "j"),
            Labels.of("__name__", "m", "cluster", "us", "job", "j"));
    assertThat(seen.getFirst().matchers()).hasSize(1);
  }

  @Test
  void querier_requiredMatchersMissing_remoteNotAsked() {
    storage.applyConfig(List.of(config(url(), Map.of("job", "j"), true, false)), Labels.EMPTY);
    assertThat(select(Long.MAX_VALUE, T0, T0 + 9_000, Matcher.equal("__name__", "old")).series())
        .isEmpty();
    assertThat(
            select(
                    Long.MAX_VALUE,
                    T0,
                    T0 + 9_000,
                    Matcher.equal("__name__", "m"),
                    Matcher.regex("job", "j"))
                .series())
        .hasSize(1);
    assertThat(seen).isEmpty();
    assertThat(
            select(
                    Long.MAX_VALUE,
                    T0,
                    T0 + 9_000,
                    Matcher.equal("__name__", "m"),
                    Matcher.equal("job", "j"))
                .series())
        .hasSize(3);
    assertThat(seen).hasSize(1);
  }

  @Test
  void querier_withoutReadRecentSkipsWhatLocalStorageCovers() {
    storage.applyConfig(List.of(config(url(), Map.of(), false, false)), Labels.EMPTY);
    long localStart = T0 + 2_000;
    // entirely after the local start time: local only
    Result recent = select(localStart, T0 + 3_000, T0 + 9_000, Matcher.equal("__name__", "old"));
    assertThat(recent.series()).isEmpty();
    assertThat(seen).isEmpty();
    // straddling it: the remote is asked up to the local start time only
    Result older = select(localStart, T0, T0 + 9_000, Matcher.equal("__name__", "old"));
    assertThat(older.series())
        .containsExactly(
            Map.entry(Labels.of("__name__", "old", "cluster", "eu"), List.of("0=0", "1=1", "2=2")));
    assertThat(seen).hasSize(1);
    assertThat(seen.getFirst().startTimestampMs()).isEqualTo(T0);
    assertThat(seen.getFirst().endTimestampMs()).isEqualTo(localStart);
  }

  @Test
  void querier_unreachableEndpointIsAWarningAndLocalDataStays() throws IOException {
    int port = LoopbackPorts.freePort();
    String dead = "http://127.0.0.1:" + port + "/api/v1/read";
    storage.applyConfig(List.of(config(dead, Map.of(), true, false)), Labels.EMPTY);
    Result r = select(Long.MAX_VALUE, T0, T0 + 9_000, Matcher.equal("__name__", "m"));
    assertThat(r.series()).containsOnlyKeys(Labels.of("__name__", "m", "job", "j"));
    assertThat(r.warnings()).hasSize(1);
    assertThat(r.warnings().getFirst())
        .isEqualTo(
            "remote_read: error sending request: Post \""
                + dead
                + "\": dial tcp 127.0.0.1:"
                + port
                + ": connect: connection refused");
  }

  @Test
  void querier_serverErrorIsAWarningNamingTheStatus() {
    String failing = "http://127.0.0.1:" + server.getAddress().getPort() + "/failing";
    storage.applyConfig(List.of(config(failing, Map.of(), true, false)), Labels.EMPTY);
    Result r = select(Long.MAX_VALUE, T0, T0 + 9_000, Matcher.equal("__name__", "m"));
    assertThat(r.series()).hasSize(1);
    assertThat(r.warnings())
        .containsExactly(
            "remote_read: remote server "
                + failing
                + " returned HTTP status 503 Service Unavailable: too many queries");
  }

  @Test
  void applyConfig_reloadSwapsEndpointsAndRejectsDuplicates() {
    RemoteReadConfig c = config(url(), Map.of(), true, false);
    storage.applyConfig(List.of(c), Labels.EMPTY);
    assertThat(storage.endpointCount()).isEqualTo(1);
    storage.applyConfig(List.of(), Labels.EMPTY);
    assertThat(storage.endpointCount()).isZero();
    assertThat(select(Long.MAX_VALUE, T0, T0 + 9_000, Matcher.equal("__name__", "m")).series())
        .hasSize(1);
    assertThat(seen).isEmpty();
    assertThatThrownBy(() -> storage.applyConfig(List.of(c, c), Labels.EMPTY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "duplicate remote read configs are not allowed, found duplicate for URL: " + url());
  }
}
