package io.argus.remote.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.remote.pb.v1.PbV1;
import io.argus.remote.pb.v2.PbV2;
import io.argus.scrape.config.ConfigLoader;
import io.argus.scrape.config.RemoteWriteConfig;
import io.argus.testkit.ManualClock;
import io.argus.tsdb.record.RefSeries;
import io.argus.tsdb.record.SampleBatch;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

class QueueManagerTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();

  /** Frozen, so that the recorded backoff sleeps are exact. */
  private final ManualClock clock = new ManualClock(1_700_000_000_000L);

  private final RecordingSleeper sleeper = new RecordingSleeper(9_000);
  private HttpSink sink;
  private QueueManager queue;

  @BeforeEach
  void startSink() throws Exception {
    sink = new HttpSink();
  }

  @AfterEach
  void stop() {
    if (queue != null) {
      queue.stop();
    }
    sink.close();
  }

  private QueueManager start(String entryYaml, Labels external) {
    String yaml =
        "remote_write:\n  - url: " + sink.url() + "\n    name: test\n" + entryYaml.indent(4);
    RemoteWriteConfig c = ConfigLoader.loadString(yaml, Path.of(".")).remoteWrite().get(0);
    HttpWriteClient client = new HttpWriteClient("test", c, "Argus/test", Clock.SYSTEM);
    RemoteWriteMetrics.Queue metrics =
        new RemoteWriteMetrics(registry).forQueue("test", client.endpoint());
    queue =
        new QueueManager(
            "test",
            c.queueConfig(),
            external,
            c.writeRelabelConfigs(),
            client,
            () -> WriteRequestEncoder.forMessage(c.protobufMessage()),
            metrics,
            new EwmaRate(0.2, 10),
            () -> 0,
            clock,
            sleeper,
            5_000);
    queue.start();
    return queue;
  }

  private static List<RefSeries> series(int n) {
    List<RefSeries> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(new RefSeries(i, Labels.of("__name__", "m", "i", Integer.toString(i))));
    }
    return out;
  }

  private static SampleBatch samples(int count, int seriesCount) {
    SampleBatch b = new SampleBatch();
    for (int i = 0; i < count; i++) {
      b.add(1 + i % seriesCount, 1_000L * (i / seriesCount), i);
    }
    return b;
  }

  private double metric(String name, String... labels) {
    String[] all = new String[labels.length + 2];
    all[0] = "remote_name";
    all[1] = "test";
    System.arraycopy(labels, 0, all, 2, labels.length);
    return MetricValues.value(registry, name, all);
  }

  @Test
  void appendBackfill_sendsThroughItsOwnShardsAtTheBoundedRate() throws Exception {
    QueueManager q =
        start(
            """
            queue_config:
              max_samples_per_send: 10
              batch_send_deadline: 1h
              argus_newest_first:
                backlog: 30s
                shards: 3
                max_samples_per_second: 100
            """,
            Labels.EMPTY);
    q.storeSeries(series(5), 0);
    // 3 batches of 20 at 100 samples/s: the 2nd waits 200 ms, the 3rd 400 ms (a frozen clock).
    for (int i = 0; i < 3; i++) {
      assertThat(q.appendBackfill(samples(20, 5))).isTrue();
    }
    assertThat(sleeper.slept()).containsExactly(200L, 400L);
    assertThat(q.append(samples(10, 5))).isTrue();

    // By series over 3 backfill shards 12, 24 and 24 samples: 5 full batches go at once, so does
    // the live one; the rest on stop.
    assertThat(sink.await(() -> metric("prometheus_remote_storage_samples_pending") == 10))
        .isTrue();
    assertThat(sink.samples()).isEqualTo(60);
    assertThat(metric("argus_remote_storage_backfill_samples_total")).isEqualTo(50);
    assertThat(metric("prometheus_remote_storage_samples_total")).isEqualTo(60);
    assertThat(metric("prometheus_remote_storage_shards")).isEqualTo(1);
    q.stop();
    queue = null;
    assertThat(sink.samples()).isEqualTo(70);
  }

  @Test
  void append_sendsFullBatchesOfMaxSamplesPerSendWithUpstreamHeaders() throws Exception {
    QueueManager q =
        start(
            """
            queue_config:
              max_samples_per_send: 10
              capacity: 100
              batch_send_deadline: 1h
            """,
            Labels.EMPTY);
    q.storeSeries(series(5), 0);
    assertThat(q.append(samples(30, 5))).isTrue();

    assertThat(sink.await(() -> sink.received().size() == 3)).isTrue();
    for (HttpSink.Received r : sink.received()) {
      assertThat(r.samples()).isEqualTo(10);
      assertThat(r.request().getTimeseriesCount()).isEqualTo(10);
      assertThat(r.header("Content-Encoding")).isEqualTo("snappy");
      assertThat(r.header("Content-Type")).isEqualTo("application/x-protobuf");
      assertThat(r.header("User-Agent")).isEqualTo("Argus/test");
      assertThat(r.header("X-Prometheus-Remote-Write-Version")).isEqualTo("0.1.0");
      assertThat(r.header("Retry-Attempt")).isNull();
    }
    // Each series' samples arrive in timestamp order, all 30 exactly once.
    Map<String, List<Long>> bySeries = new TreeMap<>();
    for (HttpSink.Received r : sink.received()) {
      for (PbV1.TimeSeries ts : r.request().getTimeseriesList()) {
        String key = ts.getLabelsList().toString();
        for (PbV1.Sample s : ts.getSamplesList()) {
          bySeries.computeIfAbsent(key, k -> new ArrayList<>()).add(s.getTimestamp());
        }
      }
    }
    assertThat(bySeries).hasSize(5);
    bySeries
        .values()
        .forEach(ts -> assertThat(ts).containsExactly(0L, 1000L, 2000L, 3000L, 4000L, 5000L));
    // Counters are updated after the response, so wait for the last one.
    assertThat(sink.await(() -> metric("prometheus_remote_storage_samples_pending") == 0)).isTrue();
    assertThat(metric("prometheus_remote_storage_samples_total")).isEqualTo(30);
    assertThat(metric("prometheus_remote_storage_queue_highest_sent_timestamp_seconds"))
        .isEqualTo(5);
    assertThat(metric("prometheus_remote_storage_bytes_total"))
        .isEqualTo(sink.received().stream().mapToInt(r -> r.body().length).sum());
  }

  @Test
  void append_sendsPartialBatchAfterBatchSendDeadline() throws Exception {
    QueueManager q =
        start(
            """
            queue_config:
              max_samples_per_send: 100
              batch_send_deadline: 100ms
            """,
            Labels.EMPTY);
    q.storeSeries(series(2), 0);
    q.append(samples(3, 2));
    assertThat(sink.await(() -> sink.samples() == 3)).isTrue();
    assertThat(sink.received()).hasSize(1);
  }

  @Test
  void storeSeries_addsExternalLabelsThenAppliesWriteRelabelConfigs() throws Exception {
    QueueManager q =
        start(
            """
            queue_config:
              batch_send_deadline: 50ms
            write_relabel_configs:
              - source_labels: [__name__]
                regex: "drop_.*"
                action: drop
              - regex: secret
                action: labeldrop
            """,
            Labels.of("cluster", "eu", "replica", "a"));
    q.storeSeries(
        List.of(
            new RefSeries(1, Labels.of("__name__", "keep", "secret", "x")),
            new RefSeries(2, Labels.of("__name__", "drop_me")),
            new RefSeries(3, Labels.of("__name__", "own", "cluster", "mine"))),
        0);
    SampleBatch b = new SampleBatch();
    b.add(1, 10, 1).add(2, 10, 2).add(3, 10, 3).add(99, 10, 4);
    q.append(b);

    assertThat(sink.await(() -> sink.samples() == 2)).isTrue();
    List<String> sent = new ArrayList<>();
    for (HttpSink.Received r : sink.received()) {
      for (PbV1.TimeSeries ts : r.request().getTimeseriesList()) {
        StringBuilder s = new StringBuilder();
        ts.getLabelsList()
            .forEach(l -> s.append(l.getName()).append('=').append(l.getValue()).append(' '));
        sent.add(s.toString().strip());
      }
    }
    assertThat(sent)
        .containsExactlyInAnyOrder(
            "__name__=keep cluster=eu replica=a", "__name__=own cluster=mine replica=a");
    assertThat(
            metric("prometheus_remote_storage_samples_dropped_total", "reason", "dropped_series"))
        .isEqualTo(1);
    assertThat(
            metric(
                "prometheus_remote_storage_samples_dropped_total",
                "reason",
                "unintentionally_dropped_series"))
        .isEqualTo(1);
  }

  @Test
  void send_retries5xxWithDoublingBackoffThenSucceeds() throws Exception {
    sink.script(HttpSink.Answer.of(500), HttpSink.Answer.of(503), HttpSink.Answer.of(502));
    QueueManager q =
        start(
            """
            queue_config:
              max_samples_per_send: 4
              batch_send_deadline: 1h
              min_backoff: 30ms
              max_backoff: 100ms
            """,
            Labels.EMPTY);
    q.storeSeries(series(4), 0);
    q.append(samples(4, 4));

    assertThat(sink.await(() -> sink.received().size() == 4)).isTrue();
    List<HttpSink.Received> r = sink.received();
    assertThat(r)
        .extracting(x -> new String(x.body(), java.nio.charset.StandardCharsets.ISO_8859_1))
        .containsOnly(new String(r.get(0).body(), java.nio.charset.StandardCharsets.ISO_8859_1));
    assertThat(r).extracting(x -> x.header("Retry-Attempt")).containsExactly(null, "1", "2", "3");
    assertThat(sleeper.slept()).containsExactly(30L, 60L, 100L);
    assertThat(sink.await(() -> metric("prometheus_remote_storage_samples_total") == 16)).isTrue();
    assertThat(metric("prometheus_remote_storage_samples_retried_total")).isEqualTo(12);
    assertThat(metric("prometheus_remote_storage_samples_failed_total")).isZero();
  }

  @Test
  void send_dropsBatchOn4xxWithoutRetry() throws Exception {
    sink.script(new HttpSink.Answer(400, Map.of(), "out of order sample"));
    QueueManager q =
        start(
            """
            queue_config:
              max_samples_per_send: 2
              batch_send_deadline: 1h
            """,
            Labels.EMPTY);
    q.storeSeries(series(2), 0);
    q.append(samples(4, 2));

    assertThat(sink.await(() -> sink.received().size() == 2)).isTrue();
    assertThat(sink.await(() -> metric("prometheus_remote_storage_samples_failed_total") == 2))
        .isTrue();
    assertThat(sink.await(() -> metric("prometheus_remote_storage_samples_total") == 4)).isTrue();
    assertThat(metric("prometheus_remote_storage_samples_retried_total")).isZero();
    assertThat(sleeper.slept()).isEmpty();
  }

  @Test
  void send_retries429OnlyWhenConfiguredHonouringRetryAfter() throws Exception {
    sink.script(
        new HttpSink.Answer(429, Map.of("Retry-After", "2"), "slow down"),
        new HttpSink.Answer(429, Map.of(), "slow down"));
    QueueManager q =
        start(
            """
            queue_config:
              max_samples_per_send: 1
              batch_send_deadline: 1h
              retry_on_http_429: true
            """,
            Labels.EMPTY);
    q.storeSeries(series(1), 0);
    q.append(samples(1, 1));
    assertThat(sink.await(() -> sink.received().size() == 3)).isTrue();
    assertThat(sleeper.slept()).containsExactly(2_000L, 4_000L);
  }

  @Test
  void send_dropsOn429WhenNotConfigured() throws Exception {
    sink.script(HttpSink.Answer.of(429));
    QueueManager q =
        start(
            """
            queue_config:
              max_samples_per_send: 1
              batch_send_deadline: 1h
            """,
            Labels.EMPTY);
    q.storeSeries(series(1), 0);
    q.append(samples(2, 1));
    assertThat(sink.await(() -> sink.received().size() == 2)).isTrue();
    assertThat(sink.await(() -> metric("prometheus_remote_storage_samples_failed_total") == 1))
        .isTrue();
  }

  @Test
  void stop_flushesPendingSamples() throws Exception {
    QueueManager q =
        start(
            """
            queue_config:
              max_samples_per_send: 100
              batch_send_deadline: 1h
            """,
            Labels.EMPTY);
    q.storeSeries(series(3), 0);
    q.append(samples(7, 3));
    q.stop();
    queue = null;
    assertThat(sink.samples()).isEqualTo(7);
  }

  @Test
  void append_blocksWhileShardIsFullAndResumesAfterRecovery() throws Exception {
    // Two failures keep the only shard busy; capacity 2 with batches of 1 holds two more.
    sink.script(HttpSink.Answer.of(500), HttpSink.Answer.of(500));
    QueueManager q =
        start(
            """
            queue_config:
              max_samples_per_send: 1
              capacity: 2
              batch_send_deadline: 1h
            """,
            Labels.EMPTY);
    q.storeSeries(series(1), 0);
    assertThat(q.append(samples(20, 1))).isTrue();
    assertThat(sink.await(() -> sink.samples() == 22)).isTrue();
    assertThat(metric("prometheus_remote_storage_enqueue_retries_total")).isPositive();
    assertThat(sink.await(() -> metric("prometheus_remote_storage_samples_pending") == 0)).isTrue();
  }

  @Test
  void seriesReset_forgetsSeriesOnlySeenBeforeTheCheckpoint() throws Exception {
    QueueManager q = start("queue_config:\n  batch_send_deadline: 50ms\n", Labels.EMPTY);
    q.storeSeries(series(3), 1);
    q.updateSeriesSegment(List.of(series(3).get(2)), 5);
    q.storeSeries(List.of(new RefSeries(4, Labels.of("__name__", "late"))), 6);
    q.seriesReset(5);
    assertThat(q.seriesLabels(1)).isNull();
    assertThat(q.seriesLabels(2)).isNull();
    assertThat(q.seriesLabels(3)).isEqualTo(Labels.of("__name__", "m", "i", "3"));
    assertThat(q.seriesLabels(4)).isNotNull();
    assertThat(q.knownSeries()).isEqualTo(2);
  }

  @Test
  void send_writesRemoteWrite2RequestsWhenConfigured() throws Exception {
    QueueManager q =
        start(
            """
            protobuf_message: io.prometheus.write.v2.Request
            queue_config:
              max_samples_per_send: 3
              batch_send_deadline: 1h
            """,
            Labels.of("cluster", "eu"));
    q.storeSeries(series(3), 0);
    q.append(samples(3, 3));
    assertThat(sink.await(() -> sink.received().size() == 1)).isTrue();
    HttpSink.Received r = sink.received().get(0);
    assertThat(r.header("Content-Type"))
        .isEqualTo("application/x-protobuf;proto=io.prometheus.write.v2.Request");
    assertThat(r.header("X-Prometheus-Remote-Write-Version")).isEqualTo("2.0.0");
    PbV2.Request req = PbV2.Request.parseFrom(Snappy.uncompress(r.body()));
    assertThat(req.getSymbols(0)).isEmpty();
    List<String> sent = new ArrayList<>();
    for (PbV2.TimeSeries ts : req.getTimeseriesList()) {
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < ts.getLabelsRefsCount(); i += 2) {
        s.append(req.getSymbols(ts.getLabelsRefs(i)))
            .append('=')
            .append(req.getSymbols(ts.getLabelsRefs(i + 1)))
            .append(' ');
      }
      s.append(ts.getSamples(0).getTimestamp()).append(' ').append(ts.getSamples(0).getValue());
      sent.add(s.toString());
    }
    assertThat(sent)
        .containsExactly(
            "__name__=m cluster=eu i=1 0 0.0",
            "__name__=m cluster=eu i=2 0 1.0",
            "__name__=m cluster=eu i=3 0 2.0");
  }
}
