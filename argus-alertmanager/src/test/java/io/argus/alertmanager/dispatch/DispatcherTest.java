package io.argus.alertmanager.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.alert.AlertState;
import io.argus.alertmanager.alert.Fingerprints;
import io.argus.alertmanager.matchers.MatcherParser;
import io.argus.alertmanager.silence.Silence;
import io.argus.model.labels.Labels;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DispatcherTest {
  private static final String BASE =
      """
      route:
        receiver: team
        group_by: [alertname]
        group_wait: 30s
        group_interval: 5m
        repeat_interval: 1h
      receivers:
        - name: team
      """;

  private static Labels disk(String instance) {
    return Labels.of("alertname", "DiskFull", "instance", instance);
  }

  @Test
  void groupWait_firstNotificationAfterGroupWait() throws Exception {
    try (Harness h = new Harness(BASE, true)) {
      h.post(h.alert(disk("a"), 0, Alert.ZERO));
      h.scheduler.advance(29_999);
      assertThat(h.sent).isEmpty();
      h.scheduler.advance(1);
      assertThat(h.sent).hasSize(1);
      Harness.Sent s = h.sent.getFirst();
      assertThat(s.atMillis()).isEqualTo(30_000);
      assertThat(s.groupKey()).isEqualTo("{}:{alertname=\"DiskFull\"}");
      assertThat(s.alerts()).containsExactly("a:firing");
    }
  }

  @Test
  void groupInterval_newAlertWaitsForNextInterval() throws Exception {
    try (Harness h = new Harness(BASE, true)) {
      h.post(h.alert(disk("a"), 0, Alert.ZERO));
      h.scheduler.advance(40_000);
      h.post(h.alert(disk("b"), 0, Alert.ZERO));
      h.scheduler.advance(289_999);
      assertThat(h.sentSeconds()).containsExactly(30L);
      h.scheduler.advance(1);
      assertThat(h.sentSeconds()).containsExactly(30L, 330L);
      assertThat(h.sent.get(1).alerts()).containsExactly("a:firing", "b:firing");
    }
  }

  @Test
  void repeatInterval_unchangedGroupRepeatsOnTheFirstTickAfterIt() throws Exception {
    try (Harness h = new Harness(BASE, true)) {
      h.post(h.alert(disk("a"), 0, Instant.ofEpochMilli(Harness.T0 + 3 * 3_600_000L)));
      h.scheduler.advance(2 * 3_600_000L);
      // ticks at 30s + k*300s; the entry of 30s is older than 1h only at 3930s (3630s is equal).
      assertThat(h.sentSeconds()).containsExactly(30L, 3930L);
    }
  }

  @Test
  void resolved_notifiedOnceThenGroupEmptied() throws Exception {
    try (Harness h = new Harness(BASE, true)) {
      h.post(h.alert(disk("a"), 0, Instant.ofEpochMilli(Harness.T0 + 100_000)));
      h.scheduler.advance(30_000);
      assertThat(h.sent.getFirst().alerts()).containsExactly("a:firing");
      h.scheduler.advance(300_000);
      assertThat(h.sentSeconds()).containsExactly(30L, 330L);
      assertThat(h.sent.get(1).alerts()).containsExactly("a:resolved");
      assertThat(h.dispatcher.groups())
          .singleElement()
          .satisfies(g -> assertThat(g.isEmpty()).isTrue());
      assertThat(h.dispatcher.removeEmptyGroups()).isEqualTo(1);
      assertThat(h.dispatcher.groups()).isEmpty();
      h.scheduler.advance(3_600_000);
      assertThat(h.sent).hasSize(2);
    }
  }

  @Test
  void resolved_withoutSendResolvedIsLoggedButNotSent() throws Exception {
    try (Harness h = new Harness(BASE, false)) {
      h.post(h.alert(disk("a"), 0, Instant.ofEpochMilli(Harness.T0 + 100_000)));
      h.scheduler.advance(330_000);
      assertThat(h.sentSeconds()).containsExactly(30L);
      assertThat(h.nflog.entries())
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.firingAlerts()).isEmpty();
                assertThat(e.resolvedAlerts()).hasSize(1);
              });
      assertThat(h.dispatcher.removeEmptyGroups()).isEqualTo(1);
    }
  }

  @Test
  void oldAlert_flushesWithoutGroupWait() throws Exception {
    try (Harness h = new Harness(BASE, true)) {
      h.post(h.alert(disk("a"), 60_000, Alert.ZERO));
      h.scheduler.advance(0);
      assertThat(h.sentSeconds()).containsExactly(0L);
    }
  }

  @Test
  void continueRoutes_alertJoinsAGroupPerMatchingRoute() throws Exception {
    String yaml =
        """
        route:
          receiver: team
          group_by: [alertname]
          group_wait: 10s
          routes:
            - matchers: ['severity="page"']
              receiver: pager
              continue: true
            - matchers: ['instance=~"a|b"']
              receiver: ops
            - receiver: never
        receivers: [{name: team}, {name: pager}, {name: ops}, {name: never}]
        """;
    try (Harness h = new Harness(yaml, true)) {
      h.post(
          h.alert(
              Labels.of("alertname", "DiskFull", "instance", "a", "severity", "page"),
              0,
              Alert.ZERO));
      h.scheduler.advance(10_000);
      assertThat(h.sent)
          .extracting(Harness.Sent::receiver, Harness.Sent::groupKey)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(
                  "pager", "{}/{severity=\"page\"}:{alertname=\"DiskFull\"}"),
              org.assertj.core.groups.Tuple.tuple(
                  "ops", "{}/{instance=~\"a|b\"}:{alertname=\"DiskFull\"}"));
    }
  }

  @Test
  void groupByAll_eachLabelSetIsItsOwnGroup() throws Exception {
    String yaml =
        """
        route:
          receiver: team
          group_by: ['...']
          group_wait: 10s
        receivers: [{name: team}]
        """;
    try (Harness h = new Harness(yaml, true)) {
      h.post(h.alert(disk("a"), 0, Alert.ZERO), h.alert(disk("b"), 0, Alert.ZERO));
      h.scheduler.advance(10_000);
      assertThat(h.sent)
          .extracting(Harness.Sent::groupKey)
          .containsExactlyInAnyOrder(
              "{}:{alertname=\"DiskFull\", instance=\"a\"}",
              "{}:{alertname=\"DiskFull\", instance=\"b\"}");
    }
  }

  @Test
  void silenced_alertIsLeftOutAndMarked() throws Exception {
    try (Harness h = new Harness(BASE, true)) {
      Instant now = Instant.ofEpochMilli(h.clock.millis());
      h.silences.set(
          new Silence(
              "",
              MatcherParser.parseMatchers("{instance=\"b\"}"),
              now,
              now.plusSeconds(3600),
              now,
              "me",
              "maintenance"));
      h.post(h.alert(disk("a"), 0, Alert.ZERO), h.alert(disk("b"), 0, Alert.ZERO));
      h.scheduler.advance(30_000);
      assertThat(h.sent.getFirst().alerts()).containsExactly("a:firing");
      assertThat(h.marker.status(Fingerprints.of(disk("b"))).state())
          .isEqualTo(AlertState.SUPPRESSED);
    }
  }

  @Test
  void inhibited_targetIsLeftOutWhileSourceFires() throws Exception {
    String yaml =
        BASE
            + """
            inhibit_rules:
              - source_matchers: ['severity="critical"']
                target_matchers: ['severity="warning"']
                equal: [alertname]
            """;
    try (Harness h = new Harness(yaml, true)) {
      Labels critical = Labels.of("alertname", "DiskFull", "instance", "a", "severity", "critical");
      Labels warning = Labels.of("alertname", "DiskFull", "instance", "b", "severity", "warning");
      h.post(h.alert(critical, 0, Alert.ZERO), h.alert(warning, 0, Alert.ZERO));
      h.scheduler.advance(30_000);
      assertThat(h.sent.getFirst().alerts()).containsExactly("a:firing");
      assertThat(h.marker.status(Fingerprints.of(warning)).inhibitedBy())
          .containsExactly(Fingerprints.toHex(Fingerprints.of(critical)));
    }
  }

  @Test
  void muteTimeInterval_suppressesNotifications() throws Exception {
    String yaml =
        """
        route:
          receiver: team
          group_wait: 10s
          routes:
            - matchers: ['alertname="DiskFull"']
              mute_time_intervals: [always]
        time_intervals:
          - name: always
            time_intervals: [{times: [{start_time: '00:00', end_time: '24:00'}]}]
        receivers: [{name: team}]
        """;
    try (Harness h = new Harness(yaml, true)) {
      h.post(h.alert(disk("a"), 0, Alert.ZERO));
      h.post(h.alert(Labels.of("alertname", "Other"), 0, Alert.ZERO));
      h.scheduler.advance(10_000);
      assertThat(h.sent).extracting(Harness.Sent::groupKey).containsExactly("{}:{}");
    }
  }

  @Test
  void start_readsAlertsFromTheStoreSubscription() throws Exception {
    try (Harness h = new Harness(BASE, true)) {
      h.store.put(List.of(h.alert(disk("a"), 0, Alert.ZERO)));
      h.dispatcher.start();
      for (int i = 0; i < 500 && h.dispatcher.groups().isEmpty(); i++) {
        Thread.sleep(10);
      }
      assertThat(h.dispatcher.groups())
          .singleElement()
          .satisfies(g -> assertThat(g.alerts()).hasSize(1));
    }
  }
}
