package io.argus.scrape.discovery;

import io.argus.util.Cancellation;
import io.argus.util.Clock;

/**
 * Paces refresh loops: waits for an interval, an early {@link Wakeup} or cancellation. Tests
 * substitute an implementation whose intervals end when the test says so. Thread-safe.
 */
public interface Waiter {
  /**
   * Blocks until {@code intervalMs} milliseconds have passed, {@code wakeup} has been raised
   * (consuming it), or {@code c} fires.
   *
   * @return true when woken by {@code wakeup}, false when the interval ran out
   * @throws Cancellation.CancelledException when {@code c} fired or the thread was interrupted
   */
  boolean await(Wakeup wakeup, long intervalMs, Cancellation c);

  /** Returns a waiter measuring intervals on {@code clock}, checking cancellation every 100 ms. */
  static Waiter system(Clock clock) {
    return new ClockWaiter(clock, 100);
  }
}
