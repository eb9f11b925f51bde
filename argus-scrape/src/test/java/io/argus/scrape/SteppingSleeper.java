package io.argus.scrape;

import io.argus.testkit.ManualClock;
import io.argus.util.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * A {@link Sleeper} driven by the test: every waiting loop wakes once per {@link #tick()}, and the
 * manual clock jumps to the deadline it waited for.
 */
final class SteppingSleeper implements Sleeper {
  private final ManualClock clock;
  private final ThreadLocal<long[]> seen = ThreadLocal.withInitial(() -> new long[1]);
  private long generation;

  SteppingSleeper(ManualClock clock) {
    this.clock = clock;
  }

  /** Lets every waiting loop run one scrape. */
  synchronized void tick() {
    generation++;
    notifyAll();
  }

  @Override
  public void sleepUntil(Clock ignored, long deadlineNanos, CountDownLatch wake)
      throws InterruptedException {
    long[] mine = seen.get();
    synchronized (this) {
      while (generation <= mine[0]) {
        if (wake.getCount() == 0) {
          return;
        }
        // Bounded wait so that a stopping loop notices its latch.
        wait(20);
      }
      mine[0] = generation;
    }
    clock.advanceToNanos(deadlineNanos);
  }
}
