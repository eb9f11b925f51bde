package io.argus.tsdb.head;

import io.argus.util.Clock;

/** A clock that stands still; tests do not depend on time passing. */
final class ManualClock implements Clock {
  private volatile long millis;

  ManualClock(long millis) {
    this.millis = millis;
  }

  @Override
  public long millis() {
    return millis;
  }

  @Override
  public long nanoTime() {
    return millis * 1_000_000;
  }
}
