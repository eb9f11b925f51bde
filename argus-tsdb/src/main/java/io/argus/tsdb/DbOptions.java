package io.argus.tsdb;

import java.time.Duration;

/**
 * Settings of a {@link Db}. Immutable; build with {@link #builder()}. Durations are in Unix
 * milliseconds, sizes in bytes.
 *
 * @param retentionMs blocks whose max time is this much older than the newest block's are deleted
 *     (0 disables time retention)
 * @param retentionBytes size limit of blocks plus WAL (0 disables size retention)
 * @param minBlockDurationMs the head chunk range and the smallest block range (default 2 h)
 * @param maxBlockDurationMs the largest block range compaction produces
 * @param walSegmentBytes size at which a WAL segment is cut
 * @param walCompression whether WAL records are Snappy-compressed (default true, as Prometheus)
 * @param walSyncOnLog whether every WAL write (each commit) is fsynced; Prometheus does not, and
 *     relies on segment completion and close to sync
 * @param outOfOrderWindowMs how far behind the head's max time samples are still accepted (0 = off;
 *     the head supports only 0 so far, and {@link Db#open} rejects anything else)
 * @param compactionIntervalMs how often the background thread runs {@link Db#compact()}; 0 disables
 *     the thread (tests call {@code compact()} themselves)
 */
public record DbOptions(
    long retentionMs,
    long retentionBytes,
    long minBlockDurationMs,
    long maxBlockDurationMs,
    int walSegmentBytes,
    boolean walCompression,
    boolean walSyncOnLog,
    long outOfOrderWindowMs,
    long compactionIntervalMs) {

  /** Prometheus' default retention: 15 days. */
  public static final long DEFAULT_RETENTION_MS = Duration.ofDays(15).toMillis();

  /** Prometheus' default minimum block duration and head chunk range: 2 hours. */
  public static final long DEFAULT_MIN_BLOCK_DURATION_MS = Duration.ofHours(2).toMillis();

  /** The cap of the default maximum block duration: 31 days. */
  public static final long MAX_BLOCK_DURATION_CAP_MS = Duration.ofDays(31).toMillis();

  /** Prometheus' default WAL segment size: 128 MiB. */
  public static final int DEFAULT_WAL_SEGMENT_BYTES = 128 * 1024 * 1024;

  public DbOptions {
    if (retentionMs < 0 || retentionBytes < 0 || outOfOrderWindowMs < 0) {
      throw new IllegalArgumentException("retention and out-of-order window must not be negative");
    }
    if (minBlockDurationMs <= 0 || maxBlockDurationMs < minBlockDurationMs) {
      throw new IllegalArgumentException(
          "block durations must satisfy 0 < min <= max, got min "
              + minBlockDurationMs
              + " max "
              + maxBlockDurationMs);
    }
    if (walSegmentBytes <= 0) {
      throw new IllegalArgumentException("wal segment size must be positive");
    }
    if (compactionIntervalMs < 0) {
      throw new IllegalArgumentException("compaction interval must not be negative");
    }
  }

  /** Returns the head chunk range, which equals the minimum block duration. */
  public long headChunkRangeMs() {
    return minBlockDurationMs;
  }

  /** Returns options with every default. */
  public static DbOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder of {@link DbOptions}. Not thread-safe. */
  public static final class Builder {
    private long retentionMs = DEFAULT_RETENTION_MS;
    private long retentionBytes;
    private long minBlockDurationMs = DEFAULT_MIN_BLOCK_DURATION_MS;
    private long maxBlockDurationMs = -1;
    private int walSegmentBytes = DEFAULT_WAL_SEGMENT_BYTES;
    private boolean walCompression = true;
    private boolean walSyncOnLog;
    private long outOfOrderWindowMs;
    private long compactionIntervalMs = Duration.ofMinutes(1).toMillis();

    private Builder() {}

    public Builder retentionMs(long v) {
      retentionMs = v;
      return this;
    }

    public Builder retentionBytes(long v) {
      retentionBytes = v;
      return this;
    }

    public Builder minBlockDurationMs(long v) {
      minBlockDurationMs = v;
      return this;
    }

    /** Sets the maximum block duration; unset means retention / 10 capped at 31 days. */
    public Builder maxBlockDurationMs(long v) {
      maxBlockDurationMs = v;
      return this;
    }

    public Builder walSegmentBytes(int v) {
      walSegmentBytes = v;
      return this;
    }

    public Builder walCompression(boolean v) {
      walCompression = v;
      return this;
    }

    public Builder walSyncOnLog(boolean v) {
      walSyncOnLog = v;
      return this;
    }

    public Builder outOfOrderWindowMs(long v) {
      outOfOrderWindowMs = v;
      return this;
    }

    /** Sets the background compaction interval; 0 disables the background thread. */
    public Builder compactionIntervalMs(long v) {
      compactionIntervalMs = v;
      return this;
    }

    public DbOptions build() {
      long max = maxBlockDurationMs;
      if (max < 0) {
        max = retentionMs == 0 ? MAX_BLOCK_DURATION_CAP_MS : retentionMs / 10;
        max = Math.min(max, MAX_BLOCK_DURATION_CAP_MS);
        max = Math.max(max, minBlockDurationMs);
      }
      return new DbOptions(
          retentionMs,
          retentionBytes,
          minBlockDurationMs,
          max,
          walSegmentBytes,
          walCompression,
          walSyncOnLog,
          outOfOrderWindowMs,
          compactionIntervalMs);
    }
  }
}
