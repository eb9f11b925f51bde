package io.argus.storage.merge;

import io.argus.model.labels.Labels;
import io.argus.storage.ChunkMeta;
import io.argus.storage.ChunkSeries;
import io.argus.storage.SampleIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Several chunk series with the same labels seen as one, without overlapping chunks: chunks that
 * overlap in time (transitively) are decoded, merged by timestamp keeping one sample per timestamp
 * (the earliest source's), and re-encoded as XOR chunks of at most {@link
 * ChunkQueriers#MAX_SAMPLES_PER_CHUNK} samples. Chunks that overlap nothing, and exact duplicates,
 * are passed through unchanged. Computed on the first call of {@link #chunks()}.
 */
final class CompactingChunkSeries implements ChunkSeries {
  private static final Comparator<Source> BY_TIME =
      Comparator.<Source>comparingLong(s -> s.meta.minTime())
          .thenComparingLong(s -> s.meta.maxTime())
          .thenComparingInt(s -> s.index);
  private static final Comparator<Source> BY_PRIORITY =
      Comparator.<Source>comparingInt(s -> s.index).thenComparingLong(s -> s.meta.minTime());

  private final Labels labels;
  private final ChunkSeries[] sources;
  private @Nullable List<ChunkMeta> merged;

  CompactingChunkSeries(Labels labels, ChunkSeries[] sources) {
    this.labels = labels;
    this.sources = sources;
  }

  @Override
  public Labels labels() {
    return labels;
  }

  @Override
  public List<ChunkMeta> chunks() {
    List<ChunkMeta> m = merged;
    if (m == null) {
      m = compact();
      merged = m;
    }
    return m;
  }

  /**
   * The union of the sources' answers: the merge keeps every timestamp of every source (it drops
   * only duplicates of equal timestamps), so the first and last samples are the sources' extremes.
   * Null when any source cannot tell.
   */
  @Override
  public long @Nullable [] sampleTimesFromMetadata(long minTime, long maxTime) {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (ChunkSeries s : sources) {
      long[] times = s.sampleTimesFromMetadata(minTime, maxTime);
      if (times == null) {
        return null;
      }
      if (times.length == 2) {
        first = Math.min(first, times[0]);
        last = Math.max(last, times[1]);
      }
    }
    return first == Long.MAX_VALUE ? NO_SAMPLES : new long[] {first, last};
  }

  private record Source(ChunkMeta meta, int index) {}

  private List<ChunkMeta> compact() {
    List<Source> all = new ArrayList<>();
    for (int i = 0; i < sources.length; i++) {
      for (ChunkMeta c : sources[i].chunks()) {
        all.add(new Source(c, i));
      }
    }
    all.sort(BY_TIME);
    List<ChunkMeta> out = new ArrayList<>(all.size());
    List<Source> group = new ArrayList<>();
    int i = 0;
    while (i < all.size()) {
      Source first = all.get(i);
      group.clear();
      group.add(first);
      long groupMaxTime = first.meta.maxTime();
      Source prev = first;
      int j = i + 1;
      for (; j < all.size() && all.get(j).meta.minTime() <= groupMaxTime; j++) {
        Source next = all.get(j);
        if (!sameChunk(prev.meta, next.meta)) {
          group.add(next);
          groupMaxTime = Math.max(groupMaxTime, next.meta.maxTime());
          prev = next;
        }
      }
      if (group.size() == 1) {
        out.add(first.meta);
      } else {
        out.addAll(mergeGroup(group));
      }
      i = j;
    }
    return out;
  }

  private static List<ChunkMeta> mergeGroup(List<Source> group) {
    group.sort(BY_PRIORITY);
    SampleIterator[] its = new SampleIterator[group.size()];
    for (int k = 0; k < its.length; k++) {
      its[k] = group.get(k).meta.chunk().iterator(null);
    }
    return ChunkQueriers.encode(new MergeSampleIterator(its), ChunkQueriers.MAX_SAMPLES_PER_CHUNK);
  }

  private static boolean sameChunk(ChunkMeta a, ChunkMeta b) {
    return a.minTime() == b.minTime()
        && a.maxTime() == b.maxTime()
        && a.chunk().encoding() == b.chunk().encoding()
        && Arrays.equals(
            a.chunk().bytes(),
            0,
            a.chunk().byteLength(),
            b.chunk().bytes(),
            0,
            b.chunk().byteLength());
  }
}
