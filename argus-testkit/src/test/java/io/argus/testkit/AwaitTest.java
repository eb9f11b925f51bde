package io.argus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
  @Test
  void until_returnsOnceTheConditionHolds_retryingThroughFailures() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    Await.until(
        "the third call",
        Duration.ofSeconds(30),
        () -> {
          int n = calls.incrementAndGet();
          if (n == 1) {
            throw new IllegalStateException("not up yet");
          }
          assertThat(n).isGreaterThan(2);
          return true;
        });
    assertThat(calls).hasValue(3);
  }

  @Test
  void until_timesOut_namingWhatWithDetailAndLastFailure() {
    assertThatThrownBy(
            () ->
                Await.until(
                    "the impossible",
                    Duration.ofMillis(120),
                    () -> {
                      throw new IllegalStateException("still down");
                    },
                    () -> "server said: no"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("waiting for the impossible")
        .hasMessageContaining("server said: no")
        .cause()
        .hasMessage("still down");
  }

  @Test
  void until_conditionFalse_timesOutWithoutCause() {
    assertThatThrownBy(() -> Await.until("never", Duration.ofMillis(60), () -> false))
        .isInstanceOf(AssertionError.class)
        .hasMessage("timed out after PT0.06S waiting for never")
        .hasNoCause();
  }
}
