package io.argus.app.server;

import io.argus.tsdb.fs.FileOps;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The storage the server runs on until the TSDB is wired in: it creates the data directory and
 * holds an exclusive lock on its {@code lock} file, as Prometheus does, so that two servers never
 * share a directory. The lock file is removed on a clean close. Stores no samples.
 */
public final class LockedDirectoryStorage implements ServerStorage {
  /** The lock file's name inside the data directory, as in Prometheus. */
  public static final String LOCK_FILE = "lock";

  private final FileOps files;
  private final Path directory;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private boolean closed;

  private LockedDirectoryStorage(
      FileOps files, Path directory, FileChannel lockChannel, FileLock lock) {
    this.files = files;
    this.directory = directory;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** A {@link ServerStorage.Factory} for this class, using {@code files} for directory work. */
  public static ServerStorage.Factory factory(FileOps files) {
    return (options, clock, registry) -> open(files, options, clock, registry);
  }

  /**
   * Creates the directory if needed and locks it.
   *
   * @throws IOException {@code lock DB directory: resource temporarily unavailable} when another
   *     process (or another server in this JVM) holds the lock
   */
  public static LockedDirectoryStorage open(
      FileOps files, StorageOptions options, Clock clock, PrometheusRegistry registry)
      throws IOException {
    Path directory = options.directory();
    files.createDirectories(directory);
    FileChannel channel =
        FileChannel.open(
            directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      channel.close();
      throw new IOException("lock DB directory: " + e.getMessage(), e);
    }
    if (lock == null) {
      channel.close();
      throw new IOException("lock DB directory: resource temporarily unavailable");
    }
    return new LockedDirectoryStorage(files, directory, channel, lock);
  }

  @Override
  public Path directory() {
    return directory;
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    // Removed while still locked, so no other server can lock the file we are about to unlink.
    try {
      files.delete(directory.resolve(LOCK_FILE));
    } finally {
      try {
        lock.release();
      } finally {
        lockChannel.close();
      }
    }
  }
}
