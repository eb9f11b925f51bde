package io.argus.storage.merge;

import io.argus.model.labels.Matcher;
import io.argus.storage.Querier;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import java.util.ArrayList;
import java.util.List;

/** A querier over several queriers; see {@link Queriers#merge}. */
final class MergeQuerier implements Querier {
  private final List<Querier> queriers;

  MergeQuerier(List<Querier> queriers) {
    this.queriers = List.copyOf(queriers);
  }

  @Override
  public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
    List<SeriesSet> sets = new ArrayList<>(queriers.size());
    for (Querier q : queriers) {
      sets.add(q.select(true, hints, matchers));
    }
    return new MergedSeriesSet(sets);
  }

  @Override
  public List<String> labelValues(String name, Matcher... matchers) {
    List<List<String>> all = new ArrayList<>(queriers.size());
    for (Querier q : queriers) {
      all.add(q.labelValues(name, matchers));
    }
    return SortedStrings.union(all);
  }

  @Override
  public List<String> labelNames(Matcher... matchers) {
    List<List<String>> all = new ArrayList<>(queriers.size());
    for (Querier q : queriers) {
      all.add(q.labelNames(matchers));
    }
    return SortedStrings.union(all);
  }

  @Override
  public void close() {
    Closing.closeAll(queriers);
  }
}
