/**
 * Prometheus' write-ahead log, byte for byte: 32 KiB pages in 8-digit numbered segment files,
 * records split into CRC32C-checked fragments that never cross a page, optional snappy compression,
 * torn-tail repair and checkpoints.
 *
 * <p>{@link io.argus.tsdb.wal.Wal} appends records and owns the segment files; {@link
 * io.argus.tsdb.wal.WalReader} replays them in order and reports damage as a {@link
 * io.argus.tsdb.wal.WalCorruptionException} that {@link io.argus.tsdb.wal.Wal#repair} accepts;
 * {@link io.argus.tsdb.wal.Checkpoint} compacts old segments. Record contents are defined in {@code
 * io.argus.tsdb.record}. All file I/O goes through {@link io.argus.tsdb.fs.FileOps}.
 */
@NullMarked
package io.argus.tsdb.wal;

import org.jspecify.annotations.NullMarked;
