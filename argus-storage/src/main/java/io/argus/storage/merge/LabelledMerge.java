package io.argus.storage.merge;

import io.argus.model.labels.Labels;

/**
 * The core of a merge of several cursors that are each sorted by labels: a heap over the cursors
 * ordered by (current labels, cursor index). Each step yields the group of cursors positioned on
 * the smallest label set, in ascending cursor index. Single-threaded.
 */
abstract class LabelledMerge extends IndexHeap {
  private final int cursorCount;
  private final Labels[] headLabels;
  private final int[] group;
  private int groupSize;
  private boolean started;

  LabelledMerge(int cursorCount) {
    super(cursorCount);
    this.cursorCount = cursorCount;
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
        advanceAndPush(i);
      }
    } else {
      for (int g = 0; g < groupSize; g++) {
        advanceAndPush(group[g]);
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

  private void advanceAndPush(int i) {
    if (advance(i)) {
      headLabels[i] = labelsAt(i);
      push(i);
    }
  }

  @Override
  final boolean less(int a, int b) {
    int c = headLabels[a].compareTo(headLabels[b]);
    return c < 0 || (c == 0 && a < b);
  }
}
