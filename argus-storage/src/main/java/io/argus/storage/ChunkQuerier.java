package io.argus.storage;

import io.argus.model.labels.Matcher;

/** Selects series as encoded chunks. Not thread-safe; must be closed. */
public interface ChunkQuerier extends LabelQuerier {
  /** Returns matching series with chunks overlapping the querier's range. */
  ChunkSeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers);
}
