package io.argus.tsdb.index;

import io.argus.model.labels.LabelsBuilder;
import java.io.Closeable;
import java.util.Iterator;
import java.util.List;

/**
 * Reads the series index of a block or of the head. Thread-safe unless an implementation says
 * otherwise. Series references are what postings lists contain: for persisted blocks the series
 * entry offset / 16, for the head the head series ID. Must be closed.
 */
public interface IndexReader extends Closeable {
  /** Returns every symbol (label name or value), sorted by UTF-8 bytes. */
  Iterator<String> symbols();

  /** Returns the distinct label names, sorted. */
  List<String> labelNames();

  /** Returns the distinct values of {@code name}, sorted; empty when the name is unknown. */
  List<String> labelValues(String name);

  /**
   * Returns the sorted union of the postings of {@code name=value} for each value. Unknown pairs
   * contribute nothing. {@code postings("", "")} is the list of all series.
   */
  Postings postings(String name, String... values);

  /** Returns all series, sorted by reference. */
  default Postings allPostings() {
    return postings("", "");
  }

  /**
   * Returns {@code p} ordered by series labels. Persisted blocks already number series in label
   * order, so they return {@code p} itself.
   */
  default Postings sortedPostings(Postings p) {
    return p;
  }

  /**
   * Reads series {@code ref}: fills {@code labels} (after resetting it) and replaces the contents
   * of {@code chunks} with its chunk references sorted by time.
   *
   * @return false when the series does not exist (e.g. deleted from the head meanwhile)
   */
  boolean series(long ref, LabelsBuilder labels, List<ChunkRef> chunks);

  @Override
  void close();
}
