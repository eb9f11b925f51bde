package io.argus.tsdb.wal;

/**
 * The contiguous indexes {@code [first, last]} (both inclusive) of the segments in a WAL directory;
 * both are -1 when there are none.
 */
public record SegmentRange(int first, int last) {
  /** The range of a directory without segments. */
  public static final SegmentRange EMPTY = new SegmentRange(-1, -1);

  public boolean isEmpty() {
    return last < 0;
  }

  /** Returns the number of segments. */
  public int count() {
    return isEmpty() ? 0 : last - first + 1;
  }
}
