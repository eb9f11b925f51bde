package io.argus.alertmanager.alert;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A bounded stream of alerts from an {@link AlertStore}: first every alert stored when the
 * subscription began, then every alert as it is stored (merged versions included), in order. When
 * the buffer is full the store's writer waits for the consumer, as upstream's channel does, so a
 * consumer must keep reading or close. Thread-safe; meant for one consumer thread.
 */
public final class AlertSubscription implements AutoCloseable {
  /** Upstream's channel length: the buffer holds at least this many alerts. */
  public static final int MIN_CAPACITY = 200;

  private final String name;
  private final int capacity;
  private final ArrayDeque<Alert> buffer;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final Runnable onClose;
  private boolean closed;

  AlertSubscription(String name, Collection<Alert> initial, Runnable onClose) {
    this.name = name;
    this.capacity = Math.max(initial.size(), MIN_CAPACITY);
    this.buffer = new ArrayDeque<>(capacity);
    this.buffer.addAll(initial);
    this.onClose = onClose;
  }

  /** The name given at subscription, for logs and metrics. */
  public String name() {
    return name;
  }

  /**
   * Returns the next alert, waiting up to {@code timeout}; null on timeout, or at once when the
   * subscription is closed.
   */
  public @Nullable Alert poll(long timeout, TimeUnit unit) throws InterruptedException {
    long nanos = unit.toNanos(timeout);
    lock.lockInterruptibly();
    try {
      while (buffer.isEmpty()) {
        if (closed || nanos <= 0) {
          return null;
        }
        nanos = notEmpty.awaitNanos(nanos);
      }
      if (closed) {
        return null;
      }
      Alert a = buffer.poll();
      notFull.signal();
      return a;
    } finally {
      lock.unlock();
    }
  }

  /** The number of alerts waiting to be read. */
  public int pending() {
    lock.lock();
    try {
      return buffer.size();
    } finally {
      lock.unlock();
    }
  }

  public boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Appends an alert, waiting while the buffer is full; returns false when the subscription is (or
   * gets) closed.
   */
  boolean offer(Alert a) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (buffer.size() >= capacity) {
        if (closed) {
          return false;
        }
        notFull.await();
      }
      if (closed) {
        return false;
      }
      buffer.add(a);
      notEmpty.signal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Stops the stream, drops buffered alerts and releases a waiting writer. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      buffer.clear();
      notEmpty.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
    onClose.run();
  }
}
