package io.argus.alertmanager.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.alert.AlertMarker;
import io.argus.alertmanager.alert.AlertStore;
import io.argus.alertmanager.inhibit.Inhibition;
import io.argus.alertmanager.nflog.NotificationLog;
import io.argus.alertmanager.silence.Silencer;
import io.argus.alertmanager.silence.Silences;
import io.argus.model.labels.Labels;
import io.argus.testkit.ManualClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NotificationPipelineTest {
  private static final long T0 = Instant.parse("2026-01-05T10:00:00Z").toEpochMilli();

  private final ManualClock clock = new ManualClock(T0);
  private final AlertMarker marker = new AlertMarker();
  private final AlertStore store = new AlertStore(clock, marker, 0, null);
  private final NotificationLog nflog = new NotificationLog(clock, Duration.ofHours(120), null);
  private final NotifyMetrics metrics = new NotifyMetrics(new PrometheusRegistry());
  private final List<Long> sleeps = new ArrayList<>();

  private NotificationPipeline pipeline(Notifier notifier, boolean sendResolved) {
    Sleeper sleeper =
        ms -> {
          sleeps.add(ms);
          clock.advanceMillis(ms);
        };
    return new NotificationPipeline(
        Map.of("r", List.of(new Integration("webhook", 0, "r", notifier, sendResolved))),
        new StoreInhibitor(new Inhibition(List.of()), store, marker, clock),
        new Silencer(new Silences(clock, Duration.ofHours(1), null), marker, clock),
        Map.of(),
        nflog,
        metrics,
        clock,
        sleeper,
        () -> 0);
  }

  private NotificationContext ctx(long deadlineAfterMillis) {
    return new NotificationContext(
        "r",
        "{}:{alertname=\"A\"}",
        Labels.of("alertname", "A"),
        Instant.ofEpochMilli(clock.millis()),
        3_600_000,
        clock.millis() + deadlineAfterMillis,
        List.of(),
        List.of());
  }

  private Alert alert(String instance, Instant endsAt) {
    Instant now = Instant.ofEpochMilli(clock.millis());
    return new Alert(
        Labels.of("alertname", "A", "instance", instance), Map.of(), now, endsAt, "", now, false);
  }

  @Test
  void retry_retryableFailuresAreRetriedWithGrowingBackoff() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Notifier flaky =
        (ctx, alerts) -> {
          if (calls.incrementAndGet() <= 3) {
            throw new NotifyException(
                "unexpected status code 503", true, NotifyException.Reason.SERVER_ERROR);
          }
        };
    try (NotificationPipeline p = pipeline(flaky, true)) {
      assertThat(p.notify(ctx(300_000), List.of(alert("a", Alert.ZERO)))).isTrue();
    }
    assertThat(calls).hasValue(4);
    assertThat(sleeps).hasSize(3);
    assertThat(sleeps.get(0)).isBetween(250L, 750L);
    assertThat(sleeps.get(1)).isBetween(375L, 1125L);
    assertThat(sleeps.get(2)).isBetween(562L, 1688L);
    assertThat(metrics.requestsTotal("webhook")).isEqualTo(4);
    assertThat(metrics.requestsFailedTotal("webhook")).isEqualTo(3);
    assertThat(metrics.notificationsTotal("webhook")).isEqualTo(1);
    assertThat(nflog.size()).isEqualTo(1);
  }

  @Test
  void retry_finalErrorStopsAtOnceAndLogsNothing() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Notifier refusing =
        (ctx, alerts) -> {
          calls.incrementAndGet();
          throw NotifyException.forStatus(400, "bad request");
        };
    try (NotificationPipeline p = pipeline(refusing, true)) {
      assertThat(p.notify(ctx(300_000), List.of(alert("a", Alert.ZERO)))).isFalse();
    }
    assertThat(calls).hasValue(1);
    assertThat(metrics.notificationsFailedTotal("webhook", NotifyException.Reason.CLIENT_ERROR))
        .isEqualTo(1);
    assertThat(nflog.size()).isZero();
  }

  @Test
  void retry_stopsAtTheDeadline() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Notifier down =
        (ctx, alerts) -> {
          calls.incrementAndGet();
          throw new NotifyException("connection refused", true, NotifyException.Reason.OTHER);
        };
    try (NotificationPipeline p = pipeline(down, true)) {
      assertThat(p.notify(ctx(10_000), List.of(alert("a", Alert.ZERO)))).isFalse();
    }
    assertThat(clock.millis() - T0).isLessThanOrEqualTo(10_000);
    assertThat(calls.get()).isBetween(4, 20);
    assertThat(metrics.notificationsFailedTotal("webhook", NotifyException.Reason.CANCELED))
        .isEqualTo(1);
  }

  @Test
  void dedup_unchangedGroupIsNotSentAgainWithinRepeatInterval() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Notifier ok = (ctx, alerts) -> calls.incrementAndGet();
    try (NotificationPipeline p = pipeline(ok, true)) {
      Alert a = alert("a", Alert.ZERO);
      p.notify(ctx(300_000), List.of(a));
      clock.advanceMillis(300_000);
      p.notify(ctx(300_000), List.of(a));
      assertThat(calls).hasValue(1);
      Alert b = alert("b", Alert.ZERO);
      p.notify(ctx(300_000), List.of(a, b));
      assertThat(calls).hasValue(2);
      clock.advanceMillis(3_600_001);
      p.notify(ctx(300_000), List.of(a, b));
      assertThat(calls).hasValue(3);
    }
  }

  @Test
  void dedup_newlyResolvedAlertIsSentOnlyWithSendResolved() throws Exception {
    for (boolean sendResolved : new boolean[] {true, false}) {
      List<List<Alert>> seen = new ArrayList<>();
      Notifier rec = (ctx, alerts) -> seen.add(alerts);
      try (NotificationPipeline p = pipeline(rec, sendResolved)) {
        Alert a = alert("a-" + sendResolved, Alert.ZERO);
        Alert b = alert("b-" + sendResolved, Alert.ZERO);
        p.notify(ctx(300_000), List.of(a, b));
        clock.advanceMillis(1000);
        Alert bResolved = b.withTimes(b.startsAt(), Instant.ofEpochMilli(clock.millis()));
        p.notify(ctx(300_000), List.of(a, bResolved));
      }
      assertThat(seen).hasSize(sendResolved ? 2 : 1);
      if (sendResolved) {
        assertThat(seen.get(1)).hasSize(2);
      }
    }
  }
}
