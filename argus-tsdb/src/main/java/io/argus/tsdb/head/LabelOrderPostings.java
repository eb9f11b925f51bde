package io.argus.tsdb.head;

import io.argus.tsdb.index.Postings;

/**
 * Postings in the order of an array that is sorted by series labels rather than by reference, as
 * {@link io.argus.tsdb.index.IndexReader#sortedPostings} returns them. {@link #seek} only skips
 * forward to the first reference at least as large. Single-threaded.
 */
final class LabelOrderPostings implements Postings {
  private final long[] refs;
  private final int length;
  private int index = -1;

  LabelOrderPostings(long[] refs, int length) {
    this.refs = refs;
    this.length = length;
  }

  @Override
  public boolean next() {
    if (index < length) {
      index++;
    }
    return index < length;
  }

  @Override
  public boolean seek(long v) {
    if (index < 0) {
      index = 0;
    }
    while (index < length && refs[index] < v) {
      index++;
    }
    return index < length;
  }

  @Override
  public long at() {
    return refs[index];
  }
}
