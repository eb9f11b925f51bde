package io.argus.alertmanager.state;

import io.argus.tsdb.fs.FileOps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists states in a data directory ({@code --storage.path}): {@link #open} loads each state's
 * snapshot, then every maintenance interval ({@code --data.maintenance-interval}, 15m) each state
 * is garbage-collected and snapshotted, and {@link #close()} writes a last snapshot. A damaged
 * snapshot fails {@link #open} with a message naming the file, so the operator decides whether to
 * move it aside. Thread-safe.
 */
public final class DataDirectory implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DataDirectory.class);

  private final FileOps fs;
  private final Path dir;
  private final List<PersistentState> states;
  private final Maintenance maintenance;

  private DataDirectory(FileOps fs, Path dir, List<PersistentState> states, long intervalMs) {
    this.fs = fs;
    this.dir = dir;
    this.states = List.copyOf(states);
    this.maintenance = new Maintenance("data", intervalMs, this::maintain);
  }

  /**
   * Creates {@code dir} if needed, loads the snapshot of every state from it and starts the
   * maintenance timer.
   *
   * @throws CorruptStateException when a snapshot is damaged
   */
  public static DataDirectory open(
      FileOps fs, Path dir, List<PersistentState> states, long maintenanceIntervalMs)
      throws IOException {
    fs.createDirectories(dir);
    for (PersistentState st : states) {
      Path p = dir.resolve(st.snapshotName());
      int n = st.loadSnapshot(fs, p);
      log.atInfo()
          .addKeyValue("file", p)
          .addKeyValue("entries", n)
          .log("loaded " + st.snapshotName() + " snapshot");
    }
    return new DataDirectory(fs, dir, states, maintenanceIntervalMs);
  }

  /** Garbage-collects and snapshots every state now; fails after trying all of them. */
  public synchronized void maintain() throws IOException {
    List<IOException> errors = new ArrayList<>();
    for (PersistentState st : states) {
      try {
        int removed = st.gc();
        long size = st.writeSnapshot(fs, dir.resolve(st.snapshotName()));
        log.atDebug()
            .addKeyValue("state", st.snapshotName())
            .addKeyValue("removed", removed)
            .addKeyValue("size", size)
            .log("maintenance done");
      } catch (IOException e) {
        errors.add(e);
      }
    }
    if (!errors.isEmpty()) {
      IOException first = errors.get(0);
      for (int i = 1; i < errors.size(); i++) {
        first.addSuppressed(errors.get(i));
      }
      throw first;
    }
  }

  /** Stops the timer and writes the shutdown snapshots. */
  @Override
  public void close() {
    maintenance.close();
  }
}
