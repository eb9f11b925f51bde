package io.argus.tsdb.head;

import io.argus.tsdb.BlockReader;
import io.argus.tsdb.chunks.ChunkReader;
import io.argus.tsdb.index.IndexReader;
import io.argus.tsdb.tombstones.TombstoneReader;

/**
 * A view of the {@link Head} limited to the closed time range {@code [mint, maxt]} (Unix ms): its
 * index lists only chunks overlapping the range. Used to persist a slice of the head as a block
 * and to query the head. Chunks are not cut at the range bounds (head chunks never span a chunk
 * range boundary), so readers trim samples themselves. Thread-safe.
 */
public final class RangeHead implements BlockReader {
  private final Head head;
  private final long mint;
  private final long maxt;

  /** Returns a view of {@code head} over {@code [mint, maxt]}, both inclusive. */
  public RangeHead(Head head, long mint, long maxt) {
    this.head = head;
    this.mint = mint;
    this.maxt = maxt;
  }

  @Override
  public IndexReader index() {
    return new HeadIndexReader(head, mint, maxt);
  }

  @Override
  public ChunkReader chunks() {
    return new HeadChunkReader(head, head.isolation.newReadState(mint));
  }

  @Override
  public TombstoneReader tombstones() {
    return head.tombstones();
  }

  /** Returns the inclusive lower bound of the view. */
  @Override
  public long minTime() {
    return mint;
  }

  /** Returns the inclusive upper bound of the view. */
  @Override
  public long maxTime() {
    return maxt;
  }

  /** Returns the head this view reads. */
  public Head head() {
    return head;
  }
}
