package io.argus.store.proxy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A bounded first-in-first-out hand-off from one producer thread to one consumer thread.
 *
 * <p>A producer blocked on a full queue is woken only once the consumer has taken the queue down to
 * half its capacity, not on every take: when the producer runs ahead of the consumer (a store
 * streaming faster than the querier evaluates), it is woken once per half a queue of items rather
 * than once per item. A blocked consumer is woken by the next item.
 *
 * <p>{@link #putLast} adds a stream's final item (its end or its failure) without ever blocking,
 * one item past the capacity if need be, so that the consumer always sees how the stream ended.
 *
 * <p>Thread-safe for one producer and one consumer at a time.
 */
final class HandOffQueue<T> {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final Object[] items;
  private final int capacity;
  private final int resumeAt;
  private int head;
  private int size;
  private boolean producerWaiting;
  private boolean consumerWaiting;

  /**
   * @param capacity how many items {@link #put} queues before it blocks (at least 1)
   */
  HandOffQueue(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
    this.resumeAt = capacity / 2;
    this.items = new Object[capacity + 1];
  }

  /** Adds {@code item}, waiting while the queue holds its capacity. */
  void put(T item) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (size >= capacity) {
        producerWaiting = true;
        try {
          notFull.await();
        } finally {
          producerWaiting = false;
        }
      }
      enqueue(item);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Adds the producer's final item without waiting. Returns false, adding nothing, only when the
   * queue already holds one item past its capacity (a final item was added before).
   */
  boolean putLast(T item) {
    lock.lock();
    try {
      if (size == items.length) {
        return false;
      }
      enqueue(item);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Removes the oldest item, waiting for one. */
  T take() throws InterruptedException {
    T item = poll(0, TimeUnit.NANOSECONDS);
    if (item == null) {
      throw new IllegalStateException("untimed poll returned no item");
    }
    return item;
  }

  /**
   * Removes the oldest item, waiting up to {@code timeout} for one; a timeout of zero or less waits
   * without limit.
   *
   * @return the item, or null when the timeout passed first
   */
  @Nullable T poll(long timeout, TimeUnit unit) throws InterruptedException {
    boolean timed = timeout > 0;
    long nanos = unit.toNanos(timeout);
    lock.lockInterruptibly();
    try {
      while (size == 0) {
        if (timed && nanos <= 0) {
          return null;
        }
        consumerWaiting = true;
        try {
          if (timed) {
            nanos = notEmpty.awaitNanos(nanos);
          } else {
            notEmpty.await();
          }
        } finally {
          consumerWaiting = false;
        }
      }
      @SuppressWarnings("unchecked")
      T item = (T) items[head];
      items[head] = null;
      head = head + 1 == items.length ? 0 : head + 1;
      size--;
      if (producerWaiting && size <= resumeAt) {
        notFull.signal();
      }
      return item;
    } finally {
      lock.unlock();
    }
  }

  /** The number of items queued. */
  int size() {
    lock.lock();
    try {
      return size;
    } finally {
      lock.unlock();
    }
  }

  private void enqueue(Object item) {
    int tail = head + size;
    items[tail >= items.length ? tail - items.length : tail] = item;
    size++;
    if (consumerWaiting) {
      notEmpty.signal();
    }
  }
}
