package io.argus.alertmanager.silence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.alertmanager.alert.Alert;
import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.testkit.ManualClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SilencesTest {
  private static final long START_MS = 1_767_225_600_000L;
  private static final Duration RETENTION = Duration.ofHours(120);

  private final ManualClock clock = new ManualClock(START_MS);
  private final AtomicInteger ids = new AtomicInteger();
  private final Silences silences =
      new Silences(clock, RETENTION, null, () -> "id-" + ids.incrementAndGet());

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  private Instant in(long sec) {
    return now().plusSeconds(sec);
  }

  private static Silence silence(String id, List<Matcher> ms, Instant start, Instant end) {
    return new Silence(id, ms, start, end, Alert.ZERO, "me", "because");
  }

  private static final List<Matcher> JOB_API = List.of(Matcher.equal("job", "api"));

  @Test
  void set_newSilenceGetsIdAndNeverStartsInThePast() throws Exception {
    String id = silences.set(silence("", JOB_API, in(-60), in(3600)));
    assertThat(id).isEqualTo("id-1");
    Silence s = silences.get(id).orElseThrow();
    assertThat(s.startsAt()).isEqualTo(now());
    assertThat(s.updatedAt()).isEqualTo(now());
    assertThat(s.state(now())).isEqualTo(SilenceState.ACTIVE);
    assertThat(s.createdBy()).isEqualTo("me");
  }

  @Test
  void set_defaultIdsAreRandomUuids() throws Exception {
    Silences real = new Silences(clock, RETENTION, null);
    String id = real.set(silence("", JOB_API, in(0), in(60)));
    assertThat(java.util.UUID.fromString(id).version()).isEqualTo(4);
  }

  @Test
  void set_unknownIdIsNotFound() {
    assertThatThrownBy(() -> silences.set(silence("nope", JOB_API, in(0), in(60))))
        .isInstanceOfSatisfying(
            SilenceException.class,
            e -> assertThat(e.kind()).isEqualTo(SilenceException.Kind.NOT_FOUND))
        .hasMessage("silence not found");
  }

  @Test
  void validate_reportsUpstreamMessages() {
    assertInvalid(silence("", List.of(), in(0), in(60)), "at least one matcher required");
    assertInvalid(
        silence("", List.of(Matcher.equal("bad-name", "x")), in(0), in(60)),
        "invalid label matcher 0: invalid label name \"bad-name\"");
    assertInvalid(
        silence("", List.of(Matcher.equal("a", ""), Matcher.regex("b", "x*")), in(0), in(60)),
        "at least one matcher must not match the empty string");
    assertInvalid(silence("", JOB_API, in(0), Alert.ZERO), "invalid zero end timestamp");
    assertInvalid(silence("", JOB_API, in(60), in(0)), "end time must not be before start time");
  }

  @Test
  void validate_negativeMatchersMayMatchEmptyAsUpstream025() throws Exception {
    // Upstream only counts = and =~ as matching the empty string.
    silences.set(silence("", List.of(Matcher.notEqual("job", "api")), in(0), in(60)));
    assertThat(silences.size()).isEqualTo(1);
  }

  private void assertInvalid(Silence s, String reason) {
    assertThatThrownBy(() -> silences.set(s))
        .isInstanceOfSatisfying(
            SilenceException.class,
            e -> assertThat(e.kind()).isEqualTo(SilenceException.Kind.INVALID))
        .hasMessage("silence invalid: " + reason);
    assertThat(silences.size()).isZero();
  }

  @Test
  void set_zeroStartMeansNow() throws Exception {
    String id = silences.set(silence("", JOB_API, Alert.ZERO, in(60)));
    assertThat(silences.get(id).orElseThrow().startsAt()).isEqualTo(now());
  }

  @Test
  void update_activeSilenceInPlaceWhenStartSecondAndMatchersKept() throws Exception {
    String id = silences.set(silence("", JOB_API, in(0), in(3600)));
    Silence s = silences.get(id).orElseThrow();
    clock.advanceMillis(10_000);
    Silence changed = new Silence(id, JOB_API, s.startsAt(), in(7200), Alert.ZERO, "you", "longer");
    assertThat(silences.set(changed)).isEqualTo(id);
    Silence now = silences.get(id).orElseThrow();
    assertThat(now.endsAt()).isEqualTo(in(7200));
    assertThat(now.comment()).isEqualTo("longer");
    assertThat(now.updatedAt()).isEqualTo(now());
    assertThat(silences.size()).isEqualTo(1);
  }

  @Test
  void update_pendingSilenceInPlaceWhenStartNotInPast() throws Exception {
    String id = silences.set(silence("", JOB_API, in(600), in(3600)));
    assertThat(silences.set(silence(id, JOB_API, in(300), in(3600)))).isEqualTo(id);
    assertThat(silences.get(id).orElseThrow().startsAt()).isEqualTo(in(300));
  }

  @Test
  void update_changedMatchersReplacesAndExpiresOld() throws Exception {
    String id = silences.set(silence("", JOB_API, in(0), in(3600)));
    clock.advanceMillis(5_000);
    List<Matcher> other = List.of(Matcher.regex("job", "api|web"));
    String newId = silences.set(silence(id, other, in(-5), in(3600)));
    assertThat(newId).isNotEqualTo(id);
    Silence old = silences.get(id).orElseThrow();
    assertThat(old.endsAt()).isEqualTo(now());
    clock.advanceMillis(1);
    assertThat(old.state(now())).isEqualTo(SilenceState.EXPIRED);
    assertThat(silences.get(newId).orElseThrow().matchers()).isEqualTo(other);
  }

  @Test
  void update_activeSilenceWithOtherStartReplaces() throws Exception {
    String id = silences.set(silence("", JOB_API, in(0), in(3600)));
    clock.advanceMillis(5_000);
    String newId = silences.set(silence(id, JOB_API, in(10), in(3600)));
    assertThat(newId).isNotEqualTo(id);
    assertThat(silences.get(newId).orElseThrow().startsAt()).isEqualTo(in(10));
  }

  @Test
  void update_pendingSilenceMovedIntoThePastReplaces() throws Exception {
    String id = silences.set(silence("", JOB_API, in(600), in(3600)));
    String newId = silences.set(silence(id, JOB_API, in(-60), in(3600)));
    assertThat(newId).isNotEqualTo(id);
    // The pending original is expired by setting start and end to now.
    Silence old = silences.get(id).orElseThrow();
    assertThat(old.startsAt()).isEqualTo(now());
    assertThat(old.endsAt()).isEqualTo(now());
    assertThat(silences.get(newId).orElseThrow().startsAt()).isEqualTo(now());
  }

  @Test
  void update_expiredSilenceCreatesNewAndLeavesOldAlone() throws Exception {
    String id = silences.set(silence("", JOB_API, in(0), in(60)));
    clock.advanceMillis(120_000);
    Silence expiredBefore = silences.get(id).orElseThrow();
    String newId = silences.set(silence(id, JOB_API, in(0), in(600)));
    assertThat(newId).isNotEqualTo(id);
    assertThat(silences.get(id).orElseThrow()).isEqualTo(expiredBefore);
  }

  @Test
  void update_invalidReplacementChangesNothing() throws Exception {
    String id = silences.set(silence("", JOB_API, in(0), in(3600)));
    assertThatThrownBy(() -> silences.set(silence(id, List.of(), in(0), in(60))))
        .isInstanceOf(SilenceException.class);
    assertThat(silences.get(id).orElseThrow().state(now())).isEqualTo(SilenceState.ACTIVE);
    assertThat(silences.size()).isEqualTo(1);
  }

  @Test
  void expire_movesEachStateToExpired() throws Exception {
    String active = silences.set(silence("", JOB_API, in(0), in(3600)));
    String pending = silences.set(silence("", JOB_API, in(600), in(3600)));
    clock.advanceMillis(1_000);
    silences.expire(active);
    silences.expire(pending);
    Instant expiredAt = now();
    clock.advanceMillis(1);
    assertThat(silences.get(active).orElseThrow().endsAt()).isEqualTo(expiredAt);
    assertThat(silences.get(active).orElseThrow().state(now())).isEqualTo(SilenceState.EXPIRED);
    Silence p = silences.get(pending).orElseThrow();
    assertThat(p.startsAt()).isEqualTo(expiredAt);
    assertThat(p.state(now())).isEqualTo(SilenceState.EXPIRED);

    Silence before = silences.get(active).orElseThrow();
    silences.expire(active);
    assertThat(silences.get(active).orElseThrow()).isEqualTo(before);
    assertThatThrownBy(() -> silences.expire("missing")).hasMessage("silence not found");
  }

  @Test
  void state_followsTheClock() throws Exception {
    String id = silences.set(silence("", JOB_API, in(60), in(120)));
    Silence s = silences.get(id).orElseThrow();
    assertThat(s.state(now())).isEqualTo(SilenceState.PENDING);
    assertThat(s.state(in(60))).isEqualTo(SilenceState.ACTIVE);
    assertThat(s.state(in(120))).isEqualTo(SilenceState.ACTIVE);
    assertThat(s.state(in(121))).isEqualTo(SilenceState.EXPIRED);
    assertThat(silences.count(SilenceState.PENDING)).isEqualTo(1);
    clock.advanceMillis(90_000);
    assertThat(silences.count(SilenceState.ACTIVE)).isEqualTo(1);
    clock.advanceMillis(90_000);
    assertThat(silences.count(SilenceState.EXPIRED)).isEqualTo(1);
  }

  @Test
  void query_filtersByIdsStatesLabelsAndVersion() throws Exception {
    String a = silences.set(silence("", JOB_API, in(0), in(3600)));
    long v = silences.version();
    String b = silences.set(silence("", List.of(Matcher.regex("job", "w.*")), in(600), in(3600)));
    String c =
        silences.set(silence("", List.of(Matcher.notRegex("job", "api|web")), in(0), in(3600)));

    assertThat(ids(SilenceQuery.ALL)).containsExactlyInAnyOrder(a, b, c);
    assertThat(ids(SilenceQuery.ALL.withIds(List.of(b, "missing")))).containsExactly(b);
    assertThat(ids(SilenceQuery.ALL.withStates(SilenceState.PENDING))).containsExactly(b);
    assertThat(ids(SilenceQuery.ALL.withMatching(Labels.of("job", "api")))).containsExactly(a);
    assertThat(ids(SilenceQuery.ALL.withMatching(Labels.of("job", "web")))).containsExactly(b);
    assertThat(ids(SilenceQuery.ALL.withMatching(Labels.of("job", "db")))).containsExactly(c);
    assertThat(ids(SilenceQuery.ALL.withMatching(Labels.of("x", "y")))).containsExactly(c);
    assertThat(ids(SilenceQuery.ALL.withSinceVersion(v))).containsExactlyInAnyOrder(b, c);
    assertThat(silences.query(SilenceQuery.ALL).version()).isEqualTo(silences.version());
  }

  @Test
  void matchers_areAnchoredAndTreatAbsentLabelsAsEmpty() throws Exception {
    String eq = silences.set(silence("", List.of(Matcher.equal("a", "x")), in(0), in(60)));
    String ne =
        silences.set(
            silence(
                "", List.of(Matcher.notEqual("a", "x"), Matcher.equal("k", "1")), in(0), in(60)));
    String re = silences.set(silence("", List.of(Matcher.regex("a", "x|y")), in(0), in(60)));
    String nre =
        silences.set(
            silence(
                "", List.of(Matcher.notRegex("a", "x.*"), Matcher.equal("k", "1")), in(0), in(60)));

    assertThat(ids(SilenceQuery.ALL.withMatching(Labels.of("a", "x", "k", "1"))))
        .containsExactlyInAnyOrder(eq, re);
    assertThat(ids(SilenceQuery.ALL.withMatching(Labels.of("a", "xyz", "k", "1"))))
        .containsExactlyInAnyOrder(ne);
    assertThat(ids(SilenceQuery.ALL.withMatching(Labels.of("k", "1"))))
        .containsExactlyInAnyOrder(ne, nre);
    assertThat(ids(SilenceQuery.ALL.withMatching(Labels.of("a", "y", "k", "1"))))
        .containsExactlyInAnyOrder(ne, re, nre);
  }

  @Test
  void gc_dropsSilencesRetentionAfterTheirEnd() throws Exception {
    silences.set(silence("", JOB_API, in(0), in(60)));
    silences.set(silence("", JOB_API, in(0), in(7200)));
    clock.advanceMillis(60_000 + RETENTION.toMillis() - 1);
    assertThat(silences.gc()).isZero();
    clock.advanceMillis(1);
    assertThat(silences.gc()).isEqualTo(1);
    assertThat(silences.size()).isEqualTo(1);
  }

  @Test
  void limits_refuseNewSilencesButAllowUpdates() throws Exception {
    silences.setLimits(1, 0);
    String id = silences.set(silence("", JOB_API, in(0), in(60)));
    assertThatThrownBy(() -> silences.set(silence("", JOB_API, in(0), in(60))))
        .hasMessage("exceeded maximum number of silences: 1 (limit: 1)");
    Silence s = silences.get(id).orElseThrow();
    silences.set(new Silence(id, JOB_API, s.startsAt(), in(120), Alert.ZERO, "me", "x"));

    silences.setLimits(0, 40);
    Silence big = new Silence("", JOB_API, in(0), in(60), Alert.ZERO, "me", "x".repeat(100));
    assertThatThrownBy(() -> silences.set(big))
        .hasMessageStartingWith("silence exceeded maximum size: ")
        .hasMessageEndingWith(" bytes (limit: 40 bytes)");
  }

  @Test
  void merge_lastWriterWinsAndIgnoresExpired() throws Exception {
    String id = silences.set(silence("", JOB_API, in(0), in(3600)));
    Silence local = silences.get(id).orElseThrow();
    Instant exp = local.endsAt().plus(RETENTION);

    Silence older = local.withUpdatedAt(local.updatedAt().minusSeconds(1)).withTimes(in(0), in(1));
    Silence same = local.withTimes(in(0), in(2));
    Silence newer = local.withUpdatedAt(local.updatedAt().plusSeconds(1)).withTimes(in(0), in(9));
    assertThat(silences.merge(List.of(new SilenceEntry(older, exp)))).isEmpty();
    assertThat(silences.merge(List.of(new SilenceEntry(same, exp)))).isEmpty();
    assertThat(silences.get(id).orElseThrow()).isEqualTo(local);
    long v = silences.version();
    assertThat(silences.merge(List.of(new SilenceEntry(newer, exp))))
        .containsExactly(new SilenceEntry(newer, exp));
    assertThat(silences.get(id).orElseThrow()).isEqualTo(newer);
    assertThat(silences.version()).isGreaterThan(v);

    Silence gone = silence("other", JOB_API, in(-100), in(-50)).withUpdatedAt(now());
    assertThat(silences.merge(List.of(new SilenceEntry(gone, now().minusMillis(1))))).isEmpty();
    assertThat(silences.get("other")).isEmpty();
  }

  @Test
  void listeners_seeLocalChangesOnly() throws Exception {
    List<SilenceEntry> seen = new ArrayList<>();
    List<byte[]> encoded = new ArrayList<>();
    silences.addListener(seen::add);
    silences.onLocalChange(encoded::add);
    String id = silences.set(silence("", JOB_API, in(0), in(60)));
    silences.expire(id);
    Silence remote = silence("r", JOB_API, in(0), in(60)).withUpdatedAt(now());
    silences.merge(List.of(new SilenceEntry(remote, in(1000))));

    assertThat(seen).extracting(e -> e.silence().id()).containsExactly(id, id);
    assertThat(seen.get(0).expiresAt()).isEqualTo(in(60).plus(RETENTION));
    assertThat(encoded).hasSize(2);
    assertThat(SilenceCodec.decode(encoded.get(1))).containsExactly(seen.get(1));
  }

  @Test
  void replicatedState_mergeReturnsOnlyWhatChanged() throws Exception {
    Silences peer = new Silences(clock, RETENTION, null, () -> "peer-" + ids.incrementAndGet());
    peer.set(silence("", JOB_API, in(0), in(60)));
    byte[] full = peer.encodeState();
    byte[] changed = silences.merge(full);
    assertThat(SilenceCodec.decode(changed)).isEqualTo(peer.entries());
    assertThat(silences.merge(full)).isEmpty();
    assertThat(silences.key()).isEqualTo("sil");
  }

  @Test
  void metrics_useUpstreamNames() throws Exception {
    PrometheusRegistry reg = new PrometheusRegistry();
    Silences s = new Silences(clock, RETENTION, reg);
    s.set(silence("", JOB_API, in(0), in(60)));
    s.set(silence("", JOB_API, in(30), in(60)));
    s.query(SilenceQuery.ALL);
    List<String> names = reg.scrape().stream().map(m -> m.getMetadata().getName()).toList();
    assertThat(names)
        .contains(
            "alertmanager_silences",
            "alertmanager_silences_gc_duration_seconds",
            "alertmanager_silences_snapshot_duration_seconds",
            "alertmanager_silences_snapshot_size_bytes",
            "alertmanager_silences_queries",
            "alertmanager_silences_query_errors",
            "alertmanager_silences_query_duration_seconds",
            "alertmanager_silences_gossip_messages_propagated");
    GaugeSnapshot g =
        (GaugeSnapshot)
            reg.scrape().stream()
                .filter(m -> m.getMetadata().getName().equals("alertmanager_silences"))
                .findFirst()
                .orElseThrow();
    assertThat(g.getDataPoints())
        .anySatisfy(
            d -> {
              assertThat(d.getLabels().get("state")).isEqualTo("pending");
              assertThat(d.getValue()).isEqualTo(1);
            });
  }

  private List<String> ids(SilenceQuery q) {
    return silences.query(q).silences().stream().map(Silence::id).toList();
  }
}
