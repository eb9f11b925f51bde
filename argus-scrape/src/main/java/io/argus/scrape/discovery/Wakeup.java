package io.argus.scrape.discovery;

/**
 * A latch-like flag that one thread raises to cut short another thread's {@link Waiter#await} (for
 * example when a watched file changed). Raising several times before the waiter looks counts once.
 * Thread-safe.
 */
public final class Wakeup {
  private boolean raised;

  /** Raises the flag and wakes a thread waiting on it. */
  public synchronized void raise() {
    raised = true;
    notifyAll();
  }

  /** Returns whether the flag was raised since the last call, and lowers it. */
  public synchronized boolean consume() {
    boolean was = raised;
    raised = false;
    return was;
  }

  /**
   * Blocks until the flag is raised or {@code timeoutNanos} pass, without lowering it.
   *
   * @throws InterruptedException if the thread is interrupted
   */
  public synchronized void awaitRaised(long timeoutNanos) throws InterruptedException {
    if (!raised && timeoutNanos > 0) {
      long ms = timeoutNanos / 1_000_000L;
      int nanos = (int) (timeoutNanos % 1_000_000L);
      wait(ms, nanos);
    }
  }
}
