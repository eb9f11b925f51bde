package io.argus.testkit;

import io.argus.util.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Clock} that only moves when a test moves it. Wall-clock and monotonic readings move
 * together. Thread-safe.
 */
public final class ManualClock implements Clock {
  private final AtomicLong nanos;
  private final long epochOffsetMs;

  /** Starts at {@code startMs} Unix milliseconds. */
  public ManualClock(long startMs) {
    this.epochOffsetMs = startMs;
    this.nanos = new AtomicLong();
  }

  @Override
  public long millis() {
    return epochOffsetMs + nanos.get() / 1_000_000;
  }

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  /** Moves time forward by {@code ms} milliseconds. */
  public void advanceMillis(long ms) {
    advanceNanos(ms * 1_000_000);
  }

  /** Moves time forward by {@code n} nanoseconds; negative values are rejected. */
  public void advanceNanos(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("time cannot move backwards: " + n);
    }
    nanos.addAndGet(n);
  }

  /** Moves time forward to the monotonic reading {@code n}, if it is later than now. */
  public void advanceToNanos(long n) {
    nanos.accumulateAndGet(n, Math::max);
  }
}
