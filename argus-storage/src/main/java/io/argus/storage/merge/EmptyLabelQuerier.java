package io.argus.storage.merge;

import io.argus.model.labels.Matcher;
import io.argus.storage.LabelQuerier;
import java.util.List;

/** The label side of a querier without series: no names, no values, nothing to close. */
interface EmptyLabelQuerier extends LabelQuerier {
  @Override
  default List<String> labelValues(String name, Matcher... matchers) {
    return List.of();
  }

  @Override
  default List<String> labelNames(Matcher... matchers) {
    return List.of();
  }

  @Override
  default void close() {}
}
