package io.argus.remote.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.remote.pb.v1.PbV1;
import io.argus.scrape.Sleeper;
import io.argus.scrape.config.ConfigLoader;
import io.argus.scrape.config.RemoteWriteConfig;
import io.argus.storage.Appendable;
import io.argus.storage.Appender;
import io.argus.tsdb.Db;
import io.argus.tsdb.DbOptions;
import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteWriteStorageTest {
  @TempDir Path dir;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private HttpSink sink;
  private Db db;
  private RemoteWriteStorage remote;

  @BeforeEach
  void open() throws Exception {
    sink = new HttpSink();
    db = Db.open(dir, DbOptions.defaults(), FileOps.defaults(), Clock.SYSTEM, registry);
    remote =
        new RemoteWriteStorage(
            dir.resolve("wal"),
            FileOps.defaults(),
            registry,
            Clock.SYSTEM,
            Sleeper.REAL,
            "Argus/test",
            10_000,
            new WalWatcher.Settings(10, 100, 100),
            null);
  }

  @AfterEach
  void close() throws Exception {
    remote.close();
    db.close();
    sink.close();
  }

  private List<RemoteWriteConfig> entries(String yaml) {
    return ConfigLoader.loadString(yaml, dir).remoteWrite();
  }

  private String entry(String name) {
    return """
    remote_write:
      - url: %s
        name: %s
        queue_config:
          max_samples_per_send: 50
          batch_send_deadline: 100ms
          min_backoff: 5ms
          max_backoff: 20ms
    """
        .formatted(sink.url(), name);
  }

  private static Set<String> distinctSamples(List<HttpSink.Received> received) {
    Set<String> out = new HashSet<>();
    for (HttpSink.Received r : received) {
      for (PbV1.TimeSeries ts : r.request().getTimeseriesList()) {
        for (PbV1.Sample s : ts.getSamplesList()) {
          out.add(ts.getLabelsList().toString() + "@" + s.getTimestamp() + "=" + s.getValue());
        }
      }
    }
    return out;
  }

  @Test
  void wrap_samplesCommittedToTheDbReachTheEndpointThroughAnOutage() throws Exception {
    remote.applyConfig(entries(entry("q")), Labels.of("replica", "r1"));
    Appendable storage = remote.wrap(db);
    for (int i = 0; i < 20; i++) {
      sink.script(HttpSink.Answer.of(503));
    }
    long base = Clock.SYSTEM.millis() + 60_000;
    int rounds = 30;
    int seriesCount = 40;
    for (int round = 0; round < rounds; round++) {
      Appender app = storage.appender();
      for (int s = 0; s < seriesCount; s++) {
        app.append(0, Labels.of("__name__", "m", "s", Integer.toString(s)), base + round, s);
      }
      app.commit();
    }
    int total = rounds * seriesCount;
    assertThat(sink.await(() -> distinctSamples(sink.received()).size() == total)).isTrue();
    assertThat(sink.received().get(0).request().getTimeseries(0).getLabelsList().toString())
        .contains("replica");
    assertThat(
            MetricValues.value(registry, "prometheus_remote_storage_highest_timestamp_in_seconds"))
        .isEqualTo((double) Math.floorDiv(base + rounds - 1, 1000));
    assertThat(
            MetricValues.value(
                registry, "prometheus_remote_storage_samples_retried_total", "remote_name", "q"))
        .isPositive();
    assertThat(
            MetricValues.value(
                registry, "prometheus_remote_storage_samples_failed_total", "remote_name", "q"))
        .isZero();
  }

  @Test
  void applyConfig_keepsUnchangedQueuesAndStopsRemovedOnes() {
    remote.applyConfig(entries(entry("a")), Labels.EMPTY);
    assertThat(remote.queueCount()).isEqualTo(1);
    assertThat(MetricValues.value(registry, "prometheus_remote_storage_shards", "remote_name", "a"))
        .isEqualTo(1);
    remote.applyConfig(entries(entry("a")), Labels.EMPTY);
    assertThat(remote.queueCount()).isEqualTo(1);
    remote.applyConfig(List.of(), Labels.EMPTY);
    assertThat(remote.queueCount()).isZero();
    assertThat(MetricValues.value(registry, "prometheus_remote_storage_shards", "remote_name", "a"))
        .isNaN();
  }

  @Test
  void applyConfig_rejectsIdenticalEntriesKeepingTheRunningQueues() {
    remote.applyConfig(entries(entry("a")), Labels.EMPTY);
    String twice = "remote_write:\n  - url: " + sink.url() + "\n  - url: " + sink.url() + "\n";
    assertThatThrownBy(() -> remote.applyConfig(entries(twice), Labels.EMPTY))
        .hasMessage(
            "duplicate remote write configs are not allowed, found duplicate for URL: "
                + sink.url());
    assertThat(remote.queueCount()).isEqualTo(1);
  }

  @Test
  void hashName_namesUnnamedQueuesBySixHexDigits() {
    RemoteWriteConfig c = entries("remote_write:\n  - url: " + sink.url() + "\n").get(0);
    assertThat(RemoteWriteStorage.hashName(c)).matches("[0-9a-f]{6}");
    assertThat(RemoteWriteStorage.hashName(c)).isEqualTo(RemoteWriteStorage.hashName(c));
  }
}
