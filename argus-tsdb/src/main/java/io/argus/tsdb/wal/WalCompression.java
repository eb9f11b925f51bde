package io.argus.tsdb.wal;

/** How the WAL compresses records before fragmenting them. */
public enum WalCompression {
  /** Records are stored as they are. */
  NONE,
  /**
   * Records are compressed with the snappy block format when that makes them smaller, as Prometheus
   * does by default.
   */
  SNAPPY
}
