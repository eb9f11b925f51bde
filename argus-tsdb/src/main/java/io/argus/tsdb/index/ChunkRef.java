package io.argus.tsdb.index;

/**
 * A reference to a chunk with its closed time range {@code [minTime, maxTime]} (Unix ms), as the
 * index stores it. The reference is interpreted by the matching {@link
 * io.argus.tsdb.chunks.ChunkReader}.
 */
public record ChunkRef(long ref, long minTime, long maxTime) {
  /** Returns whether the chunk overlaps the closed range {@code [mint, maxt]}. */
  public boolean overlaps(long mint, long maxt) {
    return minTime <= maxt && mint <= maxTime;
  }
}
