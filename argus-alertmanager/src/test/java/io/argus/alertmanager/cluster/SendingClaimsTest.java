package io.argus.alertmanager.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.alertmanager.nflog.ReceiverKey;
import io.argus.alertmanager.state.CorruptStateException;
import io.argus.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SendingClaimsTest {
  private static final ReceiverKey R = new ReceiverKey("team", "webhook", 0);
  private final ManualClock clock = new ManualClock(1_767_225_600_000L);
  private final SendingClaims a = new SendingClaims(clock, "A");
  private final SendingClaims b = new SendingClaims(clock, "B");

  private List<byte[]> wire(SendingClaims s) {
    List<byte[]> out = new ArrayList<>();
    s.onLocalChange(out::add);
    return out;
  }

  @Test
  void merge_claimAndReleaseTravelAsDeltas() throws Exception {
    List<byte[]> fromA = wire(a);
    SendingClaims.Claim c = a.claim("g", R, Duration.ofSeconds(30));
    assertThat(b.merge(fromA.getFirst())).isNotEmpty();
    assertThat(b.otherActiveClaim("g", R)).get().extracting(SendingClaims.ClaimEntry::holder)
        .isEqualTo("A");
    assertThat(b.otherActiveClaim("g", new ReceiverKey("team", "webhook", 1))).isEmpty();
    clock.advanceMillis(5);
    c.release();
    c.release(); // idempotent
    assertThat(fromA).hasSize(2);
    assertThat(b.merge(fromA.get(1))).isNotEmpty();
    assertThat(b.otherActiveClaim("g", R)).isEmpty();
    // a stale copy of the claim does not resurrect it
    assertThat(b.merge(fromA.getFirst())).isEmpty();
    assertThat(b.otherActiveClaim("g", R)).isEmpty();
  }

  @Test
  void otherActiveClaim_expiredOrOfAnotherMemberSetDoesNotCount() throws Exception {
    List<byte[]> fromA = wire(a);
    a.claim("g", R, Duration.ofSeconds(10));
    b.merge(fromA.getFirst());
    b.setMembership(Set.of("B")::contains);
    assertThat(b.otherActiveClaim("g", R)).isEmpty();
    b.setMembership(Set.of("A", "B")::contains);
    assertThat(b.otherActiveClaim("g", R)).isPresent();
    clock.advanceMillis(10_000);
    assertThat(b.otherActiveClaim("g", R)).isEmpty();
    assertThat(b.awaitNoOtherClaim("g", R, Duration.ZERO)).isTrue();
    assertThat(b.gc()).isEqualTo(1);
    assertThat(b.merge(fromA.getFirst())).isEmpty(); // expired entries are not taken
  }

  @Test
  void awaitNoOtherClaim_timesOutWhileTheClaimLives() throws Exception {
    List<byte[]> fromA = wire(a);
    a.claim("g", R, Duration.ofMinutes(5));
    b.merge(fromA.getFirst());
    assertThat(b.awaitNoOtherClaim("g", R, Duration.ofMillis(30))).isFalse();
  }

  @Test
  void decode_rejectsTruncatedData() {
    byte[] enc = a.encodeState();
    assertThat(enc).isEmpty();
    a.claim("g", R, Duration.ofSeconds(1));
    byte[] full = a.encodeState();
    byte[] cut = java.util.Arrays.copyOf(full, full.length - 3);
    assertThatThrownBy(() -> b.merge(cut)).isInstanceOf(CorruptStateException.class);
    assertThatThrownBy(() -> a.claim("g", R, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
