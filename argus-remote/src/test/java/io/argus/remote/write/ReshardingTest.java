package io.argus.remote.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ReshardingTest {
  private static Resharding.Observed observed(
      double in, double out, double dropped, double sendSeconds, double delaySeconds) {
    return new Resharding.Observed(in, out, dropped, sendSeconds, 1_000 + delaySeconds, 1_000);
  }

  @Test
  void desiredShards_scalesUpWithSendTimePerSample() {
    // 8192 samples/s in and out, 4 s of sending per second: 4 shards busy.
    assertThat(Resharding.desiredShards(observed(8192, 8192, 0, 4, 0), 1, 1, 50)).isEqualTo(4);
  }

  @Test
  void desiredShards_keepsCountWithinThirtyPercentTolerance() {
    // Demand 4.5 -> 5 shards; 4 * 1.3 = 5.2 tolerates it.
    assertThat(Resharding.desiredShards(observed(8192, 8192, 0, 4.5, 0), 4, 1, 50)).isEqualTo(4);
    // Demand 5.3 -> 6 shards, outside the band.
    assertThat(Resharding.desiredShards(observed(8192, 8192, 0, 5.3, 0), 4, 1, 50)).isEqualTo(6);
  }

  @Test
  void desiredShards_addsFivePercentOfBacklogPerSecond() {
    // 100 s behind at 1024 samples/s: 102400 pending, 5120/s catch-up on top of 1024/s in,
    // 1/1024 s per sample -> 6 shards.
    assertThat(Resharding.desiredShards(observed(1024, 1024, 0, 1, 100), 1, 1, 50)).isEqualTo(6);
  }

  @Test
  void desiredShards_clampsToMinAndMax() {
    assertThat(Resharding.desiredShards(observed(100_000, 1_000, 0, 1, 0), 2, 1, 10)).isEqualTo(10);
    assertThat(Resharding.desiredShards(observed(10, 1_000, 0, 0.001, 0), 8, 3, 10)).isEqualTo(3);
  }

  @Test
  void desiredShards_neverScalesDownWhenMoreThanTenSecondsBehind() {
    assertThat(Resharding.desiredShards(observed(10, 1_000, 0, 0.001, 11), 8, 1, 10)).isEqualTo(8);
  }

  @Test
  void desiredShards_keepsCountWhenNothingWasSent() {
    assertThat(Resharding.desiredShards(observed(10_000, 0, 0, 0, 50), 3, 1, 10)).isEqualTo(3);
    assertThat(Resharding.demand(observed(10_000, 0, 0, 0, 50))).isNaN();
  }

  @Test
  void desiredShards_discountsDroppedSamples() {
    // Half of what comes in is dropped by relabelling: only 4096/s need sending.
    assertThat(Resharding.desiredShards(observed(8192, 4096, 4096, 2, 0), 1, 1, 50)).isEqualTo(2);
  }

  @Test
  void shouldReshard_onlyAfterRecentSuccessAndOutsideRetryPause() {
    assertThat(Resharding.shouldReshard(3, 3, 1_000, 1_000, 0)).isFalse();
    assertThat(Resharding.shouldReshard(4, 3, 1_000, 995, 0)).isTrue();
    assertThat(Resharding.shouldReshard(4, 3, 1_000, 989, 0)).isFalse();
    assertThat(Resharding.shouldReshard(4, 3, 1_000, 1_000, 1_001)).isFalse();
    assertThat(Resharding.shouldReshard(4, 3, 1_000, 1_000, 1_000)).isTrue();
  }

  @Test
  void ewmaRate_firstTickSetsRateThenSmooths() {
    EwmaRate r = new EwmaRate(0.2, 10);
    r.tick();
    assertThat(r.rate()).isZero();
    r.add(1_000);
    r.tick();
    assertThat(r.rate()).isEqualTo(100);
    r.add(2_000);
    r.tick();
    assertThat(r.rate()).isCloseTo(120, within(1e-9));
    r.tick();
    assertThat(r.rate()).isCloseTo(96, within(1e-9));
  }
}
