package io.argus.storage.merge;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.ChunkMeta;
import io.argus.storage.ChunkQuerier;
import io.argus.storage.ChunkSeries;
import io.argus.storage.ChunkSeriesSet;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.StorageException;
import io.argus.storage.ValueType;
import io.argus.storage.chunkenc.ChunkAppender;
import io.argus.storage.chunkenc.XorChunk;
import java.util.ArrayList;
import java.util.List;

/** Factories of chunk queriers that combine others, and the chunk re-encoding they rely on. */
public final class ChunkQueriers {
  /** The most samples a chunk re-encoded by a merge holds, as Prometheus cuts them. */
  public static final int MAX_SAMPLES_PER_CHUNK = 120;

  private ChunkQueriers() {}

  /**
   * Returns a chunk querier over all of {@code queriers} doing a compacting merge: children are
   * asked for sorted sets that are merged into one sorted set; series with equal labels become one
   * series whose time-overlapping chunks are decoded, merged by timestamp (one sample per
   * timestamp, the earliest child's in list order) and re-encoded into XOR chunks of at most
   * {@value #MAX_SAMPLES_PER_CHUNK} samples; chunks overlapping nothing, and exact duplicates, are
   * kept as they are. This is the merge of vertical compaction. Label names and values are the
   * sorted union. Closing it closes every child.
   *
   * <p>With a single child that child itself is returned (its chunks are not compacted); with none,
   * a querier without series.
   */
  public static ChunkQuerier merge(List<ChunkQuerier> queriers) {
    return switch (queriers.size()) {
      case 0 -> EmptyChunkQuerier.INSTANCE;
      case 1 -> queriers.get(0);
      default -> new MergeChunkQuerier(queriers);
    };
  }

  /**
   * Returns the compacting merge of chunk series that all have the same labels (see {@link
   * #merge}); the first series' labels are used. Its chunks are computed on first access.
   */
  public static ChunkSeries compactingMerge(List<? extends ChunkSeries> series) {
    if (series.isEmpty()) {
      throw new IllegalArgumentException("no series to merge");
    }
    if (series.size() == 1) {
      return series.get(0);
    }
    Labels labels = series.get(0).labels();
    return new CompactingChunkSeries(labels, series.toArray(ChunkSeries[]::new));
  }

  /**
   * Drains {@code samples} into new XOR chunks of at most {@code maxSamplesPerChunk} samples each,
   * with reference 0 and their actual first and last timestamps as range. Returns an empty list
   * when there are no samples.
   *
   * @throws StorageException when the iterator yields something other than float samples
   */
  public static List<ChunkMeta> encode(SampleIterator samples, int maxSamplesPerChunk) {
    if (maxSamplesPerChunk < 1) {
      throw new IllegalArgumentException("maxSamplesPerChunk must be positive");
    }
    List<ChunkMeta> out = new ArrayList<>();
    XorChunk chunk = null;
    ChunkAppender app = null;
    long minTime = 0;
    long maxTime = 0;
    int count = 0;
    for (ValueType vt = samples.next(); vt != ValueType.NONE; vt = samples.next()) {
      if (vt != ValueType.FLOAT) {
        throw new StorageException("cannot re-encode samples of type " + vt + " into XOR chunks");
      }
      if (chunk == null || count == maxSamplesPerChunk) {
        if (chunk != null) {
          out.add(new ChunkMeta(0, minTime, maxTime, chunk));
        }
        chunk = new XorChunk();
        app = chunk.appender();
        minTime = samples.atT();
        count = 0;
      }
      maxTime = samples.atT();
      app.append(maxTime, samples.atFloat());
      count++;
    }
    if (chunk != null) {
      out.add(new ChunkMeta(0, minTime, maxTime, chunk));
    }
    return out;
  }

  private enum EmptyChunkQuerier implements ChunkQuerier, EmptyLabelQuerier {
    INSTANCE;

    @Override
    public ChunkSeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
      return SeriesSets.emptyChunks();
    }
  }
}
