package io.argus.tsdb.index;

/**
 * {@link Postings} over a sorted, duplicate-free array prefix. The array is not copied: the caller
 * must not change the covered elements while the postings are in use. Elements of an {@code int[]}
 * are read as unsigned 32-bit references. Single-threaded, like every {@link Postings}.
 */
public abstract sealed class ListPostings implements Postings {
  /** Index of the current element; -1 before the first {@link #next()}. */
  int index = -1;

  final int length;

  private ListPostings(int length) {
    this.length = length;
  }

  /** Returns postings over all of {@code refs}, which must be strictly ascending. */
  public static ListPostings of(long... refs) {
    return new OfLongs(refs, refs.length);
  }

  /** Returns postings over {@code refs[0, length)}, which must be strictly ascending. */
  public static ListPostings of(long[] refs, int length) {
    checkLength(refs.length, length);
    return new OfLongs(refs, length);
  }

  /**
   * Returns postings over {@code refs[0, length)}, strictly ascending as unsigned 32-bit values.
   */
  public static ListPostings ofInts(int[] refs, int length) {
    checkLength(refs.length, length);
    return new OfInts(refs, length);
  }

  private static void checkLength(int arrayLength, int length) {
    if (length < 0 || length > arrayLength) {
      throw new IllegalArgumentException(
          "length " + length + " outside array of " + arrayLength + " elements");
    }
  }

  /** Returns the number of references, independent of the cursor position. */
  public int size() {
    return length;
  }

  abstract long get(int i);

  @Override
  public final boolean next() {
    if (index + 1 < length) {
      index++;
      return true;
    }
    index = length;
    return false;
  }

  @Override
  public final boolean seek(long v) {
    int from = Math.max(index, 0);
    if (from >= length) {
      return false;
    }
    if (get(from) >= v) {
      index = from;
      return true;
    }
    // Gallop forward, then binary search inside the last step: cheap for short and long skips.
    int lo = from;
    int step = 1;
    int hi = from + step;
    while (hi < length && get(hi) < v) {
      lo = hi;
      step <<= 1;
      hi = lo + step;
    }
    hi = Math.min(hi, length);
    // Invariant: get(lo) < v, and get(hi) >= v or hi == length.
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (get(mid) < v) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    index = hi;
    return hi < length;
  }

  @Override
  public final long at() {
    return get(index);
  }

  private static final class OfLongs extends ListPostings {
    private final long[] refs;

    OfLongs(long[] refs, int length) {
      super(length);
      this.refs = refs;
    }

    @Override
    long get(int i) {
      return refs[i];
    }
  }

  private static final class OfInts extends ListPostings {
    private final int[] refs;

    OfInts(int[] refs, int length) {
      super(length);
      this.refs = refs;
    }

    @Override
    long get(int i) {
      return Integer.toUnsignedLong(refs[i]);
    }
  }
}
