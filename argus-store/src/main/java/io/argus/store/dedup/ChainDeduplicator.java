package io.argus.store.dedup;

import io.argus.model.labels.Labels;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.Series;
import io.argus.storage.SeriesSet;
import io.argus.storage.merge.MergeSampleIterator;
import org.jspecify.annotations.Nullable;

/**
 * The chain algorithm (Thanos {@code --deduplication.func=chain}): the samples of all replicas in
 * one sorted stream, where several replicas have a sample at the same timestamp only the first
 * replica's (in input order) is kept. No gap logic and no counter adjustment. Meant for replicas
 * that hold identical samples (remote-write receivers); independently scraping replicas yield
 * double the sample density and their scrape jitter. Stateless and thread-safe.
 */
public final class ChainDeduplicator implements SeriesDeduplicator {
  @Override
  public SeriesSet deduplicate(SeriesSet sorted, SelectHints hints) {
    return new ReplicaGroupingSeriesSet(sorted, ChainSeries::new);
  }

  /** The replicas of one label set seen as their chained merge. */
  private record ChainSeries(Labels labels, Series[] replicas) implements Series {
    @Override
    public SampleIterator iterator(@Nullable SampleIterator reuse) {
      MergeSampleIterator merged =
          reuse instanceof MergeSampleIterator m ? m : new MergeSampleIterator();
      SampleIterator[] children = new SampleIterator[replicas.length];
      for (int i = 0; i < replicas.length; i++) {
        children[i] = replicas[i].iterator(merged.child(i));
      }
      merged.reset(children, children.length);
      return merged;
    }
  }
}
