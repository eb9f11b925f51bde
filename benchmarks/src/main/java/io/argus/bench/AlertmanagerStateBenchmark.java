package io.argus.bench;

import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.alert.AlertMarker;
import io.argus.alertmanager.alert.AlertStore;
import io.argus.alertmanager.alert.Fingerprints;
import io.argus.alertmanager.nflog.AlertHash;
import io.argus.alertmanager.silence.Silence;
import io.argus.alertmanager.silence.SilenceCodec;
import io.argus.alertmanager.silence.SilenceException;
import io.argus.alertmanager.silence.Silencer;
import io.argus.alertmanager.silence.Silences;
import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.util.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The Alertmanager's per-alert state costs: fingerprinting and notification-log hashing of a
 * six-label alert, the silencer's decision with 1,000 stored silences (cache warm, and after the
 * store changed), putting a batch of 1,000 re-sent alerts into the alert store (merging), and
 * encoding 1,000 silences for a snapshot or a full gossip state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AlertmanagerStateBenchmark {
  private final Labels labels =
      Labels.of(
          "alertname", "HighLatency",
          "cluster", "eu1",
          "instance", "host17.example.com:9100",
          "job", "api",
          "service", "checkout",
          "severity", "page");
  private Silences silences;
  private Silencer silencer;
  private AlertStore store;
  private List<Alert> batch;
  private int round;

  @Setup
  public void setUp() throws SilenceException {
    Instant now = Instant.ofEpochMilli(Clock.SYSTEM.millis());
    silences = new Silences(Clock.SYSTEM, Duration.ofHours(120), null);
    for (int i = 0; i < 1000; i++) {
      silences.set(
          new Silence(
              "",
              List.of(
                  Matcher.equal("service", "svc" + i),
                  Matcher.regex("instance", "host" + i + ".*")),
              now,
              now.plus(Duration.ofDays(1)),
              Alert.ZERO,
              "bench",
              "maintenance window " + i));
    }
    silencer = new Silencer(silences, new AlertMarker(), Clock.SYSTEM);
    silencer.mutes(labels);
    store = new AlertStore(Clock.SYSTEM, new AlertMarker(), 0, null);
    batch = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      batch.add(
          new Alert(
              Labels.of("alertname", "A" + (i % 50), "instance", "host" + i, "job", "node"),
              Map.of("summary", "disk full"),
              now,
              now.plus(Duration.ofMinutes(5)),
              "http://prom/graph",
              now,
              true));
    }
  }

  @Benchmark
  public long fingerprint() {
    return Fingerprints.of(labels);
  }

  @Benchmark
  public long nflogAlertHash() {
    return AlertHash.of(labels);
  }

  @Benchmark
  public boolean silencerMutesCached() {
    return silencer.mutes(labels);
  }

  /** A label set not seen before: the silencer examines every stored silence. */
  @Benchmark
  public boolean silencerMutesUncached() {
    return silencer.mutes(labels.toBuilder().set("round", Integer.toString(round++)).build());
  }

  @Benchmark
  public int alertStorePut1000() throws InterruptedException {
    return store.put(batch).stored().size();
  }

  @Benchmark
  public byte[] encode1000Silences() {
    return SilenceCodec.encode(silences.entries());
  }
}
