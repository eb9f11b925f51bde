package io.argus.alertmanager.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Instant t(long sec) {
    return T0.plusSeconds(sec);
  }

  private static Alert alert(long start, long end, long updated, boolean timeout) {
    return new Alert(
        Labels.of("alertname", "A"),
        Map.of("summary", "u" + updated),
        start < 0 ? Alert.ZERO : t(start),
        end < 0 ? Alert.ZERO : t(end),
        "http://gen",
        t(updated),
        timeout);
  }

  @Test
  void resolvedAt_needsAnEndNotAfterTheTime() {
    Alert open = alert(0, -1, 0, false);
    assertThat(open.resolvedAt(t(1_000_000))).isFalse();
    Alert ending = alert(0, 100, 0, false);
    assertThat(ending.resolvedAt(t(99))).isFalse();
    assertThat(ending.resolvedAt(t(100))).isTrue();
    assertThat(ending.resolvedAt(t(101))).isTrue();
    assertThat(ending.status(t(99))).isEqualTo("firing");
    assertThat(ending.status(t(100))).isEqualTo("resolved");
  }

  @Test
  void forNotification_hidesAnEndNotYetReached() {
    Alert firing = alert(0, 300, 0, true);
    assertThat(firing.forNotification(t(299)).endsAt()).isEqualTo(Alert.ZERO);
    assertThat(firing.forNotification(t(299)).startsAt()).isEqualTo(t(0));
    assertThat(firing.forNotification(t(300))).isSameAs(firing);
  }

  @Test
  void merge_takesNewerVersionButEarliestStart() {
    Alert older = alert(10, 400, 10, true);
    Alert newer = alert(20, 500, 20, true);
    Alert m = older.merge(newer, t(30));
    assertThat(m.startsAt()).isEqualTo(t(10));
    assertThat(m.endsAt()).isEqualTo(t(500));
    assertThat(m.updatedAt()).isEqualTo(t(20));
    assertThat(m.annotations()).containsEntry("summary", "u20");
  }

  @Test
  void merge_isIndependentOfArgumentOrder() {
    Alert older = alert(10, 400, 10, false);
    Alert newer = alert(20, 300, 20, true);
    assertThat(older.merge(newer, t(30))).isEqualTo(newer.merge(older, t(30)));
  }

  @Test
  void merge_laterExplicitEndOfOlderBeatsTimeoutOfNewer() {
    Alert older = alert(10, 900, 10, false);
    Alert newer = alert(10, 320, 20, true);
    assertThat(older.merge(newer, t(30)).endsAt()).isEqualTo(t(900));
  }

  @Test
  void merge_laterTimeoutEndOfOlderDoesNotWin() {
    Alert older = alert(10, 900, 10, true);
    Alert newer = alert(10, 320, 20, false);
    assertThat(older.merge(newer, t(30)).endsAt()).isEqualTo(t(320));
  }

  @Test
  void merge_bothResolved_latestEndWins() {
    Alert older = alert(10, 25, 10, false);
    Alert newer = alert(10, 22, 20, false);
    assertThat(older.merge(newer, t(30)).endsAt()).isEqualTo(t(25));
  }

  @Test
  void merge_newerResolvedOlderFiring_newerEndWins() {
    Alert older = alert(10, 900, 10, false);
    Alert newer = alert(10, 22, 20, false);
    assertThat(older.merge(newer, t(30)).endsAt()).isEqualTo(t(22));
  }

  @Test
  void validate_reportsUpstreamMessages() {
    assertThatThrownBy(() -> alert(-1, -1, 0, false).validate())
        .isInstanceOf(InvalidAlertException.class)
        .hasMessage("start time missing");
    assertThatThrownBy(() -> alert(100, 50, 0, false).validate())
        .hasMessage("start time must be before end time");
    Alert noLabels = new Alert(Labels.EMPTY, Map.of(), t(0), Alert.ZERO, "", t(0), false);
    assertThatThrownBy(noLabels::validate).hasMessage("at least one label pair required");
    Alert badName =
        new Alert(Labels.of("bad-name", "x"), Map.of(), t(0), Alert.ZERO, "", t(0), false);
    assertThatThrownBy(badName::validate)
        .hasMessage("invalid label set: invalid name \"bad-name\"");
    Alert badValue =
        new Alert(Labels.of("a", "x\uD800"), Map.of(), t(0), Alert.ZERO, "", t(0), false);
    assertThatThrownBy(badValue::validate)
        .hasMessage("invalid label set: invalid value \"x\\ufffd\"");
    Alert badAnnotation =
        new Alert(Labels.of("a", "b"), Map.of("1x", "y"), t(0), Alert.ZERO, "", t(0), false);
    assertThatThrownBy(badAnnotation::validate)
        .hasMessage("invalid annotations: invalid name \"1x\"");
  }

  @Test
  void validate_acceptsWellFormedAlert() throws Exception {
    alert(0, 10, 0, false).validate();
    alert(0, 0, 0, false).validate();
  }

  @Test
  void ingestion_appliesUpstreamDefaults() {
    Instant now = t(1000);
    java.time.Duration rt = java.time.Duration.ofMinutes(5);
    Alert noTimes =
        AlertIngestion.prepare(
            Map.of("alertname", "A", "empty", ""), Map.of(), null, null, "", now, rt);
    assertThat(noTimes.startsAt()).isEqualTo(now);
    assertThat(noTimes.endsAt()).isEqualTo(now.plusSeconds(300));
    assertThat(noTimes.timeout()).isTrue();
    assertThat(noTimes.updatedAt()).isEqualTo(now);
    assertThat(noTimes.labels()).isEqualTo(Labels.of("alertname", "A"));

    Alert onlyEnd =
        AlertIngestion.prepare(Map.of("alertname", "A"), Map.of(), null, t(900), "", now, rt);
    assertThat(onlyEnd.startsAt()).isEqualTo(t(900));
    assertThat(onlyEnd.endsAt()).isEqualTo(t(900));
    assertThat(onlyEnd.timeout()).isFalse();
    assertThat(onlyEnd.resolvedAt(now)).isTrue();

    Alert onlyStart =
        AlertIngestion.prepare(Map.of("alertname", "A"), Map.of(), t(5), Alert.ZERO, "", now, rt);
    assertThat(onlyStart.startsAt()).isEqualTo(t(5));
    assertThat(onlyStart.timeout()).isTrue();
  }
}
