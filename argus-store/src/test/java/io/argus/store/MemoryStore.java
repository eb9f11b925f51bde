package io.argus.store;

import io.argus.model.labels.Labels;
import io.argus.storage.ChunkMeta;
import io.argus.storage.ChunkSeries;
import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import io.argus.storage.chunkenc.ChunkAppender;
import io.argus.storage.chunkenc.XorChunk;
import io.argus.storage.merge.SeriesSets;
import io.argus.store.proxy.ReplicaLabels;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A test store over series held in memory, honouring matchers, the time range (by chunk) and
 * replica-label stripping when it says it supports it. It can be made to fail or to hang.
 */
public final class MemoryStore implements SeriesStore {
  private final String name;
  private final StoreInfo info;
  private final List<ChunkSeries> series = new ArrayList<>();
  private volatile RuntimeException failure;
  private volatile int stopAfter = Integer.MAX_VALUE;
  private volatile @Nullable RuntimeException midStreamFailure;
  private volatile @Nullable CountDownLatch midStreamHang;
  private volatile CountDownLatch hang;
  private volatile boolean answersSampleBounds;
  private final AtomicInteger chunkRequests =
      new AtomicInteger();
  private final AtomicInteger boundsRequests =
      new AtomicInteger();

  public MemoryStore(String name, StoreInfo info) {
    this.name = name;
    this.info = info;
  }

  /** A store with the given external labels over all time, stripping replica labels itself. */
  public static MemoryStore of(String name, Labels external) {
    return new MemoryStore(
        name,
        new StoreInfo(
            external.isEmpty() ? List.of() : List.of(external),
            Long.MIN_VALUE,
            Long.MAX_VALUE,
            "sidecar",
            true));
  }

  /** Adds a series of float samples at {@code times} with values from {@code value}. */
  public MemoryStore add(Labels labels, long[] times, UnaryOperator<Double> valueOfT) {
    List<ChunkMeta> chunks = new ArrayList<>();
    XorChunk c = null;
    ChunkAppender app = null;
    long min = 0;
    long max = 0;
    for (long t : times) {
      if (c == null) {
        c = new XorChunk();
        app = c.appender();
        min = t;
      }
      app.append(t, valueOfT.apply((double) t));
      max = t;
      if (c.numSamples() == 120) {
        chunks.add(new ChunkMeta(0, min, max, c));
        c = null;
      }
    }
    if (c != null) {
      chunks.add(new ChunkMeta(0, min, max, c));
    }
    return addChunks(labels, chunks);
  }

  public MemoryStore addChunks(Labels labels, List<ChunkMeta> chunks) {
    Labels full = labels;
    if (!info.labelSets().isEmpty()) {
      var b = labels.toBuilder();
      info.labelSets().getFirst().forEach(b::set);
      full = b.build();
    }
    series.add(new Series(full, List.copyOf(chunks)));
    series.sort((a, b) -> a.labels().compareTo(b.labels()));
    return this;
  }

  /**
   * Makes this store answer {@link SeriesRequest#sampleBounds()} requests with {@link
   * SampleBoundsSeries} (found by decoding the chunks), as a TSDB store does.
   */
  public MemoryStore answeringSampleBounds() {
    answersSampleBounds = true;
    return this;
  }

  /** How many Series requests for chunks this store answered. */
  public int chunkRequests() {
    return chunkRequests.get();
  }

  /** How many Series requests it answered with sample bounds. */
  public int boundsRequests() {
    return boundsRequests.get();
  }

  public void failWith(RuntimeException e) {
    failure = e;
  }

  public void hang(CountDownLatch until) {
    hang = until;
  }

  /**
   * Makes the series sets stop after {@code series} series: the next {@code next()} throws {@code
   * failure}, or, when it is null, waits for {@code until} and then ends the set.
   */
  public void stopAfter(
      int series, @Nullable RuntimeException failure, @Nullable CountDownLatch until) {
    this.stopAfter = series;
    this.midStreamFailure = failure;
    this.midStreamHang = until;
  }

  record Series(Labels labels, List<ChunkMeta> chunks) implements ChunkSeries {}

  @Override
  public String name() {
    return name;
  }

