package io.argus.tsdb.head;

import io.argus.storage.chunkenc.Chunk;
import io.argus.storage.chunkenc.ChunkAppender;
import org.jspecify.annotations.Nullable;

/**
 * One chunk of a {@link MemSeries} with its closed time range (ms). The newest chunk of a series
 * is open (it has an appender); older ones are immutable. Guarded by the owning series' monitor.
 */
final class HeadChunk {
  final Chunk chunk;
  @Nullable ChunkAppender appender;
  final long minTime;
  long maxTime;

  HeadChunk(Chunk chunk, long minTime) {
    this.chunk = chunk;
    this.appender = chunk.appender();
    this.minTime = minTime;
    this.maxTime = Long.MIN_VALUE;
  }

  boolean isOpen() {
    return appender != null;
  }

  boolean overlaps(long mint, long maxt) {
    return minTime <= maxt && mint <= maxTime;
  }
}
