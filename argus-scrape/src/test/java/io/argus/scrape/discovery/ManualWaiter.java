package io.argus.scrape.discovery;

import io.argus.util.Cancellation;
import io.argus.util.Clock;

/**
 * A {@link Waiter} whose intervals end only when the test calls {@link #tick()}. It also counts how
 * often a loop entered {@link #await}, so a test can wait for a refresh round to complete.
 */
final class ManualWaiter implements Waiter {
  private static final long WAIT_BOUND_MS = 10_000;
  private long generation;
  private long entries;

  @Override
  public boolean await(Wakeup wakeup, long intervalMs, Cancellation c) {
    synchronized (this) {
      entries++;
      notifyAll();
      long seen = generation;
      while (true) {
        c.check();
        if (wakeup.consume()) {
          return true;
        }
        if (generation != seen) {
          return false;
        }
        try {
          wait(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new Cancellation.CancelledException("interrupted");
        }
      }
    }
  }

  /** Ends every current interval. */
  synchronized void tick() {
    generation++;
    notifyAll();
  }

  /** Returns how often {@link #await} was entered. */
  synchronized long entries() {
    return entries;
  }

  /** Blocks until {@link #await} has been entered at least {@code n} times, at most 10 s. */
  synchronized void awaitEntries(long n) throws InterruptedException {
    long deadline = Clock.SYSTEM.nanoTime() + WAIT_BOUND_MS * 1_000_000L;
    while (entries < n) {
      long left = deadline - Clock.SYSTEM.nanoTime();
      if (left <= 0) {
        throw new AssertionError("waiter entered " + entries + " times, expected " + n);
      }
      wait(Math.max(1, left / 1_000_000L));
    }
  }

  /** Ends the current interval of one loop and waits until it is back in {@link #await}. */
  void tickAndAwaitRound() throws InterruptedException {
    long before = entries();
    tick();
    awaitEntries(before + 1);
  }
}
