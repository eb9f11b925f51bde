package io.argus.remote.receiver;

import static io.argus.remote.receiver.ReceiverTestSupport.counter;
import static io.argus.remote.receiver.ReceiverTestSupport.post;
import static io.argus.remote.receiver.ReceiverTestSupport.read;
import static io.argus.remote.receiver.ReceiverTestSupport.series;
import static io.argus.remote.receiver.ReceiverTestSupport.v1;
import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.remote.receiver.ReceiverTestSupport.Sample;
import io.argus.testkit.ManualClock;
import io.argus.tsdb.Db;
import io.argus.tsdb.DbOptions;
import io.argus.tsdb.fs.FileOps;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HaTrackerTest {
  static final long T0 = 1_700_000_000_000L;

  @TempDir Path dir;
  ManualClock clock = new ManualClock(T0);
  PrometheusRegistry registry = new PrometheusRegistry();
  Db db;
  HaTracker tracker;
  WriteEndpoint endpoint;

  @BeforeEach
  void open() {
    db =
        Db.open(
            dir,
            DbOptions.builder().compactionIntervalMs(0).retentionMs(0).build(),
            FileOps.defaults(),
            clock,
            new PrometheusRegistry());
    tracker =
        new HaTracker(
            new HaTrackerConfig(true, "cluster", "__replica__", 30_000, 2), clock, registry);
    endpoint =
        new WriteEndpoint(
            new RemoteWriteReceiver(db, clock, tracker, registry),
            EnumSet.allOf(WriteProtocol.class));
  }

  @AfterEach
  void close() {
    db.close();
  }

  private WriteEndpoint.Response send(String cluster, String replica, long t, long v) {
    return post(
        endpoint,
        "application/x-protobuf",
        v1(
            series(List.of("__name__", "up", "__replica__", replica, "cluster", cluster), t, v),
            series(
                List.of("__name__", "other", "__replica__", replica, "cluster", cluster), t, v)));
  }

  @Test
  void write_firstReplicaElectedOthersDropped202() {
    assertThat(send("c1", "a", T0, 1).status()).isEqualTo(204);
    WriteEndpoint.Response r = send("c1", "b", T0, 2);
    assertThat(r.status()).isEqualTo(202);
    assertThat(r.body())
        .isEqualTo("replicas did not match, rejecting sample: replica=b, elected=a\n");
    clock.advanceMillis(15_000);
    assertThat(send("c1", "a", T0 + 15_000, 3).status()).isEqualTo(204);
    assertThat(send("c1", "b", T0 + 15_000, 4).status()).isEqualTo(202);

    assertThat(read(db, Matcher.equal("__name__", "up")))
        .containsExactly(
            Map.entry(
                Labels.of("__name__", "up", "cluster", "c1"),
                List.of(new Sample(T0, 1), new Sample(T0 + 15_000, 3))));
    assertThat(counter(registry, "cortex_distributor_deduped_samples", "cluster", "c1"))
        .isEqualTo(4);
    assertThat(counter(registry, "cortex_ha_tracker_elected_replica_changes", "cluster", "c1"))
        .isEqualTo(1);
  }

  @Test
  void write_failoverAfterTimeoutWithoutSamplesFromElected() {
    assertThat(send("c1", "a", T0, 1).status()).isEqualTo(204);
    clock.advanceMillis(30_000);
    assertThat(send("c1", "b", T0 + 30_000, 2).status()).isEqualTo(202); // not yet: > timeout
    clock.advanceMillis(1);
    assertThat(send("c1", "b", T0 + 30_001, 5).status()).isEqualTo(204);
    assertThat(tracker.electedReplica("c1")).isEqualTo("b");
    assertThat(send("c1", "a", T0 + 30_002, 6).status()).isEqualTo(202);
    assertThat(read(db, Matcher.equal("__name__", "up")).values().iterator().next())
        .containsExactly(new Sample(T0, 1), new Sample(T0 + 30_001, 5));
    assertThat(counter(registry, "cortex_ha_tracker_elected_replica_changes", "cluster", "c1"))
        .isEqualTo(2);
  }

  @Test
  void write_clustersIndependentAndLimited() {
    assertThat(send("c1", "a", T0, 1).status()).isEqualTo(204);
    assertThat(send("c2", "b", T0, 1).status()).isEqualTo(204);
    WriteEndpoint.Response third = send("c3", "a", T0, 1);
    assertThat(third.status()).isEqualTo(400);
    assertThat(third.body()).isEqualTo("too many HA clusters (limit: 2)\n");
    assertThat(read(db, Matcher.equal("__name__", "up")).keySet())
        .containsExactly(
            Labels.of("__name__", "up", "cluster", "c1"),
            Labels.of("__name__", "up", "cluster", "c2"));
  }

  @Test
  void write_prometheusOperatorLabelsDetected() {
    WriteEndpoint.Response r =
        post(
            endpoint,
            "application/x-protobuf",
            v1(
                series(
                    List.of(
                        "__name__",
                        "up",
                        "prometheus",
                        "mon/k8s",
                        "prometheus_replica",
                        "prometheus-k8s-0"),
                    T0,
                    1)));
    assertThat(r.status()).isEqualTo(204);
    assertThat(tracker.electedReplica("mon/k8s")).isEqualTo("prometheus-k8s-0");
    WriteEndpoint.Response other =
        post(
            endpoint,
            "application/x-protobuf",
            v1(
                series(
                    List.of(
                        "__name__",
                        "up",
                        "prometheus",
                        "mon/k8s",
                        "prometheus_replica",
                        "prometheus-k8s-1"),
                    T0,
                    1)));
    assertThat(other.status()).isEqualTo(202);
    assertThat(read(db, Matcher.equal("__name__", "up")).keySet())
        .containsExactly(Labels.of("__name__", "up", "prometheus", "mon/k8s"));
  }

  @Test
  void write_withoutHaLabelsStoredAsIs() {
    WriteEndpoint.Response r =
        post(
            endpoint,
            "application/x-protobuf",
            v1(series(List.of("__name__", "up", "__replica__", "x"), T0, 1)));
    assertThat(r.status()).isEqualTo(204);
    assertThat(read(db, Matcher.equal("__name__", "up")).keySet())
        .containsExactly(Labels.of("__name__", "up", "__replica__", "x"));
  }
}
