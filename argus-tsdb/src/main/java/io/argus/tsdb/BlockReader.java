package io.argus.tsdb;

import io.argus.tsdb.chunks.ChunkReader;
import io.argus.tsdb.index.IndexReader;
import io.argus.tsdb.tombstones.TombstoneReader;

/**
 * Read access to one block of data: a persisted block, the head, or a time slice of the head. One
 * querier path serves all of them. Thread-safe. The readers it returns must be closed.
 */
public interface BlockReader {
  /** Opens a reader of the block's series, labels and postings. */
  IndexReader index();

  /** Opens a reader of the block's chunks by the references the index hands out. */
  ChunkReader chunks();

  /** Returns the deletions not yet applied to the block. */
  TombstoneReader tombstones();

  /** Returns the inclusive lower bound (Unix ms) of the block's samples. */
  long minTime();

  /**
   * Returns the upper bound (Unix ms) of the block's samples: exclusive for persisted blocks (as in
   * meta.json), inclusive for the head.
   */
  long maxTime();
}
