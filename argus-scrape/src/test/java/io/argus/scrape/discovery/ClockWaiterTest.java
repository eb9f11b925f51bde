package io.argus.scrape.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.util.Cancellation;
import io.argus.util.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ClockWaiterTest {
  /** A clock that moves one second forward on every reading. */
  private static final class SteppingClock implements Clock {
    private final AtomicLong nanos = new AtomicLong();

    @Override
    public long millis() {
      return nanos.get() / 1_000_000L;
    }

    @Override
    public long nanoTime() {
      return nanos.getAndAdd(1_000_000_000L);
    }
  }

  @Test
  void await_returnsFalseWhenClockPassesInterval() {
    Waiter waiter = new ClockWaiter(new SteppingClock(), 1);
    assertThat(waiter.await(new Wakeup(), 2_500, Cancellation.NONE)).isFalse();
  }

  @Test
  void await_returnsTrueOnWakeupAndConsumesIt() {
    Waiter waiter = Waiter.system(new SteppingClock());
    Wakeup wakeup = new Wakeup();
    wakeup.raise();
    assertThat(waiter.await(wakeup, Long.MAX_VALUE, Cancellation.NONE)).isTrue();
    assertThat(wakeup.consume()).isFalse();
  }

  @Test
  void await_throwsWhenCancelled() {
    CancellationSignal signal = new CancellationSignal();
    signal.cancel();
    assertThatThrownBy(() -> Waiter.system(Clock.SYSTEM).await(new Wakeup(), 1_000, signal))
        .isInstanceOf(Cancellation.CancelledException.class);
  }
}
