package io.argus.storage.merge;

import io.argus.model.labels.Matcher;
import io.argus.storage.Querier;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import java.util.List;

/** Factories of queriers that combine or stand in for others. */
public final class Queriers {
  private Queriers() {}

  /**
   * Returns a querier over all of {@code queriers}. Its {@code select} asks every child for a
   * sorted set and merges them into one sorted set; series with equal labels from several children
   * become one series whose samples are merged by timestamp, keeping one sample per timestamp (the
   * earliest child's in list order). Label names and values are the sorted union of the children's.
   * Closing it closes every child, even when some fail.
   *
   * <p>With a single child that child itself is returned; with none, {@link #empty()}. The result
   * is single-threaded like any querier; the children must not be used directly afterwards.
   */
  public static Querier merge(List<Querier> queriers) {
    return switch (queriers.size()) {
      case 0 -> empty();
      case 1 -> queriers.get(0);
      default -> new MergeQuerier(queriers);
    };
  }

  /** Returns a querier without any series. */
  public static Querier empty() {
    return EmptyQuerier.INSTANCE;
  }

  private enum EmptyQuerier implements Querier, EmptyLabelQuerier {
    INSTANCE;

    @Override
    public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
      return SeriesSets.empty();
    }
  }
}
