package io.argus.tsdb.wal;

import io.argus.tsdb.encoding.CorruptionException;
import java.nio.file.Path;

/**
 * Damaged WAL data: a bad checksum, an impossible fragment sequence, non-zero page padding, or a
 * segment that ends inside a record (a torn tail). {@link #offset()} is where the damaged record
 * starts in segment {@link #segment()} of {@link #dir()}: every record that starts before it was
 * read intact, which is what {@link Wal#repair} keeps.
 */
public final class WalCorruptionException extends CorruptionException {
  private final Path dir;
  private final int segment;
  private final long offset;

  public WalCorruptionException(Path dir, int segment, long offset, String reason) {
    super(
        "corruption in segment "
            + dir.resolve(SegmentFiles.name(segment))
            + " at "
            + offset
            + ": "
            + reason);
    this.dir = dir;
    this.segment = segment;
    this.offset = offset;
  }

  /** Returns the directory holding the damaged segment (the WAL or a checkpoint directory). */
  public Path dir() {
    return dir;
  }

  /** Returns the index of the damaged segment. */
  public int segment() {
    return segment;
  }

  /** Returns the byte offset in the segment at which the damaged record starts. */
  public long offset() {
    return offset;
  }
}
