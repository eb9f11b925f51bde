package io.argus.alertmanager.silence;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.alertmanager.alert.Alert;
import io.argus.alertmanager.alert.AlertMarker;
import io.argus.alertmanager.alert.AlertState;
import io.argus.alertmanager.alert.Fingerprints;
import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SilencerTest {
  private final ManualClock clock = new ManualClock(1_767_225_600_000L);
  private final AtomicInteger ids = new AtomicInteger();
  private final Silences silences =
      new Silences(clock, Duration.ofHours(120), null, () -> "s" + ids.incrementAndGet());
  private final AlertMarker marker = new AlertMarker();
  private final Silencer silencer = new Silencer(silences, marker, clock);
  private final Labels api = Labels.of("alertname", "Down", "job", "api");
  private final long apiFp = Fingerprints.of(api);

  private Instant in(long sec) {
    return Instant.ofEpochMilli(clock.millis()).plusSeconds(sec);
  }

  private String silence(List<Matcher> ms, long startSec, long endSec) throws SilenceException {
    return silences.set(new Silence("", ms, in(startSec), in(endSec), Alert.ZERO, "t", "c"));
  }

  @Test
  void mutes_activeMatchingSilenceAndMarksTheAlert() throws Exception {
    assertThat(silencer.mutes(api)).isFalse();
    assertThat(marker.status(apiFp).state()).isEqualTo(AlertState.ACTIVE);

    String id = silence(List.of(Matcher.equal("job", "api")), 0, 600);
    assertThat(silencer.mutes(api)).isTrue();
    assertThat(marker.status(apiFp).silencedBy()).containsExactly(id);
    assertThat(marker.status(apiFp).state()).isEqualTo(AlertState.SUPPRESSED);
    assertThat(silencer.mutes(Labels.of("alertname", "Down", "job", "web"))).isFalse();
  }

  @Test
  void mutes_pendingSilenceOnlyOnceItStarts() throws Exception {
    silence(List.of(Matcher.regex("job", "a.i")), 60, 600);
    assertThat(silencer.mutes(api)).isFalse();
    // No store change since: the cached pending silence is re-examined as time passes.
    clock.advanceMillis(60_000);
    assertThat(silencer.mutes(api)).isTrue();
  }

  @Test
  void mutes_stopsWhenTheSilenceExpires() throws Exception {
    String id = silence(List.of(Matcher.equal("job", "api")), 0, 600);
    assertThat(silencer.mutes(api)).isTrue();
    silences.expire(id);
    clock.advanceMillis(1);
    assertThat(silencer.mutes(api)).isFalse();
    assertThat(marker.status(apiFp).silencedBy()).isEmpty();
    assertThat(marker.status(apiFp).state()).isEqualTo(AlertState.ACTIVE);
  }

  @Test
  void mutes_seesSilencesAddedAfterTheCachedVersion() throws Exception {
    String first = silence(List.of(Matcher.equal("job", "api")), 0, 600);
    assertThat(silencer.mutes(api)).isTrue();
    silence(List.of(Matcher.equal("job", "web")), 0, 600);
    String third = silence(List.of(Matcher.notEqual("alertname", "Up")), 0, 600);
    assertThat(silencer.mutes(api)).isTrue();
    assertThat(marker.status(apiFp).silencedBy()).containsExactlyInAnyOrder(first, third);
    assertThat(marker.status(apiFp).silencedBy()).isSorted();
  }

  @Test
  void mutes_dropsACachedSilenceWhoseMatchersAPeerChanged() throws Exception {
    String id = silence(List.of(Matcher.equal("job", "api")), 0, 600);
    assertThat(silencer.mutes(api)).isTrue();
    Silence s = silences.get(id).orElseThrow();
    Silence changed =
        new Silence(
            id,
            List.of(Matcher.equal("job", "db")),
            s.startsAt(),
            s.endsAt(),
            s.updatedAt().plusMillis(1),
            "peer",
            "");
    silences.merge(List.of(new SilenceEntry(changed, s.endsAt().plus(Duration.ofHours(1)))));
    assertThat(silencer.mutes(api)).isFalse();
  }

  @Test
  void forget_dropsTheCacheEntry() throws Exception {
    silencer.mutes(api);
    assertThat(silencer.cacheSize()).isEqualTo(1);
    silencer.forget(apiFp);
    assertThat(silencer.cacheSize()).isZero();
  }
}
