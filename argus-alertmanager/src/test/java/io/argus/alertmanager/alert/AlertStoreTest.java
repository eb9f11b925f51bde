package io.argus.alertmanager.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.testkit.ManualClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AlertStoreTest {
  private static final long START_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  private final ManualClock clock = new ManualClock(START_MS);
  private final AlertMarker marker = new AlertMarker();

  private Instant at(long sec) {
    return Instant.ofEpochMilli(START_MS).plusSeconds(sec);
  }

  private Alert alert(String name, long start, long end, long updated) {
    return new Alert(
        Labels.of("alertname", name), Map.of(), at(start), at(end), "", at(updated), false);
  }

  @Test
  void put_mergesOverlappingVersionsAndReplacesOthers() throws Exception {
    AlertStore store = new AlertStore(clock, marker, 0, null);
    store.put(List.of(alert("A", 0, 300, 0)));
    // Starts inside the stored range: merged, the earliest start wins.
    store.put(List.of(alert("A", 60, 360, 60)));
    Alert merged = store.get(alert("A", 0, 0, 0).fingerprint());
    assertThat(merged).isNotNull();
    assertThat(merged.startsAt()).isEqualTo(at(0));
    assertThat(merged.endsAt()).isEqualTo(at(360));

    // A new activity after the stored one ended: replaced, not merged.
    store.put(List.of(alert("A", 1000, 1300, 1000)));
    assertThat(store.get(merged.fingerprint()).startsAt()).isEqualTo(at(1000));
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void subscribe_deliversStoredAlertsThenNewOnes() throws Exception {
    AlertStore store = new AlertStore(clock, marker, 0, null);
    store.put(List.of(alert("A", 0, 300, 0), alert("B", 0, 300, 0)));
    try (AlertSubscription sub = store.subscribe("dispatcher")) {
      store.put(List.of(alert("C", 0, 300, 0)));
      List<String> names = new ArrayList<>();
      Alert a;
      while ((a = sub.poll(0, TimeUnit.MILLISECONDS)) != null) {
        names.add(a.name());
      }
      assertThat(names.subList(0, 2)).containsExactlyInAnyOrder("A", "B");
      assertThat(names.get(2)).isEqualTo("C");
    }
  }

  @Test
  void subscribe_fullBufferHoldsWriterUntilConsumerReads() throws Exception {
    AlertStore store = new AlertStore(clock, marker, 0, null);
    AlertSubscription sub = store.subscribe("slow");
    List<Alert> batch = new ArrayList<>();
    for (int i = 0; i < AlertSubscription.MIN_CAPACITY + 5; i++) {
      batch.add(alert("A" + i, 0, 300, 0));
    }
    AtomicReference<PutResult> result = new AtomicReference<>();
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    result.set(store.put(batch));
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    int read = 0;
    while (read < batch.size()) {
      if (sub.poll(10, TimeUnit.SECONDS) == null) {
        break;
      }
      read++;
    }
    writer.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(read).isEqualTo(batch.size());
    assertThat(result.get().stored()).hasSize(batch.size());
    sub.close();
  }

  @Test
  void close_releasesWriterBlockedOnSubscription() throws Exception {
    AlertStore store = new AlertStore(clock, marker, 0, null);
    AlertSubscription sub = store.subscribe("stuck");
    List<Alert> batch = new ArrayList<>();
    for (int i = 0; i < AlertSubscription.MIN_CAPACITY + 1; i++) {
      batch.add(alert("A" + i, 0, 300, 0));
    }
    Thread writer =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    store.put(batch);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    while (sub.pending() < AlertSubscription.MIN_CAPACITY) {
      Thread.onSpinWait();
    }
    sub.close();
    writer.join(TimeUnit.SECONDS.toMillis(30));
    assertThat(writer.isAlive()).isFalse();
    assertThat(store.size()).isEqualTo(batch.size());
    assertThat(sub.poll(0, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void gc_dropsResolvedAlertsAndTheirMarks() throws Exception {
    AlertStore store = new AlertStore(clock, marker, 0, null);
    Alert shortLived = alert("A", 0, 60, 0);
    Alert longLived = alert("B", 0, 6000, 0);
    store.put(List.of(shortLived, longLived));
    marker.setSilenced(shortLived.fingerprint(), List.of("s"));
    List<List<Alert>> deleted = new ArrayList<>();
    store.onDelete(deleted::add);

    assertThat(store.gc()).isEmpty();
    clock.advanceMillis(60_000);
    assertThat(store.gc()).containsExactly(shortLived);
    assertThat(store.get(shortLived.fingerprint())).isNull();
    assertThat(store.get(longLived.fingerprint())).isNotNull();
    assertThat(marker.status(shortLived.fingerprint()).state()).isEqualTo(AlertState.UNPROCESSED);
    assertThat(deleted).containsExactly(List.of(shortLived));
  }

  @Test
  void put_refusesNewLabelSetsWhenFullButCollectsResolvedFirst() throws Exception {
    PrometheusRegistry reg = new PrometheusRegistry();
    AlertStore store = new AlertStore(clock, marker, 2, reg);
    store.put(List.of(alert("A", 0, 60, 0), alert("B", 0, 600, 0)));
    PutResult full = store.put(List.of(alert("C", 0, 600, 0), alert("A", 0, 120, 1)));
    assertThat(full.limited()).extracting(Alert::name).containsExactly("C");
    assertThat(full.stored()).extracting(Alert::name).containsExactly("A");
    assertThat(counter(reg, "alertmanager_alerts_limited")).isEqualTo(1);

    clock.advanceMillis(200_000); // A resolved: its slot frees up on the next full put
    PutResult after = store.put(List.of(alert("C", 200, 600, 200)));
    assertThat(after.limited()).isEmpty();
    assertThat(store.list()).extracting(Alert::name).containsExactlyInAnyOrder("B", "C");
  }

  @Test
  void metrics_countUnresolvedAlertsByMarkerState() throws Exception {
    PrometheusRegistry reg = new PrometheusRegistry();
    AlertStore store = new AlertStore(clock, marker, 0, reg);
    Alert a = alert("A", 0, 600, 0);
    Alert b = alert("B", 0, 600, 0);
    Alert resolved = alert("C", 0, 0, 0);
    store.put(List.of(a, b, resolved));
    marker.setSilenced(a.fingerprint(), List.of("s"));
    GaugeSnapshot g = (GaugeSnapshot) metric(reg, "alertmanager_alerts");
    assertThat(g.getDataPoints())
        .anySatisfy(
            d -> {
              assertThat(d.getLabels().get("state")).isEqualTo("suppressed");
              assertThat(d.getValue()).isEqualTo(1);
            })
        .anySatisfy(
            d -> {
              assertThat(d.getLabels().get("state")).isEqualTo("unprocessed");
              assertThat(d.getValue()).isEqualTo(1);
            });
  }

  private static MetricSnapshot metric(PrometheusRegistry reg, String name) {
    return reg.scrape().stream()
        .filter(s -> s.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static double counter(PrometheusRegistry reg, String name) {
    return ((CounterSnapshot) metric(reg, name)).getDataPoints().get(0).getValue();
  }
}
