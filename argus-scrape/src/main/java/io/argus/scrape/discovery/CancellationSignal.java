package io.argus.scrape.discovery;

import io.argus.util.Cancellation;

/** A {@link Cancellation} that fires once {@link #cancel()} is called. Thread-safe. */
public final class CancellationSignal implements Cancellation {
  private volatile boolean cancelled;

  /** Fires the signal; later {@link #check()} calls throw. */
  public void cancel() {
    cancelled = true;
  }

  /** Returns whether {@link #cancel()} was called. */
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public void check() {
    if (cancelled || Thread.currentThread().isInterrupted()) {
      throw new CancelledException("discovery cancelled");
    }
  }
}
