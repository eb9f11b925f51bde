package io.argus.tsdb.record;

import java.util.Arrays;

/**
 * A growable batch of float samples held in parallel primitive arrays, reused across records so
 * that encoding and WAL replay do not allocate per sample. Values keep their exact bit patterns
 * (staleness markers are NaNs). Not thread-safe.
 */
public final class SampleBatch {
  private long[] refs;
  private long[] timestamps;
  private double[] values;
  private int size;

  /** Creates an empty batch with room for 64 samples. */
  public SampleBatch() {
    this(64);
  }

  /** Creates an empty batch with room for {@code capacity} samples before it grows. */
  public SampleBatch(int capacity) {
    int c = Math.max(1, capacity);
    refs = new long[c];
    timestamps = new long[c];
    values = new double[c];
  }

  /** Removes all samples, keeping the capacity. */
  public SampleBatch clear() {
    size = 0;
    return this;
  }

  /** Appends a sample of series {@code ref} at {@code t} (Unix ms) with value {@code v}. */
  public SampleBatch add(long ref, long t, double v) {
    if (size == refs.length) {
      int c = refs.length * 2;
      refs = Arrays.copyOf(refs, c);
      timestamps = Arrays.copyOf(timestamps, c);
      values = Arrays.copyOf(values, c);
    }
    refs[size] = ref;
    timestamps[size] = t;
    values[size] = v;
    size++;
    return this;
  }

  /** Returns the number of samples. */
  public int size() {
    return size;
  }

  public boolean isEmpty() {
    return size == 0;
  }

  /** Returns the series reference of sample {@code i}. */
  public long ref(int i) {
    return refs[check(i)];
  }

  /** Returns the timestamp (Unix ms) of sample {@code i}. */
  public long t(int i) {
    return timestamps[check(i)];
  }

  /** Returns the value of sample {@code i}, NaN payload bits preserved. */
  public double value(int i) {
    return values[check(i)];
  }

  /**
   * Returns the backing reference array; only the first {@link #size()} entries are meaningful and
   * the array is replaced when the batch grows.
   */
  public long[] refs() {
    return refs;
  }

  /** Returns the backing timestamp array (see {@link #refs()}). */
  public long[] timestamps() {
    return timestamps;
  }

  /** Returns the backing value array (see {@link #refs()}). */
  public double[] values() {
    return values;
  }

  private int check(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("sample " + i + " of " + size);
    }
    return i;
  }
}
