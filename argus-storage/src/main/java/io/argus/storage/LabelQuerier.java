package io.argus.storage;

import io.argus.model.labels.Matcher;
import java.util.List;

/**
 * Answers label name and value questions over a fixed time range. Not thread-safe; must be closed.
 * Strings returned stay valid after close.
 */
public interface LabelQuerier extends AutoCloseable {
  /**
   * Returns the sorted (UTF-8 byte order), distinct values of {@code name} in series matching all
   * {@code matchers} (all series when none are given).
   */
  List<String> labelValues(String name, Matcher... matchers);

  /** Returns the sorted, distinct label names of series matching all {@code matchers}. */
  List<String> labelNames(Matcher... matchers);

  /**
   * The warnings gathered by this querier's {@link #labelValues} and {@link #labelNames} calls so
   * far, in the order they arose (e.g. a remote source that could not answer, named). None by
   * default.
   */
  default List<String> warnings() {
    return List.of();
  }

  @Override
  void close();
}
