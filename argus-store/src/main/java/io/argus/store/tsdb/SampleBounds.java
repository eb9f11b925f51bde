package io.argus.store.tsdb;

import io.argus.model.labels.Labels;
import io.argus.storage.ChunkMeta;
import io.argus.storage.SampleIterator;
import io.argus.storage.ValueType;
import io.argus.store.SampleBoundsSeries;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Finds the times of a series' first and last sample in a closed range from its chunks, decoding as
 * little as it can. A chunk's metadata range is relied on only to contain all of its samples (the
 * contract of {@link ChunkMeta}), which holds for every source, so chunks entirely outside the
 * range, or unable to improve on a time already found, are never read. The times themselves are
 * decoded: at the start one sample of the first chunk reaching into the range suffices when it
 * starts inside it, at the end the last chunk reaching into the range is decoded whole. Metadata
 * alone would not be exact for the head, whose chunk times include samples committed after the
 * reader's isolation snapshot (the chunk then holds fewer samples, possibly none). Works for every
 * chunk encoding through {@link SampleIterator}. Single-threaded: reuses one iterator.
 */
final class SampleBounds {
  private @Nullable SampleIterator reuse;

  /**
   * The bounds of the samples of {@code chunks} (sorted by min time) in {@code [minTime, maxTime]}
   * (Unix ms, inclusive), or null when none of them lies there.
   */
  @Nullable SampleBoundsSeries of(
      Labels labels, List<ChunkMeta> chunks, long minTime, long maxTime) {
    long first = Long.MAX_VALUE;
    int n = chunks.size();
    for (int i = 0; i < n; i++) {
      ChunkMeta c = chunks.get(i);
      if (c.minTime() > maxTime || c.minTime() >= first) {
        break; // sorted by min time: no later chunk starts earlier
      }
      if (c.maxTime() < minTime) {
        continue;
      }
      SampleIterator it = iterator(c);
      if (it.seek(minTime) != ValueType.NONE && it.atT() <= maxTime && it.atT() < first) {
        first = it.atT();
      }
    }
    if (first == Long.MAX_VALUE) {
      return null;
    }
    long last = first;
    for (int i = n - 1; i >= 0; i--) {
      ChunkMeta c = chunks.get(i);
      if (c.minTime() > maxTime || c.maxTime() <= last || c.maxTime() < minTime) {
        continue;
      }
      last = Math.max(last, lastAtOrBefore(iterator(c), maxTime));
    }
    return new SampleBoundsSeries(labels, first, last);
  }

  private SampleIterator iterator(ChunkMeta c) {
    SampleIterator it = c.chunk().iterator(reuse);
    reuse = it;
    return it;
  }

  /** The time of the last sample of {@code it} at or before {@code maxTime}, else MIN_VALUE. */
  private static long lastAtOrBefore(SampleIterator it, long maxTime) {
    long last = Long.MIN_VALUE;
    while (it.next() != ValueType.NONE) {
      long t = it.atT();
      if (t > maxTime) {
        break;
      }
      last = t;
    }
    return last;
  }
}
