package io.argus.storage.merge;

import io.argus.storage.Series;
import io.argus.storage.SeriesSet;
import java.util.List;

/** The merge of series sets each sorted by labels; itself sorted. Single-threaded. */
final class MergedSeriesSet extends SortedSetMerge<SeriesSet, Series> implements SeriesSet {
  MergedSeriesSet(List<SeriesSet> sets) {
    super(
        sets,
        SeriesSet::next,
        SeriesSet::at,
        Series::labels,
        SeriesSet::warnings,
        (labels, group) -> new MergedSeries(labels, group.toArray(Series[]::new)));
  }
}