  @Override
  public StoreInfo info() {
    if (failure != null) {
      throw failure;
    }
    return info;
  }

  @Override
  public StoreSeriesSet series(SeriesRequest request) {
    if (hang != null) {
      try {
        hang.await();
      } catch (InterruptedException e) {
        throw new StoreException("interrupted");
      }
    }
    if (failure != null) {
      throw failure;
    }
    List<ChunkSeries> out = new ArrayList<>();
    for (ChunkSeries s : series) {
      if (!request.matchers().stream().allMatch(m -> m.matches(s.labels()))) {
        continue;
      }
      List<ChunkMeta> chunks = new ArrayList<>();
      for (ChunkMeta c : s.chunks()) {
        if (c.maxTime() >= request.minTime() && c.minTime() <= request.maxTime()) {
          chunks.add(c);
        }
      }
      if (!chunks.isEmpty()) {
        out.add(new Series(s.labels(), request.skipChunks() ? List.of() : chunks));
      }
    }
    List<ChunkSeries> result =
        info.supportsWithoutReplicaLabels()
            ? ReplicaLabels.stripAndSort(out, request.withoutReplicaLabels())
            : out;
    boolean bounds = request.sampleBounds() && answersSampleBounds && !request.skipChunks();
    (bounds ? boundsRequests : chunkRequests).incrementAndGet();
    if (bounds) {
      List<ChunkSeries> withBounds = new ArrayList<>();
      for (ChunkSeries c : result) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (ChunkMeta m : c.chunks()) {
          SampleIterator it = m.chunk().iterator(null);
          for (ValueType vt = it.next(); vt != ValueType.NONE; vt = it.next()) {
            long t = it.atT();
            if (t >= request.minTime() && t <= request.maxTime()) {
              first = Math.min(first, t);
              last = Math.max(last, t);
            }
          }
        }
        if (first <= last) {
          withBounds.add(new SampleBoundsSeries(c.labels(), first, last));
        }
      }
      result = withBounds;
    }
    var set = SeriesSets.fromChunkSeries(result);
    int stop = stopAfter;
    RuntimeException stopFailure = midStreamFailure;
    CountDownLatch stopHang = midStreamHang;
    return new StoreSeriesSet() {
      int returned;

      @Override
      public boolean next() {
        if (returned == stop) {
          if (stopFailure != null) {
            throw stopFailure;
          }
          if (stopHang != null) {
            try {
              stopHang.await();
            } catch (InterruptedException e) {
              throw new StoreException("interrupted");
            }
          }
          return false;
        }
        returned++;
        return set.next();
      }

      @Override
      public ChunkSeries at() {
        return set.at();
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public LabelResult labelNames(LabelRequest request) {
    if (failure != null) {
      throw failure;
    }
    TreeSet<String> names = new TreeSet<>();
    for (ChunkSeries s : series) {
      if (request.matchers().stream().allMatch(m -> m.matches(s.labels()))) {
        s.labels().forEach((n, v) -> names.add(n));
      }
    }
    names.removeAll(request.withoutReplicaLabels());
    return new LabelResult(List.copyOf(names), List.of());
  }

  @Override
  public LabelResult labelValues(String label, LabelRequest request) {
    if (failure != null) {
      throw failure;
    }
    TreeSet<String> values = new TreeSet<>();
    for (ChunkSeries s : series) {
      if (request.matchers().stream().allMatch(m -> m.matches(s.labels()))
          && s.labels().get(label) != null) {
        values.add(s.labels().get(label));
      }
    }
    return new LabelResult(List.copyOf(values), List.of());
  }

  /** Reads every float sample of an iterator as {@code t=v} strings. */
  public static List<String> samples(SampleIterator it) {
    List<String> out = new ArrayList<>();
    for (ValueType vt = it.next(); vt != ValueType.NONE; vt = it.next()) {
      out.add(it.atT() + "=" + it.atFloat());
    }
    return out;
  }

  /** {@code from, from+step, …} up to {@code to} inclusive. */
  public static long[] times(long from, long to, long step) {
    int n = (int) ((to - from) / step) + 1;
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = from + i * step;
    }
    return out;
  }
}
