package io.argus.tsdb.head;

import java.util.Arrays;

/**
 * One reader's view of which committed batches it sees: every append ID up to {@link
 * #maxAppendId()} except those still open when the view was taken. Immutable apart from {@link
 * #close()}, which must be called exactly once.
 */
final class IsolationState implements AutoCloseable {
  private final Isolation isolation;
  private final long maxAppendId;
  private final long lowWatermark;
  private final long[] incompleteAppends;
  private final long minTime;
  private boolean closed;

  IsolationState(
      Isolation isolation,
      long maxAppendId,
      long lowWatermark,
      long[] incompleteAppends,
      long minTime) {
    this.isolation = isolation;
    this.maxAppendId = maxAppendId;
    this.lowWatermark = lowWatermark;
    this.incompleteAppends = incompleteAppends;
    this.minTime = minTime;
  }

  /** Returns whether samples of batch {@code appendId} are visible in this view. */
  boolean isVisible(long appendId) {
    if (appendId < lowWatermark) {
      return true;
    }
    if (appendId > maxAppendId) {
      return false;
    }
    return Arrays.binarySearch(incompleteAppends, appendId) < 0;
  }

  long maxAppendId() {
    return maxAppendId;
  }

  long lowWatermark() {
    return lowWatermark;
  }

  long minTime() {
    return minTime;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      isolation.closeReadState(this);
    }
  }
}
