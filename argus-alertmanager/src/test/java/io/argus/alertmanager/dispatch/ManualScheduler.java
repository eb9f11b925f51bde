package io.argus.alertmanager.dispatch;

import io.argus.testkit.ManualClock;
import java.util.PriorityQueue;

/**
 * A scheduler on a {@link ManualClock}: tasks run on the caller's thread inside {@link #advance},
 * each with the clock set to its due time, in due order (ties in scheduling order).
 */
public final class ManualScheduler implements Scheduler {
  private final ManualClock clock;
  private final PriorityQueue<Entry> queue = new PriorityQueue<>();
  private long seq;
  private boolean closed;

  private final class Entry implements Comparable<Entry>, Task {
    final long due;
    final long order = seq++;
    final Runnable task;
    boolean canceled;

    Entry(long due, Runnable task) {
      this.due = due;
      this.task = task;
    }

    @Override
    public int compareTo(Entry o) {
      return due != o.due ? Long.compare(due, o.due) : Long.compare(order, o.order);
    }

    @Override
    public void cancel() {
      synchronized (ManualScheduler.this) {
        canceled = true;
      }
    }
  }

  public ManualScheduler(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized Task schedule(Runnable task, long delayMillis) {
    Entry e = new Entry(clock.millis() + Math.max(0, delayMillis), task);
    if (!closed) {
      queue.add(e);
    }
    return e;
  }

  /** Runs every task due within the next {@code millis} ms, then sets the clock to the end. */
  public void advance(long millis) {
    long target = clock.millis() + millis;
    while (true) {
      Entry e;
      synchronized (this) {
        e = queue.peek();
        if (e == null || e.due > target) {
          break;
        }
        queue.poll();
        if (e.canceled) {
          continue;
        }
      }
      if (e.due > clock.millis()) {
        clock.advanceMillis(e.due - clock.millis());
      }
      e.task.run();
    }
    if (target > clock.millis()) {
      clock.advanceMillis(target - clock.millis());
    }
  }

  /** The number of pending, not canceled tasks. */
  public synchronized int pending() {
    return (int) queue.stream().filter(e -> !e.canceled).count();
  }

  @Override
  public synchronized void close() {
    closed = true;
    queue.clear();
  }
}
