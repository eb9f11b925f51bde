package io.argus.alertmanager.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MaintenanceTest {
  @Test
  void close_runsTheTaskOnceMoreAndOnlyOnce() {
    AtomicInteger runs = new AtomicInteger();
    Maintenance m = new Maintenance("test", 3_600_000, runs::incrementAndGet);
    assertThat(runs).hasValue(0);
    m.close();
    m.close();
    assertThat(runs).hasValue(1);
  }

  @Test
  void runOnce_reportsFailureAndKeepsGoing() {
    AtomicInteger runs = new AtomicInteger();
    try (Maintenance m =
        new Maintenance(
            "failing",
            3_600_000,
            () -> {
              if (runs.incrementAndGet() == 1) {
                throw new java.io.IOException("disk full");
              }
            })) {
      assertThat(m.runOnce()).isFalse();
      assertThat(m.runOnce()).isTrue();
    }
    assertThat(runs).hasValue(3);
  }

  @Test
  void constructor_rejectsNonPositiveInterval() {
    assertThatThrownBy(() -> new Maintenance("x", 0, () -> {}))
        .hasMessage("maintenance interval must be positive: 0");
  }
}
