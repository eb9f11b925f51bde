package io.argus.storage;

import io.argus.model.labels.Labels;
import org.jspecify.annotations.Nullable;

/** A series: its labels and a way to iterate its samples. */
public interface Series {
  Labels labels();

  /**
   * Returns an iterator over the samples in ascending time order. Passing a previous iterator
   * lets the implementation reuse it and avoid allocation.
   */
  SampleIterator iterator(@Nullable SampleIterator reuse);
}
