package io.argus.alertmanager.state;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a maintenance task (garbage collection and a snapshot) every interval on a daemon thread of
 * its own, and once more on {@link #close()} so that a clean shutdown persists the latest state
 * (upstream's {@code --data.maintenance-interval}, 15 minutes). A failing run is logged and does
 * not stop later runs. Thread-safe.
 */
public final class Maintenance implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Maintenance.class);

  /** One maintenance run; may throw to report a failure. */
  @FunctionalInterface
  public interface Task {
    void run() throws Exception;
  }

  private final String name;
  private final Task task;
  private final ScheduledExecutorService executor;
  private boolean closed;

  /**
   * Starts running {@code task} every {@code intervalMs} milliseconds, the first time one interval
   * from now.
   */
  public Maintenance(String name, long intervalMs, Task task) {
    if (intervalMs <= 0) {
      throw new IllegalArgumentException("maintenance interval must be positive: " + intervalMs);
    }
    this.name = name;
    this.task = task;
    ThreadFactory tf =
        r -> {
          Thread t = new Thread(r, "am-maintenance-" + name);
          t.setDaemon(true);
          return t;
        };
    this.executor = Executors.newSingleThreadScheduledExecutor(tf);
    executor.scheduleWithFixedDelay(this::runOnce, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
  }

  /** Runs the task now on the calling thread; returns whether it succeeded. */
  public synchronized boolean runOnce() {
    try {
      task.run();
      return true;
    } catch (Exception e) {
      log.atError().addKeyValue("component", name).setCause(e).log("running maintenance failed");
      return false;
    }
  }

  /** Stops the timer, waits for a running task, and runs the task a last time. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    executor.shutdown();
    try {
      executor.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    runOnce();
  }
}
