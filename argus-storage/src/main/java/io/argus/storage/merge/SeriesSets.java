package io.argus.storage.merge;

import io.argus.storage.ChunkSeries;
import io.argus.storage.ChunkSeriesSet;
import io.argus.storage.Series;
import io.argus.storage.SeriesSet;
import java.util.List;
import java.util.NoSuchElementException;

/** Null-object and list-backed series sets. */
public final class SeriesSets {
  private SeriesSets() {}

  /** Returns a set without series. */
  public static SeriesSet empty() {
    return EmptySeriesSet.INSTANCE;
  }

  /** Returns a chunk series set without series. */
  public static ChunkSeriesSet emptyChunks() {
    return EmptyChunkSeriesSet.INSTANCE;
  }

  /**
   * Returns a set yielding {@code series} in list order (sorted only if the list is). The list is
   * copied.
   */
  public static SeriesSet from(List<? extends Series> series) {
    return new ListSeriesSet(List.copyOf(series));
  }

  /** Returns a chunk series set yielding {@code series} in list order. The list is copied. */
  public static ChunkSeriesSet fromChunkSeries(List<? extends ChunkSeries> series) {
    return new ListChunkSeriesSet(List.copyOf(series));
  }

  /** A cursor over a list, bound to a set interface by its subclasses. */
  private abstract static class ListCursor<S> {
    private final List<S> list;
    private int next;

    ListCursor(List<S> list) {
      this.list = list;
    }

    public final boolean next() {
      if (next >= list.size()) {
        return false;
      }
      next++;
      return true;
    }

    public final S at() {
      if (next == 0) {
        throw new NoSuchElementException("series set is not positioned on a series");
      }
      return list.get(next - 1);
    }
  }

  private static final class ListSeriesSet extends ListCursor<Series> implements SeriesSet {
    ListSeriesSet(List<Series> list) {
      super(list);
    }
  }

  private static final class ListChunkSeriesSet extends ListCursor<ChunkSeries>
      implements ChunkSeriesSet {
    ListChunkSeriesSet(List<ChunkSeries> list) {
      super(list);
    }
  }

  private enum EmptySeriesSet implements SeriesSet {
    INSTANCE;

    @Override
    public boolean next() {
      return false;
    }

    @Override
    public Series at() {
      throw new NoSuchElementException("empty series set");
    }
  }

  private enum EmptyChunkSeriesSet implements ChunkSeriesSet {
    INSTANCE;

    @Override
    public boolean next() {
      return false;
    }

    @Override
    public ChunkSeries at() {
      throw new NoSuchElementException("empty series set");
    }
  }
}
