package io.argus.tsdb.fs;

import java.io.IOException;
import java.nio.file.Path;

/** Whole-file writes that either replace a file completely or leave it as it was. Stateless. */
public final class AtomicFiles {
  /** The suffix of the temporary file a write goes through, next to its target. */
  public static final String TMP_SUFFIX = ".tmp";

  private AtomicFiles() {}

  /**
   * Replaces {@code target} with {@code bytes} atomically and durably: {@code target + ".tmp"} is
   * created, written, synced and closed, renamed over {@code target}, and then the parent directory
   * is synced. On failure the temporary file is removed (best effort) and the error rethrown; the
   * old {@code target}, if any, stays unless the rename had already happened.
   */
  public static void write(FileOps fs, Path target, byte[] bytes) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + TMP_SUFFIX);
    boolean done = false;
    try {
      try (WritableFile f = fs.create(tmp)) {
        f.write(bytes, 0, bytes.length);
        f.sync();
      }
      fs.rename(tmp, target);
      fs.syncDirectory(target.getParent());
      done = true;
    } finally {
      if (!done) {
        try {
          fs.delete(tmp);
        } catch (IOException ignored) {
          // The original failure is the one worth reporting; a stale tmp file is replaced on retry.
        }
      }
    }
  }
}
