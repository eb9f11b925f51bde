package io.argus.storage;

import io.argus.model.labels.Matcher;

/**
 * Selects series over the time range it was opened for. Not thread-safe; must be closed, after
 * which series sets it returned must no longer be used.
 */
public interface Querier extends LabelQuerier {
  /**
   * Returns the series matching all {@code matchers}, with their samples inside the querier's
   * range. When {@code sorted} is true the set is sorted by labels (UTF-8 byte order).
   *
   * @param hints optional hints about the query; may be {@link SelectHints#NONE}
   */
  SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers);
}
