package io.argus.store.query;

import io.argus.model.labels.Labels;
import io.argus.storage.ChunkMeta;
import io.argus.storage.SampleIterator;
import io.argus.storage.Series;
import io.argus.storage.merge.MergeSampleIterator;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A series of one store decoded from its chunks and trimmed to {@code [mint, maxt]}. Chunks that
 * overlap in time (a store may return them, e.g. from overlapping blocks) are split into lanes of
 * non-overlapping chunks, each lane iterated in order and the lanes merged by timestamp with one
 * sample per timestamp.
 */
final class DecodedSeries implements Series {
  private final Labels labels;
  private final List<List<ChunkMeta>> lanes;
  private final long mint;
  private final long maxt;

  DecodedSeries(Labels labels, List<ChunkMeta> chunks, long mint, long maxt) {
    this.labels = labels;
    this.lanes = lanes(chunks);
    this.mint = mint;
    this.maxt = maxt;
  }

  /**
   * Splits chunks sorted by min time into runs of non-overlapping chunks: each chunk joins the
   * first lane whose last chunk ends before it starts.
   */
  static List<List<ChunkMeta>> lanes(List<ChunkMeta> chunks) {
    List<List<ChunkMeta>> lanes = new ArrayList<>(1);
    List<ChunkMeta> sorted = chunks;
    for (int i = 1; i < chunks.size(); i++) {
      if (chunks.get(i).minTime() < chunks.get(i - 1).minTime()) {
        sorted = new ArrayList<>(chunks);
        sorted.sort((a, b) -> Long.compare(a.minTime(), b.minTime()));
        break;
      }
    }
    for (ChunkMeta c : sorted) {
      List<ChunkMeta> target = null;
      for (List<ChunkMeta> lane : lanes) {
        if (lane.getLast().maxTime() < c.minTime()) {
          target = lane;
          break;
        }
      }
      if (target == null) {
        target = new ArrayList<>();
        lanes.add(target);
      }
      target.add(c);
    }
    return lanes;
  }

  @Override
  public Labels labels() {
    return labels;
  }

  @Override
  public SampleIterator iterator(@Nullable SampleIterator reuse) {
    if (lanes.isEmpty()) {
      return SampleIterator.EMPTY;
    }
    if (lanes.size() == 1) {
      ChunksSampleIterator it =
          reuse instanceof ChunksSampleIterator c ? c : new ChunksSampleIterator();
      return it.reset(lanes.getFirst(), mint, maxt);
    }
    SampleIterator[] its = new SampleIterator[lanes.size()];
    for (int i = 0; i < its.length; i++) {
      its[i] = new ChunksSampleIterator().reset(lanes.get(i), mint, maxt);
    }
    return new MergeSampleIterator(its);
  }
}
