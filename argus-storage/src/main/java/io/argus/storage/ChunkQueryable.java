package io.argus.storage;

/** Something that can open chunk queriers; the chunk-level twin of {@link Queryable}. */
@FunctionalInterface
public interface ChunkQueryable {
  /** Opens a chunk querier over {@code [minTime, maxTime]} (ms, inclusive). Must be closed. */
  ChunkQuerier chunkQuerier(long minTime, long maxTime);
}
