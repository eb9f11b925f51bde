package io.argus.scrape.discovery;

import io.argus.util.Cancellation;
import io.argus.util.Clock;

/** A {@link Waiter} measuring intervals on a {@link Clock}'s monotonic reading. */
final class ClockWaiter implements Waiter {
  private final Clock clock;
  private final long pollNanos;

  ClockWaiter(Clock clock, long pollMs) {
    this.clock = clock;
    this.pollNanos = pollMs * 1_000_000L;
  }

  @Override
  public boolean await(Wakeup wakeup, long intervalMs, Cancellation c) {
    long start = clock.nanoTime();
    long intervalNanos =
        intervalMs >= Long.MAX_VALUE / 1_000_000L ? Long.MAX_VALUE : intervalMs * 1_000_000L;
    while (true) {
      c.check();
      if (wakeup.consume()) {
        return true;
      }
      long remaining = intervalNanos - (clock.nanoTime() - start);
      if (remaining <= 0) {
        return false;
      }
      try {
        wakeup.awaitRaised(Math.min(remaining, pollNanos));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Cancellation.CancelledException("interrupted");
      }
    }
  }
}
