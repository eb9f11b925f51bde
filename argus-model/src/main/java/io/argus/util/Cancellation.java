package io.argus.util;

/**
 * A cancellation signal for long-running work (queries, compactions), the Java stand-in for Go's
 * context. Long loops call {@link #check()}. Implementations are thread-safe.
 */
@FunctionalInterface
public interface Cancellation {
  /** A signal that never fires. */
  Cancellation NONE = () -> {};

  /**
   * Returns normally while the work may go on.
   *
   * @throws CancelledException once the work has been cancelled or its deadline passed
   */
  void check();

  /** Thrown by {@link #check()} when the work was cancelled. */
  final class CancelledException extends RuntimeException {
    public CancelledException(String message) {
      super(message);
    }
  }
}
