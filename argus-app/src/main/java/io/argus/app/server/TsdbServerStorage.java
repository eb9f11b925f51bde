package io.argus.app.server;

import io.argus.storage.Appendable;
import io.argus.storage.Queryable;
import io.argus.storage.Storage;
import io.argus.storage.StorageException;
import io.argus.tsdb.Db;
import io.argus.tsdb.DbOptions;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.wal.WalRetention;
import io.argus.util.Clock;
import io.argus.web.api.TsdbAdmin;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The server's storage: the local TSDB ({@link Db}) in the data directory, which it locks
 * exclusively through the directory's {@code lock} file, as Prometheus does.
 */
public final class TsdbServerStorage implements ServerStorage {
  /** The lock file's name inside the data directory, as in Prometheus. */
  public static final String LOCK_FILE = "lock";

  private final Db db;
  private final TsdbAdminOps admin;

  private TsdbServerStorage(Db db, TsdbAdminOps admin) {
    this.db = db;
    this.admin = admin;
  }

  /** A {@link ServerStorage.Factory} opening a {@link Db} through {@code files}. */
  public static ServerStorage.Factory factory(FileOps files) {
    return (options, clock, registry) -> open(files, options, clock, registry);
  }

  /**
   * Opens (creating if needed) the TSDB in {@code options.directory()}: replays its WAL and loads
   * its blocks.
   *
   * @throws IOException with the TSDB's reason, e.g. {@code lock DB directory: resource temporarily
   *     unavailable} when another process holds the directory
   */
  public static TsdbServerStorage open(
      FileOps files, StorageOptions options, Clock clock, PrometheusRegistry registry)
      throws IOException {
    DbOptions dbOptions =
        DbOptions.builder()
            .retentionMs(options.retentionMillis())
            .retentionBytes(options.retentionBytes())
            .build();
    try {
      TsdbAdmin.WalReplayStatus replay =
          TsdbAdminOps.replayed(files, options.directory().resolve("wal"));
      Db db = Db.open(options.directory(), dbOptions, files, clock, registry);
      return new TsdbServerStorage(db, new TsdbAdminOps(db, files, clock, replay));
    } catch (StorageException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** Makes the head's WAL truncations keep the segments {@code retention}'s readers hold. */
  public void retainWalFor(WalRetention retention) {
    db.head().retainWalFor(retention);
  }

  /** Returns the TSDB, for the components that append to or query it. */
  public Storage storage() {
    return db;
  }

  @Override
  public Appendable appendable() {
    return db;
  }

  @Override
  public Queryable queryable() {
    return db;
  }

  @Override
  public io.argus.storage.ChunkQueryable chunkQueryable() {
    return db;
  }

  @Override
  public TsdbAdmin tsdbAdmin() {
    return admin;
  }

  @Override
  public Path directory() {
    return db.dir();
  }

  @Override
  public void close() {
    db.close();
  }
}
