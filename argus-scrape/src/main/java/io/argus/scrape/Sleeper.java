package io.argus.scrape;

import io.argus.util.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Waits until a {@link Clock#nanoTime()} reading; scrape loops pace themselves with it so tests can
 * drive them step by step. Implementations are thread-safe and return early when {@code wake} is
 * counted down (the loop is stopping).
 */
@FunctionalInterface
public interface Sleeper {
  /** Sleeps on the real clock. */
  Sleeper REAL =
      (clock, deadlineNanos, wake) -> {
        long left;
        while ((left = deadlineNanos - clock.nanoTime()) > 0) {
          if (wake.await(left, TimeUnit.NANOSECONDS)) {
            return;
          }
        }
      };

  /** Returns once {@code clock.nanoTime() >= deadlineNanos} or {@code wake} is open. */
  void sleepUntil(Clock clock, long deadlineNanos, CountDownLatch wake) throws InterruptedException;
}
