package io.argus.remote.write;

import java.util.concurrent.atomic.LongAdder;

/**
 * An exponentially weighted moving per-second rate: events are counted with {@link #add}, and
 * {@link #tick()}, called once per {@code intervalSeconds}, folds the interval's rate into the
 * average with weight {@code alpha}. The first interval with events sets the rate directly.
 * Thread-safe.
 */
final class EwmaRate {
  private final double alpha;
  private final double intervalSeconds;
  private final LongAdder events = new LongAdder();
  private boolean initialised;
  private double rate;

  EwmaRate(double alpha, double intervalSeconds) {
    this.alpha = alpha;
    this.intervalSeconds = intervalSeconds;
  }

  void add(long n) {
    events.add(n);
  }

  /** The current per-second rate. */
  synchronized double rate() {
    return rate;
  }

  synchronized void tick() {
    long n = events.sumThenReset();
    double instant = n / intervalSeconds;
    if (initialised) {
      rate += alpha * (instant - rate);
    } else if (n > 0) {
      initialised = true;
      rate = instant;
    }
  }
}
