package io.argus.tsdb.wal;

/**
 * Settings of a {@link Wal} writer.
 *
 * @param segmentBytes the size at which a new segment is cut, a positive multiple of the 32 KiB
 *     page size (Prometheus' default is 128 MiB); a single record larger than this still goes into
 *     one oversized segment
 * @param compression how records are compressed
 * @param isSyncOnLog whether every {@link Wal#log} call ends with an fsync. Prometheus does not
 *     fsync per call (only when a segment is completed), so the default is false: after {@code log}
 *     returns the data has reached the operating system but may be lost with the machine
 */
public record WalOptions(int segmentBytes, WalCompression compression, boolean isSyncOnLog) {
  /** Prometheus' default segment size, 128 MiB. */
  public static final int DEFAULT_SEGMENT_BYTES = 128 * 1024 * 1024;

  public WalOptions {
    if (segmentBytes <= 0 || segmentBytes % Wal.PAGE_SIZE != 0) {
      throw new IllegalArgumentException(
          "wal segment size must be a positive multiple of the page size "
              + Wal.PAGE_SIZE
              + ", got "
              + segmentBytes);
    }
  }

  /** Returns the defaults: 128 MiB segments, snappy compression, no fsync per log call. */
  public static WalOptions defaults() {
    return new WalOptions(DEFAULT_SEGMENT_BYTES, WalCompression.SNAPPY, false);
  }

  public WalOptions withSegmentBytes(int bytes) {
    return new WalOptions(bytes, compression, isSyncOnLog);
  }

  public WalOptions withCompression(WalCompression c) {
    return new WalOptions(segmentBytes, c, isSyncOnLog);
  }

  public WalOptions withSyncOnLog(boolean sync) {
    return new WalOptions(segmentBytes, compression, sync);
  }
}
