package io.argus.store.tsdb;

import io.argus.model.labels.Labels;
import io.argus.storage.ChunkMeta;
import io.argus.storage.ChunkQuerier;
import io.argus.storage.ChunkSeries;
import io.argus.storage.ChunkSeriesSet;
import io.argus.store.SampleBoundsSeries;
import io.argus.store.SeriesRequest;
import io.argus.store.StoreException;
import io.argus.store.StoreSeriesSet;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The answer of {@link TsdbStore#series}: the TSDB's series with their labels rewritten, in the
 * order of the rewritten labels; for a sample-bounds request each series as a {@link
 * io.argus.store.SampleBoundsSeries}, series without samples in the range left out. Owns the
 * querier and closes it. When the TSDB fails, the series already read (complete ones) are still
 * returned before {@link #next()} throws. Single-threaded.
 */
final class TsdbSeriesSet implements StoreSeriesSet {
  /** How much the rewrite can disturb the TSDB's order, and so how much must be buffered. */
  enum Order {
    /** The labels are not rewritten: stream as is. */
    KEPT,
    /**
     * Labels are only added: a series can only move behind the series its labels are a prefix of,
     * so each such group is sorted on its own.
     */
    PREFIX_GROUPS,
    /** Labels are removed or replaced: sort everything. */
    FULL
  }

  static final StoreSeriesSet EMPTY =
      new StoreSeriesSet() {
        @Override
        public boolean next() {
          return false;
        }

        @Override
        public ChunkSeries at() {
          throw new IllegalStateException("series set is empty");
        }

        @Override
        public void close() {}
      };

  private static final Comparator<ChunkSeries> BY_LABELS =
      Comparator.comparing(ChunkSeries::labels);

  private final String store;
  private final ChunkQuerier querier;
  private final ChunkSeriesSet in;
  private final LabelRewrite rewrite;
  private final Order order;
  private final boolean skipChunks;
  private final @Nullable SampleBounds bounds;
  private final long minTime;
  private final long maxTime;
  private final long limit;
  private final ArrayDeque<ChunkSeries> ready = new ArrayDeque<>();
  private final List<ChunkSeries> group = new ArrayList<>();
  private @Nullable Labels groupRoot;
  private boolean exhausted;
  private boolean closed;
  private long emitted;
  private @Nullable ChunkSeries current;
  private @Nullable StoreException failure;

  TsdbSeriesSet(
      String store,
      ChunkQuerier querier,
      ChunkSeriesSet in,
      LabelRewrite rewrite,
      Order order,
      SeriesRequest request) {
    this.store = store;
    this.querier = querier;
    this.in = in;
    this.rewrite = rewrite;
    this.order = order;
    this.skipChunks = request.skipChunks();
    this.bounds = request.sampleBounds() && !skipChunks ? new SampleBounds() : null;
    this.minTime = request.minTime();
    this.maxTime = request.maxTime();
    this.limit = request.limit();
  }

  @Override
  public boolean next() {
    current = null;
    if (closed || (limit > 0 && emitted >= limit)) {
      return false;
    }
    if (failure == null) {
      try {
        fill();
      } catch (RuntimeException e) {
        failure =
            e instanceof StoreException se
                ? se
                : new StoreException("store " + store + ": " + e.getMessage(), e);
        exhausted = true;
        flushGroup();
      }
    }
    current = ready.poll();
    if (current == null) {
      if (failure != null) {
        throw failure;
      }
      return false;
    }
    emitted++;
    return true;
  }

  private void fill() {
    if (!ready.isEmpty() || exhausted) {
      return;
    }
    switch (order) {
      case KEPT -> {
        while (ready.isEmpty()) {
          if (!in.next()) {
            exhausted = true;
            break;
          }
          addRewritten(ready, in.at());
        }
      }
      case PREFIX_GROUPS -> {
        while (ready.isEmpty() && !exhausted) {
          if (!in.next()) {
            exhausted = true;
            flushGroup();
            break;
          }
          ChunkSeries s = in.at();
          Labels root = groupRoot;
          if (root == null || !startsWith(s.labels(), root)) {
            flushGroup();
            groupRoot = s.labels();
          }
          addRewritten(group, s);
        }
      }
      case FULL -> {
        while (in.next()) {
          addRewritten(group, in.at());
        }
        exhausted = true;
        flushGroup();
      }
    }
  }

  private void flushGroup() {
    if (group.size() > 1) {
      group.sort(BY_LABELS);
    }
    ready.addAll(group);
    group.clear();
  }

  /** Whether the pairs of {@code prefix} are the first pairs of {@code labels}. */
  static boolean startsWith(Labels labels, Labels prefix) {
    if (prefix.size() > labels.size()) {
      return false;
    }
    for (int i = 0; i < prefix.size(); i++) {
      if (!prefix.name(i).equals(labels.name(i)) || !prefix.value(i).equals(labels.value(i))) {
        return false;
      }
    }
    return true;
  }

  /** Adds {@code s} rewritten to {@code out}: unless it is a bounds answer without samples. */
  private void addRewritten(Collection<ChunkSeries> out, ChunkSeries s) {
    SampleBounds b = bounds;
    if (b != null) {
      long[] times = s.sampleTimesFromMetadata(minTime, maxTime);
      if (times == null) {
        ChunkSeries found = b.of(rewrite.apply(s.labels()), s.chunks(), minTime, maxTime);
        if (found != null) {
          out.add(found);
        }
      } else if (times.length == 2) {
        out.add(new SampleBoundsSeries(rewrite.apply(s.labels()), times[0], times[1]));
      }
      return;
    }
    Labels labels = rewrite.apply(s.labels());
    List<ChunkMeta> chunks = skipChunks ? List.of() : List.copyOf(s.chunks());
    out.add(new Rewritten(labels, chunks));
  }

  @Override
  public ChunkSeries at() {
    return Objects.requireNonNull(current, "series set is not positioned on a series");
  }

  @Override
  public List<String> warnings() {
    return in.warnings();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    ready.clear();
    group.clear();
    querier.close();
  }

  private record Rewritten(Labels labels, List<ChunkMeta> chunks) implements ChunkSeries {}
}
