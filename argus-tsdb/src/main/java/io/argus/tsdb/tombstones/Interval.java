package io.argus.tsdb.tombstones;

/** A closed time interval {@code [minTime, maxTime]} in Unix ms. */
public record Interval(long minTime, long maxTime) {
  /** Returns whether {@code t} lies in the interval. */
  public boolean contains(long t) {
    return minTime <= t && t <= maxTime;
  }

  /** Returns whether the interval overlaps {@code [mint, maxt]}. */
  public boolean overlaps(long mint, long maxt) {
    return minTime <= maxt && mint <= maxTime;
  }
}
