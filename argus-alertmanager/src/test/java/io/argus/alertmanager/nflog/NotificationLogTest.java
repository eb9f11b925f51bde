package io.argus.alertmanager.nflog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.testkit.ManualClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NotificationLogTest {
  private static final Duration RETENTION = Duration.ofHours(120);
  private final ManualClock clock = new ManualClock(1_767_225_600_000L);
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final NotificationLog nflog = new NotificationLog(clock, RETENTION, registry);
  private final ReceiverKey webhook = new ReceiverKey("team", "webhook", 0);
  private final String group = "{}:{alertname=\"HAProbe\"}";

  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  @Test
  void log_thenQueryReturnsTheEntry() {
    NflogEntry e =
        nflog
            .log(webhook, group, new long[] {3, 1, 3}, new long[] {7}, Duration.ZERO)
            .orElseThrow();
    NflogEntry got = nflog.query(group, webhook).orElseThrow();
    assertThat(got).isEqualTo(e);
    assertThat(got.firingAlerts()).containsExactly(1, 3);
    assertThat(got.resolvedAlerts()).containsExactly(7);
    assertThat(got.timestamp()).isEqualTo(now());
    assertThat(got.stateKey()).isEqualTo("{}:{alertname=\"HAProbe\"}:team/webhook/0");
    assertThat(nflog.query(group, new ReceiverKey("team", "webhook", 1))).isEmpty();
    assertThat(nflog.query("{}:{}", webhook)).isEmpty();
  }

  @Test
  void query_countsMissesAsErrorsLikeUpstream() {
    nflog.query(group, webhook);
    nflog.log(webhook, group, new long[] {1}, new long[0], Duration.ZERO);
    nflog.query(group, webhook);
    assertThatThrownBy(() -> nflog.query("", webhook))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no query parameters specified");
    assertThat(counter("alertmanager_nflog_queries")).isEqualTo(3);
    assertThat(counter("alertmanager_nflog_query_errors")).isEqualTo(2);
  }

  @Test
  void log_expiresAtShorterOfRetentionAndGivenExpiry() {
    NflogEntry shortLived =
        nflog.log(webhook, group, new long[] {1}, new long[0], Duration.ofHours(8)).orElseThrow();
    assertThat(shortLived.expiresAt()).isEqualTo(now().plus(Duration.ofHours(8)));
    NflogEntry capped =
        nflog.log(webhook, "g2", new long[] {1}, new long[0], Duration.ofHours(500)).orElseThrow();
    assertThat(capped.expiresAt()).isEqualTo(now().plus(RETENTION));
    NflogEntry none =
        nflog.log(webhook, "g3", new long[] {1}, new long[0], Duration.ZERO).orElseThrow();
    assertThat(none.expiresAt()).isEqualTo(now().plus(RETENTION));
  }

  @Test
  void log_keepsAnEntryFromTheFuture() {
    Instant future = now().plusSeconds(30);
    NflogEntry peer =
        new NflogEntry(group, webhook, future, new long[] {9}, new long[0], future.plusSeconds(60));
    nflog.merge(List.of(peer));
    assertThat(nflog.log(webhook, group, new long[] {1}, new long[0], Duration.ZERO)).isEmpty();
    assertThat(nflog.query(group, webhook).orElseThrow()).isEqualTo(peer);
  }

  @Test
  void gc_dropsExpiredEntries() {
    nflog.log(webhook, group, new long[] {1}, new long[0], Duration.ofMinutes(10));
    nflog.log(webhook, "g2", new long[] {1}, new long[0], Duration.ofMinutes(20));
    clock.advanceMillis(Duration.ofMinutes(10).toMillis() - 1);
    assertThat(nflog.gc()).isZero();
    clock.advanceMillis(1);
    assertThat(nflog.gc()).isEqualTo(1);
    assertThat(nflog.query(group, webhook)).isEmpty();
    assertThat(nflog.query("g2", webhook)).isPresent();
  }

  @Test
  void merge_newerTimestampWinsOlderAndExpiredAreIgnored() {
    NflogEntry local =
        nflog.log(webhook, group, new long[] {1}, new long[0], Duration.ZERO).orElseThrow();
    Instant exp = now().plusSeconds(3600);
    NflogEntry older =
        new NflogEntry(group, webhook, now().minusSeconds(1), new long[] {2}, new long[0], exp);
    NflogEntry tie = new NflogEntry(group, webhook, now(), new long[] {3}, new long[0], exp);
    NflogEntry newer =
        new NflogEntry(group, webhook, now().plusMillis(1), new long[] {4}, new long[0], exp);
    NflogEntry expired =
        new NflogEntry("g9", webhook, now(), new long[] {5}, new long[0], now().minusMillis(1));
    assertThat(nflog.merge(List.of(older, tie, expired))).isEmpty();
    assertThat(nflog.query(group, webhook).orElseThrow()).isEqualTo(local);
    assertThat(nflog.merge(List.of(newer))).containsExactly(newer);
    assertThat(nflog.query(group, webhook).orElseThrow()).isEqualTo(newer);
    assertThat(nflog.query("g9", webhook)).isEmpty();
  }

  @Test
  void subsets_compareHashSets() {
    NflogEntry e =
        nflog
            .log(webhook, group, new long[] {1, 2, 3}, new long[] {-5}, Duration.ZERO)
            .orElseThrow();
    assertThat(e.isFiringSubset(Set.of(1L, 3L))).isTrue();
    assertThat(e.isFiringSubset(Set.of())).isTrue();
    assertThat(e.isFiringSubset(Set.of(1L, 4L))).isFalse();
    assertThat(e.isResolvedSubset(Set.of(-5L))).isTrue();
    assertThat(e.isResolvedSubset(Set.of(1L))).isFalse();
  }

  @Test
  void replicatedState_reportsLocalWritesAndMergesPeerStates() throws Exception {
    List<byte[]> broadcast = new ArrayList<>();
    nflog.onLocalChange(broadcast::add);
    NflogEntry mine =
        nflog.log(webhook, group, new long[] {1}, new long[0], Duration.ZERO).orElseThrow();
    assertThat(broadcast).hasSize(1);
    assertThat(NflogCodec.decode(broadcast.get(0))).containsExactly(mine);

    NotificationLog peer = new NotificationLog(clock, RETENTION, null);
    clock.advanceMillis(5);
    NflogEntry theirs =
        peer.log(webhook, group, new long[] {1, 2}, new long[0], Duration.ZERO).orElseThrow();
    peer.log(webhook, "other", new long[] {3}, new long[0], Duration.ZERO);
    byte[] changed = nflog.merge(peer.encodeState());
    assertThat(NflogCodec.decode(changed)).hasSize(2).contains(theirs);
    assertThat(nflog.merge(peer.encodeState())).isEmpty();
    assertThat(broadcast).hasSize(1);
    assertThat(counter("alertmanager_nflog_gossip_messages_propagated")).isEqualTo(2);
    assertThat(nflog.key()).isEqualTo("nfl");
  }

  private double counter(String name) {
    return ((CounterSnapshot)
            registry.scrape().stream()
                .filter(s -> s.getMetadata().getName().equals(name))
                .findFirst()
                .orElseThrow())
        .getDataPoints()
        .get(0)
        .getValue();
  }
}
