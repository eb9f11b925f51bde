package io.argus.alertmanager.dispatch;

import io.argus.util.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs tasks at times of a {@link Clock}. The dispatcher uses it for group timers so tests can
 * drive time by hand. Implementations are thread-safe.
 */
public interface Scheduler extends AutoCloseable {
  /** A scheduled task. */
  interface Task {
    /** Cancels the task if it has not started; a running task finishes. */
    void cancel();
  }

  /**
   * Runs {@code task} once, {@code delayMillis} ms from now (0 or less: as soon as possible). The
   * task may block (a flush retries until its deadline); tasks may run concurrently.
   */
  Task schedule(Runnable task, long delayMillis);

  /** Stops running tasks; pending ones are dropped. */
  @Override
  void close();

  /** A scheduler on real time: a single timer thread hands due tasks to virtual threads. */
  static Scheduler system() {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("am-dispatch-timer").factory());
    var workers = Executors.newVirtualThreadPerTaskExecutor();
    return new Scheduler() {
      @Override
      public Task schedule(Runnable task, long delayMillis) {
        ScheduledFuture<?> f =
            timer.schedule(
                () -> {
                  workers.execute(task);
                },
                Math.max(0, delayMillis),
                TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
      }

      @Override
      public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
      }
    };
  }
}
