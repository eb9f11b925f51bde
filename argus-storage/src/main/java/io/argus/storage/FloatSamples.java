package io.argus.storage;

import java.util.Arrays;

/**
 * A growable buffer of float samples: the first {@link #size} entries of {@link #times} (Unix ms)
 * and {@link #values}, filled by {@link SampleIterator#readFloats}. Mutable and reusable; confined
 * to one thread at a time.
 */
public final class FloatSamples {
  public long[] times;
  public double[] values;
  public int size;

  public FloatSamples(int capacity) {
    times = new long[Math.max(1, capacity)];
    values = new double[times.length];
  }

  /** Makes room for at least one more sample, doubling the arrays when full. */
  public void ensureRoom() {
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
  }
}
