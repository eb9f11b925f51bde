package io.argus.storage.merge;

import io.argus.model.labels.Labels;

/**
 * The core of a merge of several cursors that are each sorted by labels: a heap over the cursors
 * ordered by (current labels, cursor index). Each step yields the group of cursors positioned on
 * the smallest label set, in ascending cursor index. Single-threaded.
 */
abstract class LabelledMerge {
  private final int cursorCount;
  private final int[] heap;
  private final Labels[] headLabels;
  private final int[] group;
  private int heapSize;
  private int groupSize;
  private boolean started;

  LabelledMerge(int cursorCount) {
    this.cursorCount = cursorCount;
    this.heap = new int[cursorCount];
    this.headLabels = new Labels[cursorCount];
    this.group = new int[cursorCount];
  }

  /** Advances cursor {@code i}; false when it is exhausted. */
  abstract boolean advance(int i);

  /** Returns the labels cursor {@code i} is positioned on. */
  abstract Labels labelsAt(int i);

  /** Moves to the next group of cursors with equal labels; false when all are exhausted. */
  final boolean nextGroup() {
    if (!started) {
      started = true;
      for (int i = 0; i < cursorCount; i++) {
        push(i);
      }
    } else {
      for (int g = 0; g < groupSize; g++) {
        push(group[g]);
      }
    }
    groupSize = 0;
    if (heapSize == 0) {
      return false;
    }
    Labels top = headLabels[heap[0]];
    while (heapSize > 0 && headLabels[heap[0]].equals(top)) {
      group[groupSize++] = pop();
    }
    return true;
  }

  /** Returns how many cursors are in the current group. */
  final int groupSize() {
    return groupSize;
  }

  /** Returns the index of the {@code g}-th cursor of the current group (ascending). */
  final int groupMember(int g) {
    return group[g];
  }

  private void push(int i) {
    if (!advance(i)) {
      return;
    }
    headLabels[i] = labelsAt(i);
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

  private int pop() {
    int top = heap[0];
    int last = heap[--heapSize];
    int h = 0;
    while (true) {
      int child = 2 * h + 1;
      if (child >= heapSize) {
        break;
      }
      if (child + 1 < heapSize && less(heap[child + 1], heap[child])) {
        child++;
      }
      if (!less(heap[child], last)) {
        break;
      }
      heap[h] = heap[child];
      h = child;
    }
    heap[h] = last;
    return top;
  }

  private boolean less(int a, int b) {
    int c = headLabels[a].compareTo(headLabels[b]);
    return c < 0 || (c == 0 && a < b);
  }
}
