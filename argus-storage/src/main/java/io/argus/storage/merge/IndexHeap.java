package io.argus.storage.merge;

/**
 * A binary min-heap of cursor indexes in a plain {@code int} array, ordered by the subclass's
 * {@link #less}; {@code heap[0]} is the smallest. The base of the merges in this package: callers
 * reach it through {@code this} of a final subclass, so {@link #less} stays monomorphic on their
 * hot paths. Allocation-free. Not thread-safe.
 */
abstract class IndexHeap {
  /** The indexes; only the first {@link #heapSize} are in the heap. Subclasses may replace it. */
  int[] heap;

  int heapSize;

  IndexHeap(int capacity) {
    this.heap = new int[capacity];
  }

  /** Whether index {@code a} orders before index {@code b}. */
  abstract boolean less(int a, int b);

  /** Adds {@code i}, which must fit in the array. */
  final void push(int i) {
    int h = heapSize++;
    while (h > 0) {
      int parent = (h - 1) >>> 1;
      if (!less(i, heap[parent])) {
        break;
      }
      heap[h] = heap[parent];
      h = parent;
    }
    heap[h] = i;
  }

  /** Removes and returns the smallest index; the heap must not be empty. */
  final int pop() {
    int top = heap[0];
    heap[0] = heap[--heapSize];
    siftDown(0);
    return top;
  }

  /** Orders the first {@link #heapSize} entries of the array into a heap. */
  final void heapify() {
    for (int h = (heapSize >>> 1) - 1; h >= 0; h--) {
      siftDown(h);
    }
  }

  /** Moves the entry at {@code h} down until neither child orders before it. */
  final void siftDown(int h) {
    int item = heap[h];
    while (true) {
      int child = 2 * h + 1;
      if (child >= heapSize) {
        break;
      }
      if (child + 1 < heapSize && less(heap[child + 1], heap[child])) {
        child++;
      }
      if (!less(heap[child], item)) {
        break;
      }
      heap[h] = heap[child];
      h = child;
    }
    heap[h] = item;
  }
}
