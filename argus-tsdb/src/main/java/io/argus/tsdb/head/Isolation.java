package io.argus.tsdb.head;

import java.util.Arrays;

/**
 * Hands out append IDs to committing batches and read views ({@link IsolationState}) to readers,
 * so that a reader sees a batch either entirely or not at all.
 *
 * <p>Every committing batch gets an increasing append ID before its samples reach the series and
 * closes it after the last one. A reader's view captures the highest ID handed out and the IDs
 * still open; samples of other IDs are visible to it. The low watermark is the smallest ID that
 * some open batch or open reader may still care about: samples with a lower ID are visible to
 * every current and future reader, so series can forget their append IDs. Thread-safe.
 */
final class Isolation {
  private final SortedLongs openAppends = new SortedLongs();
  /** Low watermarks of open readers, in the order they were opened (hence non-decreasing). */
  private final SortedLongs readerWatermarks = new SortedLongs();
  /** Lower time bounds of open readers, for {@link #awaitReadersBelow(long)}. */
  private final SortedLongs readerMinTimes = new SortedLongs();

  private long lastAppendId;

  /** Starts a batch and returns its append ID (positive, increasing). */
  synchronized long newAppendId() {
    lastAppendId++;
    openAppends.addLast(lastAppendId);
    return lastAppendId;
  }

  /** Ends the batch {@code appendId}: its samples become visible to readers opened from now on. */
  synchronized void closeAppend(long appendId) {
    openAppends.remove(appendId);
    notifyAll();
  }

  /** Returns the smallest append ID that may still be invisible to an open or future reader. */
  synchronized long lowWatermark() {
    long lw = openAppends.size() > 0 ? openAppends.first() : lastAppendId + 1;
    if (readerWatermarks.size() > 0) {
      lw = Math.min(lw, readerWatermarks.first());
    }
    return lw;
  }

  /**
   * Opens a read view that sees every batch closed so far. The caller must {@link
   * IsolationState#close() close} it; until then it holds back the low watermark and truncation of
   * data at or after {@code minTime}.
   *
   * @param minTime the lowest timestamp (ms) the reader may read
   */
  synchronized IsolationState newReadState(long minTime) {
    long[] incomplete = openAppends.toArray();
    long lw = incomplete.length > 0 ? incomplete[0] : lastAppendId + 1;
    readerWatermarks.insert(lw);
    readerMinTimes.insert(minTime);
    return new IsolationState(this, lastAppendId, lw, incomplete, minTime);
  }

  synchronized void closeReadState(IsolationState s) {
    readerWatermarks.remove(s.lowWatermark());
    readerMinTimes.remove(s.minTime());
    notifyAll();
  }

  /** Returns the number of open readers. */
  synchronized int openReaders() {
    return readerMinTimes.size();
  }

  /**
   * Waits until no open reader may read data below {@code mint}, so that truncation does not pull
   * chunks from under a running query.
   */
  synchronized void awaitReadersBelow(long mint) throws InterruptedException {
    while (readerMinTimes.size() > 0 && readerMinTimes.first() < mint) {
      wait();
    }
  }

  /** A small sorted multiset of longs; sizes are the number of concurrent batches or readers. */
  static final class SortedLongs {
    private long[] values = new long[4];
    private int size;

    int size() {
      return size;
    }

    long first() {
      return values[0];
    }

    void addLast(long v) {
      grow();
      values[size++] = v;
    }

    void insert(long v) {
      grow();
      int i = size;
      while (i > 0 && values[i - 1] > v) {
        values[i] = values[i - 1];
        i--;
      }
      values[i] = v;
      size++;
    }

    void remove(long v) {
      int i = Arrays.binarySearch(values, 0, size, v);
      if (i < 0) {
        throw new IllegalStateException("not present: " + v);
      }
      System.arraycopy(values, i + 1, values, i, size - i - 1);
      size--;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }

    private void grow() {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
    }
  }
}
