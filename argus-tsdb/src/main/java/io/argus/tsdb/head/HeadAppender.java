package io.argus.tsdb.head;

import io.argus.model.labels.Labels;
import io.argus.storage.Appender;
import io.argus.storage.DuplicateSampleException;
import io.argus.storage.OutOfBoundsException;
import io.argus.storage.OutOfOrderSampleException;
import java.util.Arrays;

/**
 * One batch of samples for the {@link Head}. Samples are validated on {@link #append} against the
 * committed state of their series, logged to the WAL and applied on {@link #commit}, and become
 * visible to readers all at once. Not thread-safe.
 */
final class HeadAppender implements Appender {
  private final Head head;
  private final long minValidTime;

  private MemSeries[] series = new MemSeries[16];
  private long[] timestamps = new long[16];
  private double[] values = new double[16];
  private int size;
  private boolean done;

  HeadAppender(Head head, long minValidTime) {
    this.head = head;
    this.minValidTime = minValidTime;
  }

  @Override
  public long append(long ref, Labels labels, long t, double v) {
    checkOpen();
    if (t < minValidTime) {
      head.metrics.outOfBoundSamples.inc();
      throw OutOfBoundsException.INSTANCE;
    }
    MemSeries s = ref > 0 ? head.series.getById(ref) : null;
    while (true) {
      if (s == null) {
        if (labels.isEmpty()) {
          throw new IllegalArgumentException("empty labelset: invalid sample");
        }
        s = head.getOrCreate(labels);
      }
      synchronized (s) {
        if (!s.removed) {
          switch (s.appendable(t, v)) {
            case MemSeries.APPENDED -> s.pendingCommits++;
            case MemSeries.DUPLICATE_IGNORED -> {
              return s.id;
            }
            case MemSeries.REJECTED_OUT_OF_ORDER -> {
              head.metrics.outOfOrderSamples.inc();
              throw OutOfOrderSampleException.INSTANCE;
            }
            default -> throw DuplicateSampleException.INSTANCE;
          }
          break;
        }
      }
      s = null; // Removed by garbage collection meanwhile: find or create it anew.
    }
    add(s, t, v);
    return s.id;
  }

  private void add(MemSeries s, long t, double v) {
    if (size == series.length) {
      int cap = size * 2;
      series = Arrays.copyOf(series, cap);
      timestamps = Arrays.copyOf(timestamps, cap);
      values = Arrays.copyOf(values, cap);
    }
    series[size] = s;
    timestamps[size] = t;
    values[size] = v;
    size++;
  }

  @Override
  public void commit() {
    checkOpen();
    done = true;
    if (size == 0) {
      return;
    }
    try {
      head.logSamples(series, timestamps, values, size);
    } catch (RuntimeException e) {
      releasePending();
      throw e;
    }
    head.applyBatch(series, timestamps, values, size);
  }

  @Override
  public void rollback() {
    checkOpen();
    done = true;
    releasePending();
  }

  private void releasePending() {
    for (int i = 0; i < size; i++) {
      MemSeries s = series[i];
      synchronized (s) {
        s.pendingCommits--;
      }
    }
    Arrays.fill(series, 0, size, null);
    size = 0;
  }

  private void checkOpen() {
    if (done) {
      throw new IllegalStateException("appender already committed or rolled back");
    }
  }
}
