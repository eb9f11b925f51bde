package io.argus.promql.promqltest;

import java.util.Arrays;

/**
 * The expanded value items of one series line: per position either nothing ({@code _}), a float
 * (which may be the stale marker) or a native histogram (kept as its source text only; this runner
 * does not evaluate native histograms). Immutable.
 */
public final class SeriesValues {
  /** What a position holds. */
  public enum Kind {
    NONE,
    FLOAT,
    HISTOGRAM
  }

  private final Kind[] kinds;
  private final double[] values;

  SeriesValues(Kind[] kinds, double[] values) {
    this.kinds = kinds;
    this.values = values;
  }

  public int size() {
    return kinds.length;
  }

  public Kind kind(int i) {
    return kinds[i];
  }

  /** Returns the float at {@code i}; only meaningful when {@code kind(i) == FLOAT}. */
  public double value(int i) {
    return values[i];
  }

  public boolean hasHistograms() {
    for (Kind k : kinds) {
      if (k == Kind.HISTOGRAM) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < kinds.length; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(
          switch (kinds[i]) {
            case NONE -> "_";
            case HISTOGRAM -> "{{…}}";
            case FLOAT -> ScriptValues.isStale(values[i]) ? "stale" : Double.toString(values[i]);
          });
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeriesValues s
        && Arrays.equals(kinds, s.kinds)
        && Arrays.equals(values, s.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(kinds) * 31 + Arrays.hashCode(values);
  }
}
