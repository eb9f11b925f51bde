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
    List<Series> copy = List.copyOf(series);
    return new SeriesSet() {
      private int next;

      @Override
      public boolean next() {
        if (next >= copy.size()) {
          return false;
        }
        next++;
        return true;
      }

      @Override
      public Series at() {
        if (next == 0) {
          throw new NoSuchElementException("series set is not positioned on a series");
        }
        return copy.get(next - 1);
      }
    };
  }

  /** Returns a chunk series set yielding {@code series} in list order. The list is copied. */
  public static ChunkSeriesSet fromChunkSeries(List<? extends ChunkSeries> series) {
    List<ChunkSeries> copy = List.copyOf(series);
    return new ChunkSeriesSet() {
      private int next;

      @Override
      public boolean next() {
        if (next >= copy.size()) {
          return false;
        }
        next++;
        return true;
      }

      @Override
      public ChunkSeries at() {
        if (next == 0) {
          throw new NoSuchElementException("series set is not positioned on a series");
        }
        return copy.get(next - 1);
      }
    };
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
