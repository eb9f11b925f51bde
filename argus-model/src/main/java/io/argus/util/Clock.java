package io.argus.util;

/**
 * The source of wall-clock time and of monotonic durations, injected into every component so
 * that tests can control time. Implementations are thread-safe.
 */
public interface Clock {
  /** The system clock. */
  Clock SYSTEM = new Clock() {
    @Override
    public long millis() {
      return System.currentTimeMillis();
    }

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }
  };

  /** Returns the wall-clock time in Unix milliseconds. */
  long millis();

  /** Returns a monotonic reading in nanoseconds, only meaningful as a difference. */
  long nanoTime();
}
