package io.argus.storage.merge;

import io.argus.model.labels.Matcher;
import io.argus.storage.Querier;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import java.util.ArrayList;
import java.util.List;

/** A querier over several queriers; see {@link Queriers#merge}. */
final class MergeQuerier extends MergeLabelQuerier<Querier> implements Querier {
  MergeQuerier(List<Querier> queriers) {
    super(queriers);
  }

  @Override
  public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
    List<SeriesSet> sets = new ArrayList<>(queriers.size());
    for (Querier q : queriers) {
      sets.add(q.select(true, hints, matchers));
    }
    return new MergedSeriesSet(sets);
  }
}
