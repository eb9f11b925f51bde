package io.argus.storage.merge;

import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Merges the samples of several iterators of the same series by timestamp, yielding one sample per
 * timestamp: where several children have a sample at the same time, the child with the lowest index
 * wins and the others are skipped. Children must each be in ascending time order.
 *
 * <p>Allocation-free per sample: a binary heap of child indexes ordered by (timestamp, index). An
 * instance can be {@link #reset reset} with new children to be reused. Single-threaded.
 */
public final class MergeSampleIterator extends IndexHeap implements SampleIterator {
  private SampleIterator[] children = new SampleIterator[0];
  private int childCount;

  /** Timestamp of each child's current sample, valid while the child is in the heap. */
  private long[] childT = new long[0];

  /** Value type of each child's current sample, valid while the child is in the heap. */
  private ValueType[] childType = new ValueType[0];

  private boolean started;
  private boolean positioned;

  /** Creates an iterator without children; call {@link #reset} before use. */
  public MergeSampleIterator() {
    super(0);
  }

  /** Creates an iterator over {@code children}; see {@link #reset}. */
  public MergeSampleIterator(SampleIterator... children) {
    super(0);
    reset(children, children.length);
  }

  /**
   * Replaces the children with the first {@code count} entries of {@code newChildren} (the array is
   * copied into an internal one reused across resets) and rewinds to before the first sample.
   */
  public void reset(SampleIterator[] newChildren, int count) {
    if (children.length < count) {
      int capacity = Math.max(count, children.length * 2);
      children = Arrays.copyOf(children, capacity);
      childT = new long[capacity];
      childType = new ValueType[capacity];
      heap = new int[capacity];
    }
    System.arraycopy(newChildren, 0, children, 0, count);
    Arrays.fill(children, count, children.length, SampleIterator.EMPTY);
    childCount = count;
    heapSize = 0;
    started = false;
    positioned = false;
  }

  /**
   * Returns the child at {@code i} from the last reset, so that a caller can pass it back as the
   * {@code reuse} argument when building the next children; null when there is none.
   */
  public @Nullable SampleIterator child(int i) {
    return i < childCount ? children[i] : null;
  }

  /** Returns the number of children. */
  public int childCount() {
    return childCount;
  }

  @Override
  public ValueType next() {
    if (!started) {
      started = true;
      for (int i = 0; i < childCount; i++) {
        ValueType vt = children[i].next();
        if (vt != ValueType.NONE) {
          childT[i] = children[i].atT();
          childType[i] = vt;
          heap[heapSize++] = i;
        }
      }
      heapify();
    } else if (positioned) {
      long t = childT[heap[0]];
      while (heapSize > 0 && childT[heap[0]] == t) {
        advanceTop();
      }
    }
    return position();
  }

  @Override
  public ValueType seek(long t) {
    if (positioned && childT[heap[0]] >= t) {
      return childType[heap[0]];
    }
    if (!started) {
      started = true;
      for (int i = 0; i < childCount; i++) {
        heap[heapSize++] = i;
      }
    }
    int kept = 0;
    for (int h = 0; h < heapSize; h++) {
      int i = heap[h];
      ValueType vt = children[i].seek(t);
      if (vt != ValueType.NONE) {
        childT[i] = children[i].atT();
        childType[i] = vt;
        heap[kept++] = i;
      }
    }
    heapSize = kept;
    heapify();
    return position();
  }

  @Override
  public long atT() {
    requirePositioned();
    return childT[heap[0]];
  }

  @Override
  public double atFloat() {
    requirePositioned();
    return children[heap[0]].atFloat();
  }

  private ValueType position() {
    positioned = heapSize > 0;
    return positioned ? childType[heap[0]] : ValueType.NONE;
  }

  private void requirePositioned() {
    if (!positioned) {
      throw new IllegalStateException("iterator is not positioned on a sample");
    }
  }

  /** Advances the child at the top of the heap and restores the heap order. */
  private void advanceTop() {
    int i = heap[0];
    ValueType vt = children[i].next();
    if (vt == ValueType.NONE) {
      heap[0] = heap[--heapSize];
    } else {
      childT[i] = children[i].atT();
      childType[i] = vt;
    }
    siftDown(0);
  }

  @Override
  boolean less(int a, int b) {
    long ta = childT[a];
    long tb = childT[b];
    return ta < tb || (ta == tb && a < b);
  }
}
