package io.argus.alertmanager.notify;

/**
 * Waits between retries and for the cluster position. The real one sleeps the thread; tests pass
 * one that advances a manual clock. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Sleeper {
  /** Sleeps the thread. */
  Sleeper THREAD = millis -> Thread.sleep(Math.max(0, millis));

  /** Waits {@code millis} ms (0 or less returns at once). */
  void sleep(long millis) throws InterruptedException;
}
