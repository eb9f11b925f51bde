package io.argus.tsdb.index;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * {@link Postings} over {@code count} big-endian unsigned 32-bit references stored back to back in
 * a {@link MemorySegment}, such as a postings list in a mapped index file. Nothing is copied; the
 * segment must stay valid while the postings are in use. Single-threaded.
 */
public final class SegmentPostings implements Postings {
  private static final ValueLayout.OfInt BE32 =
      ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

  private final MemorySegment segment;
  private final long offset;
  private final int count;
  private int index = -1;

  /**
   * Returns postings over the references at {@code [offset, offset + 4 * count)} of {@code
   * segment}, which must be strictly ascending.
   */
  public SegmentPostings(MemorySegment segment, long offset, int count) {
    if (count < 0 || offset < 0 || offset + 4L * count > segment.byteSize()) {
      throw new IllegalArgumentException(
          "postings of " + count + " entries at " + offset + " outside " + segment.byteSize());
    }
    this.segment = segment;
    this.offset = offset;
    this.count = count;
  }

  /** Returns the number of references, independent of the cursor position. */
  public int size() {
    return count;
  }

  private long get(int i) {
    return Integer.toUnsignedLong(segment.get(BE32, offset + 4L * i));
  }

  @Override
  public boolean next() {
    if (index + 1 < count) {
      index++;
      return true;
    }
    index = count;
    return false;
  }

  @Override
  public boolean seek(long v) {
    int from = Math.max(index, 0);
    if (from >= count) {
      return false;
    }
    if (get(from) >= v) {
      index = from;
      return true;
    }
    int lo = from;
    int hi = count;
    // Invariant: get(lo) < v, and get(hi) >= v or hi == count.
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (get(mid) < v) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    index = hi;
    return hi < count;
  }

  @Override
  public long at() {
    return get(index);
  }
}
