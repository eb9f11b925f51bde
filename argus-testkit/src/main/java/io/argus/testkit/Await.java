package io.argus.testkit;

import io.argus.util.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Waiting in tests for something another thread or process does: polls a condition until it holds
 * or a deadline passes. The polling interval only paces the loop; the condition decides.
 */
public final class Await {
  private static final Duration POLL = Duration.ofMillis(50);

  private Await() {}

  /** A condition polled by {@link Await}; an exception or assertion error means "not yet". */
  @FunctionalInterface
  public interface Check {
    boolean holds() throws Exception;
  }

  /**
   * Polls {@code condition} every 50 ms until it holds.
   *
   * @throws AssertionError naming {@code what} when it did not hold within {@code timeout}; the
   *     last exception the condition threw, if any, is its cause
   */
  public static void until(String what, Duration timeout, Check condition)
      throws InterruptedException {
    until(what, timeout, condition, () -> "");
  }

  /**
   * As {@link #until(String, Duration, Check)}, with {@code detail} (evaluated only on timeout)
   * appended to the failure message, e.g. what the servers answered last or their logs.
   */
  public static void until(String what, Duration timeout, Check condition, Supplier<String> detail)
      throws InterruptedException {
    long deadline = Clock.SYSTEM.nanoTime() + timeout.toNanos();
    @Nullable Throwable last = null;
    while (true) {
      try {
        if (condition.holds()) {
          return;
        }
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception | AssertionError e) {
        last = e;
      }
      if (Clock.SYSTEM.nanoTime() - deadline > 0) {
        String more = detail.get();
        String message = "timed out after " + timeout + " waiting for " + what;
        throw new AssertionError(more.isEmpty() ? message : message + "\n" + more, last);
      }
      Thread.sleep(POLL.toMillis());
    }
  }
}
