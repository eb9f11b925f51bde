package io.argus.tsdb.compact;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.labels.Utf8Order;
import io.argus.storage.ChunkMeta;
import io.argus.storage.SampleIterator;
import io.argus.storage.StorageException;
import io.argus.storage.ValueType;
import io.argus.storage.chunkenc.Chunk;
import io.argus.storage.chunkenc.ChunkAppender;
import io.argus.storage.chunkenc.Encoding;
import io.argus.tsdb.BlockReader;
import io.argus.tsdb.chunks.ChunkReader;
import io.argus.tsdb.index.ChunkRef;
import io.argus.tsdb.index.IndexReader;
import io.argus.tsdb.index.Postings;
import io.argus.tsdb.tombstones.Interval;
import io.argus.tsdb.tombstones.TombstoneReader;
import java.io.Closeable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Walks the series of one or more block readers in label order, merged by label set, and yields for
 * each the chunks a new block over the closed range {@code [mint, maxt]} must hold.
 *
 * <p>A chunk entirely inside the range, not touched by a tombstone and overlapping no other chunk
 * of its series is passed on as is (its encoded bytes are reused). Chunks cut by a tombstone or by
 * the range bounds are re-encoded without the dropped samples. Chunks that overlap (vertical
 * compaction) are decoded, merged keeping one sample per timestamp (the first source's), and
 * re-encoded into chunks of at most {@link #MAX_SAMPLES_PER_CHUNK} samples. Series left without
 * samples are skipped.
 *
 * <p>Not thread-safe. Holds the readers it opened until {@link #close()}.
 */
final class SeriesMerger implements Closeable {
  /** The cut size of re-encoded chunks, as Prometheus' compaction merger uses. */
  static final int MAX_SAMPLES_PER_CHUNK = 120;

  private final long mint;
  private final long maxt;
  private final Supplier<Chunk> newChunk;
  private final List<Source> sources = new ArrayList<>();
  private final PriorityQueue<Source> queue =
      new PriorityQueue<>((a, b) -> a.labels().compareTo(b.labels()));

  private @Nullable Labels currentLabels;
  private final List<ChunkMeta> currentChunks = new ArrayList<>();
  private final List<Pending> pending = new ArrayList<>();

  private long[] ts = new long[256];
  private double[] vs = new double[256];
  private @Nullable SampleIterator iterator;

  /**
   * Opens index, chunk and tombstone readers of every block.
   *
   * @param mint inclusive lower bound (Unix ms)
   * @param maxt inclusive upper bound (Unix ms)
   * @param newChunk creates an empty float chunk to re-encode into
   */
  SeriesMerger(List<? extends BlockReader> blocks, long mint, long maxt, Supplier<Chunk> newChunk) {
    this.mint = mint;
    this.maxt = maxt;
    this.newChunk = newChunk;
    try {
      for (BlockReader b : blocks) {
        Source s = new Source(b.index(), b.chunks(), b.tombstones());
        sources.add(s);
        if (s.advance()) {
          queue.add(s);
        }
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Returns the sorted, distinct union of the symbols of all blocks (including ""). */
  List<String> symbols() {
    TreeSet<String> all = new TreeSet<>(Utf8Order::compare);
    all.add("");
    for (Source s : sources) {
      Iterator<String> it = s.index.symbols();
      while (it.hasNext()) {
        all.add(it.next());
      }
    }
    return new ArrayList<>(all);
  }

  /** Advances to the next series that has samples in the range; false at the end. */
  boolean next() {
    while (!queue.isEmpty()) {
      Source first = queue.poll();
      Labels labels = first.labels();
      pending.clear();
      first.collect(pending);
      if (first.advance()) {
        queue.add(first);
      }
      while (!queue.isEmpty() && queue.peek().labels().equals(labels)) {
        Source s = queue.poll();
        s.collect(pending);
        if (s.advance()) {
          queue.add(s);
        }
      }
      currentChunks.clear();
      buildChunks();
      if (!currentChunks.isEmpty()) {
        currentLabels = labels;
        return true;
      }
    }
    currentLabels = null;
    return false;
  }

  /** Returns the labels of the current series. */
  Labels labels() {
    if (currentLabels == null) {
      throw new IllegalStateException("no current series");
    }
    return currentLabels;
  }

  /**
   * Returns the chunks of the current series, sorted by time, not overlapping; references are 0.
   * The list is reused by the next call to {@link #next()}.
   */
  List<ChunkMeta> chunks() {
    return currentChunks;
  }

  private void buildChunks() {
    pending.sort(
        (a, b) ->
            a.ref.minTime() != b.ref.minTime()
                ? Long.compare(a.ref.minTime(), b.ref.minTime())
                : Long.compare(a.ref.maxTime(), b.ref.maxTime()));
    int i = 0;
    while (i < pending.size()) {
      int j = i + 1;
      long groupMax = pending.get(i).ref.maxTime();
      while (j < pending.size() && pending.get(j).ref.minTime() <= groupMax) {
        groupMax = Math.max(groupMax, pending.get(j).ref.maxTime());
        j++;
      }
      if (j == i + 1) {
        emitSingle(pending.get(i));
      } else {
        emitMerged(pending.subList(i, j));
      }
      i = j;
    }
  }

  private void emitSingle(Pending p) {
    Chunk c = p.source.chunkReader.chunk(p.ref.ref());
    if (!p.needsFilter) {
      currentChunks.add(new ChunkMeta(0, p.ref.minTime(), p.ref.maxTime(), c));
      return;
    }
    int n = decode(c, p.deleted, 0);
    encode(n);
  }

  private void emitMerged(List<Pending> group) {
    // Sources are collected in reader order and the sort is stable for equal ranges, so for a
    // duplicate timestamp the sample that comes first here is kept.
    int n = 0;
    int[] runStarts = new int[group.size() + 1];
    for (int k = 0; k < group.size(); k++) {
      Pending p = group.get(k);
      runStarts[k] = n;
      n = decode(p.source.chunkReader.chunk(p.ref.ref()), p.deleted, n);
    }
    runStarts[group.size()] = n;
    long[] tsCopy = Arrays.copyOf(ts, n);
    double[] vsCopy = Arrays.copyOf(vs, n);
    // k-way merge of the sorted runs, dropping later duplicates.
    int[] pos = Arrays.copyOf(runStarts, group.size());
    int out = 0;
    long last = Long.MIN_VALUE;
    boolean any = false;
    while (true) {
      int best = -1;
      for (int k = 0; k < group.size(); k++) {
        if (pos[k] < runStarts[k + 1] && (best < 0 || tsCopy[pos[k]] < tsCopy[pos[best]])) {
          best = k;
        }
      }
      if (best < 0) {
        break;
      }
      long t = tsCopy[pos[best]];
      double v = vsCopy[pos[best]];
      pos[best]++;
      if (any && t == last) {
        continue;
      }
      ts[out] = t;
      vs[out] = v;
      out++;
      last = t;
      any = true;
    }
    encode(out);
  }

  /**
   * Appends the samples of {@code c} not deleted by {@code deleted} to the buffers at {@code n}.
   */
  private int decode(Chunk c, List<Interval> deleted, int n) {
    if (c.encoding() != Encoding.XOR) {
      throw new StorageException(
          "cannot re-encode chunk with encoding " + c.encoding() + " during compaction");
    }
    SampleIterator it = c.iterator(iterator);
    iterator = it;
    int d = 0;
    while (true) {
      ValueType vt = it.next();
      if (vt == ValueType.NONE) {
        break;
      }
      if (vt != ValueType.FLOAT) {
        throw new StorageException("unexpected " + vt + " sample in float chunk");
      }
      long t = it.atT();
      if (t < mint || t > maxt) {
        continue;
      }
      while (d < deleted.size() && deleted.get(d).maxTime() < t) {
        d++;
      }
      if (d < deleted.size() && deleted.get(d).contains(t)) {
        continue;
      }
      if (n == ts.length) {
        ts = Arrays.copyOf(ts, n * 2);
        vs = Arrays.copyOf(vs, n * 2);
      }
      ts[n] = t;
      vs[n] = it.atFloat();
      n++;
    }
    return n;
  }

  /** Encodes buffered samples {@code [0, n)} into chunks of at most 120 samples. */
  private void encode(int n) {
    for (int start = 0; start < n; start += MAX_SAMPLES_PER_CHUNK) {
      int end = Math.min(n, start + MAX_SAMPLES_PER_CHUNK);
      Chunk c = newChunk.get();
      ChunkAppender app = c.appender();
      for (int k = start; k < end; k++) {
        app.append(ts[k], vs[k]);
      }
      currentChunks.add(new ChunkMeta(0, ts[start], ts[end - 1], c));
    }
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    for (Source s : sources) {
      try {
        s.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    sources.clear();
    queue.clear();
    if (failure != null) {
      throw failure;
    }
  }

  /** A chunk of one source waiting to be emitted. */
  private record Pending(
      Source source, ChunkRef ref, List<Interval> deleted, boolean needsFilter) {}

  /** The series cursor over one block. */
  private final class Source implements Closeable {
    final IndexReader index;
    final ChunkReader chunkReader;
    final TombstoneReader tombstones;
    final Postings postings;
    final LabelsBuilder builder = new LabelsBuilder();
    final List<ChunkRef> chunkRefs = new ArrayList<>();
    List<Interval> intervals = List.of();
    @Nullable Labels labels;

    Source(IndexReader index, ChunkReader chunkReader, TombstoneReader tombstones) {
      this.index = index;
      this.chunkReader = chunkReader;
      this.tombstones = tombstones;
      this.postings = index.sortedPostings(index.allPostings());
    }

    Labels labels() {
      if (labels == null) {
        throw new IllegalStateException("source exhausted");
      }
      return labels;
    }

    /** Moves to the next series that still exists; false at the end. */
    boolean advance() {
      while (postings.next()) {
        long ref = postings.at();
        if (index.series(ref, builder, chunkRefs)) {
          labels = builder.build();
          intervals = tombstones.get(ref);
          return true;
        }
      }
      labels = null;
      return false;
    }

    /** Adds this series' chunks overlapping the range to {@code out}. */
    void collect(List<Pending> out) {
      for (ChunkRef c : chunkRefs) {
        if (!c.overlaps(mint, maxt)) {
          continue;
        }
        boolean cut = c.minTime() < mint || c.maxTime() > maxt;
        for (Interval iv : intervals) {
          if (iv.overlaps(c.minTime(), c.maxTime())) {
            cut = true;
            break;
          }
        }
        out.add(new Pending(this, c, intervals, cut));
      }
    }

    @Override
    public void close() {
      try {
        index.close();
      } finally {
        chunkReader.close();
      }
    }
  }
}
