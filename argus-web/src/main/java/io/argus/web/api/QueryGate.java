package io.argus.web.api;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The cap on concurrently running queries ({@code --query.max-concurrency}): a query waits in a
 * fair (first come, first served) queue for a free slot, at most until its own deadline, as
 * Prometheus' active query tracker does. Thread-safe.
 */
public final class QueryGate {
  private final Semaphore slots;
  private final int maxConcurrency;

  /**
   * @param maxConcurrency the most queries that run at once; at least 1
   */
  public QueryGate(int maxConcurrency) {
    if (maxConcurrency < 1) {
      throw new IllegalArgumentException("query max concurrency must be at least 1");
    }
    this.maxConcurrency = maxConcurrency;
    this.slots = new Semaphore(maxConcurrency, true);
  }

  /** A held slot; closing it frees the slot. Close exactly once. */
  public interface Slot extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Waits up to {@code timeoutNanos} for a slot. A deadline already passed ({@code timeoutNanos <=
   * 0}) fails at once, as a query with an expired context does upstream.
   *
   * @throws ApiException of type timeout ({@code query timed out in query queue}) when none frees
   *     in time, or canceled when the waiting thread is interrupted
   */
  public Slot acquire(long timeoutNanos) {
    try {
      if (timeoutNanos <= 0 || !slots.tryAcquire(timeoutNanos, TimeUnit.NANOSECONDS)) {
        throw new ApiException(ErrorType.TIMEOUT, "query timed out in query queue");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(ErrorType.CANCELED, "query was canceled in query queue");
    }
    return new Slot() {
      private boolean closed;

      @Override
      public void close() {
        if (!closed) {
          closed = true;
          slots.release();
        }
      }
    };
  }

  /** Queries running now. */
  public int running() {
    return maxConcurrency - slots.availablePermits();
  }

  /** Queries waiting for a slot now (an estimate). */
  public int queued() {
    return slots.getQueueLength();
  }

  public int maxConcurrency() {
    return maxConcurrency;
  }
}
