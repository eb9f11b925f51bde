package io.argus.promql;

import io.argus.model.labels.Labels;
import java.util.Arrays;

/**
 * A series of float points in ascending time order, stored as two primitive arrays of which the
 * first {@code size} entries are used. The arrays are owned by this object and must not be changed
 * after it is published.
 *
 * @param dropName see {@link Sample#dropName()}
 */
public record SeriesPoints(
    Labels labels, long[] times, double[] values, int size, boolean dropName) {
  public SeriesPoints(Labels labels, long[] times, double[] values) {
    this(labels, times, values, times.length, false);
  }

  public long t(int i) {
    return times[i];
  }

  public double v(int i) {
    return values[i];
  }

  /** Returns a copy with other labels. */
  public SeriesPoints withLabels(Labels newLabels, boolean newDropName) {
    return new SeriesPoints(newLabels, times, values, size, newDropName);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SeriesPoints p) || p.size != size || !p.labels.equals(labels)) {
      return false;
    }
    return Arrays.equals(times, 0, size, p.times, 0, size)
        && Arrays.equals(values, 0, size, p.values, 0, size);
  }

  @Override
  public int hashCode() {
    return labels.hashCode() * 31 + size;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(labels.toString()).append(" =>");
    for (int i = 0; i < size; i++) {
      sb.append(' ').append(values[i]).append(" @").append(times[i]);
    }
    return sb.toString();
  }
}
