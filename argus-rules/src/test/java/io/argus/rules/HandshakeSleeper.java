package io.argus.rules;

import io.argus.scrape.Sleeper;
import io.argus.testkit.ManualClock;
import io.argus.util.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A {@link Sleeper} the test steps through: a thread that must wait blocks until the test sees it
 * with {@link #awaitSleeper()} and lets it go with {@link #proceed()}, which moves the manual clock
 * to its deadline. A deadline already reached returns at once.
 */
final class HandshakeSleeper implements Sleeper {
  /** How many 10 ms waits a test waits for a loop to go to sleep before failing. */
  private static final int MAX_WAITS = 2_000;

  private final ManualClock clock;
  private final List<long[]> sleeping = new ArrayList<>();

  HandshakeSleeper(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized void sleepUntil(Clock ignored, long deadlineNanos, CountDownLatch wake)
      throws InterruptedException {
    if (clock.nanoTime() >= deadlineNanos) {
      return;
    }
    long[] entry = {deadlineNanos, 0};
    sleeping.add(entry);
    notifyAll();
    try {
      while (entry[1] == 0 && wake.getCount() > 0) {
        wait(10);
      }
    } finally {
      sleeping.remove(entry);
      notifyAll();
    }
  }

  /** Waits until some thread sleeps and returns the earliest deadline (monotonic nanos). */
  synchronized long awaitSleeper() throws InterruptedException {
    for (int i = 0; sleeping.isEmpty(); i++) {
      if (i == MAX_WAITS) {
        throw new AssertionError("no loop went to sleep");
      }
      wait(10);
    }
    return earliest()[0];
  }

  /** Moves the clock to the earliest deadline and wakes that sleeper. */
  synchronized void proceed() throws InterruptedException {
    awaitSleeper();
    long[] e = earliest();
    clock.advanceToNanos(e[0]);
    e[1] = 1;
    notifyAll();
    for (int i = 0; sleeping.contains(e); i++) {
      if (i == MAX_WAITS) {
        throw new AssertionError("sleeper did not wake");
      }
      wait(10);
    }
  }

  /** Wall-clock ms the earliest sleeper wakes at. */
  synchronized long awaitSleeperWallMillis() throws InterruptedException {
    long deadline = awaitSleeper();
    return clock.millis() + (deadline - clock.nanoTime()) / 1_000_000L;
  }

  private long[] earliest() {
    return sleeping.stream().min(Comparator.comparingLong(e -> e[0])).orElseThrow();
  }
}
