package io.argus.alertmanager.state;

import io.argus.tsdb.fs.FileOps;
import java.io.IOException;
import java.nio.file.Path;

/**
 * State kept in a snapshot file of the data directory and garbage-collected by {@link
 * DataDirectory}. Implementations are thread-safe.
 */
public interface PersistentState {
  /** The snapshot file name in the data directory, also the snapshot kind. */
  String snapshotName();

  /** Drops expired entries; returns how many. */
  int gc();

  /**
   * Merges the snapshot at {@code path} into this state; a missing file counts as empty. Returns
   * the number of entries taken.
   *
   * @throws CorruptStateException when the file is damaged; the message names the file
   */
  int loadSnapshot(FileOps fs, Path path) throws IOException;

  /** Replaces the snapshot at {@code path} atomically; returns its size in bytes. */
  long writeSnapshot(FileOps fs, Path path) throws IOException;
}
