package io.argus.storage.merge;

import io.argus.model.labels.Matcher;
import io.argus.storage.LabelQuerier;
import java.util.ArrayList;
import java.util.List;

/**
 * The part shared by queriers over several queriers: label names and values are the sorted union of
 * the children's, their warnings are the children's, and closing closes every child, even when some
 * fail.
 */
abstract class MergeLabelQuerier<Q extends LabelQuerier> implements LabelQuerier {
  final List<Q> queriers;

  MergeLabelQuerier(List<Q> queriers) {
    this.queriers = List.copyOf(queriers);
  }

  @Override
  public final List<String> labelValues(String name, Matcher... matchers) {
    List<List<String>> all = new ArrayList<>(queriers.size());
    for (Q q : queriers) {
      all.add(q.labelValues(name, matchers));
    }
    return SortedStrings.union(all);
  }

  @Override
  public final List<String> labelNames(Matcher... matchers) {
    List<List<String>> all = new ArrayList<>(queriers.size());
    for (Q q : queriers) {
      all.add(q.labelNames(matchers));
    }
    return SortedStrings.union(all);
  }

  /** The children's warnings, in child order. */
  @Override
  public final List<String> warnings() {
    List<String> all = new ArrayList<>();
    for (Q q : queriers) {
      all.addAll(q.warnings());
    }
    return all;
  }

  @Override
  public final void close() {
    Closing.closeAll(queriers);
  }
}
