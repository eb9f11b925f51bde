package io.argus.storage;

/** What a {@link SampleIterator} is positioned on. */
public enum ValueType {
  /** Exhausted (or failed). */
  NONE,
  /** A float sample. */
  FLOAT,
  /** An integer native histogram sample. */
  HISTOGRAM,
  /** A float native histogram sample. */
  FLOAT_HISTOGRAM
}
