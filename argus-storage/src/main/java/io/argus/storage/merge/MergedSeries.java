package io.argus.storage.merge;

import io.argus.model.labels.Labels;
import io.argus.storage.SampleIterator;
import io.argus.storage.Series;
import org.jspecify.annotations.Nullable;

/**
 * Several series with the same labels seen as one: samples merged by timestamp, one per timestamp,
 * the earliest source winning ties.
 */
final class MergedSeries implements Series {
  private final Labels labels;
  private final Series[] sources;

  MergedSeries(Labels labels, Series[] sources) {
    this.labels = labels;
    this.sources = sources;
  }

  @Override
  public Labels labels() {
    return labels;
  }

  @Override
  public SampleIterator iterator(@Nullable SampleIterator reuse) {
    MergeSampleIterator merged =
        reuse instanceof MergeSampleIterator m ? m : new MergeSampleIterator();
    SampleIterator[] its = new SampleIterator[sources.length];
    for (int i = 0; i < sources.length; i++) {
      its[i] = sources[i].iterator(merged.child(i));
    }
    merged.reset(its, its.length);
    return merged;
  }
}
