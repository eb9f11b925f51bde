package io.argus.remote.write;

import io.argus.scrape.Sleeper;
import io.argus.util.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Records the length of every sleep shorter than {@code realFromMillis} and returns at once; longer
 * sleeps (the 10 s resharding period) really wait, so loops do not spin.
 */
final class RecordingSleeper implements Sleeper {
  private final long realFromMillis;
  private final List<Long> sleptMillis = new ArrayList<>();

  RecordingSleeper(long realFromMillis) {
    this.realFromMillis = realFromMillis;
  }

  @Override
  public void sleepUntil(Clock clock, long deadlineNanos, CountDownLatch wake)
      throws InterruptedException {
    long millis = (deadlineNanos - clock.nanoTime()) / 1_000_000;
    if (millis >= realFromMillis) {
      Sleeper.REAL.sleepUntil(clock, deadlineNanos, wake);
      return;
    }
    synchronized (this) {
      sleptMillis.add(millis);
    }
  }

  synchronized List<Long> slept() {
    return List.copyOf(sleptMillis);
  }
}
