package io.argus.tsdb;

import io.argus.storage.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive {@code lock} file of a data directory, held while a {@link Db} is open. Like
 * Prometheus, the file stays behind after release; only the OS lock matters. This is process
 * bookkeeping rather than storage data, so it uses a {@link FileChannel} directly instead of {@link
 * io.argus.tsdb.fs.FileOps}.
 */
final class DirLock implements AutoCloseable {
  static final String FILENAME = "lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock of {@code dir} without waiting.
   *
   * @throws StorageException when another process (or another Db in this JVM) holds it
   */
  static DirLock acquire(Path dir) {
    FileChannel ch;
    try {
      ch =
          FileChannel.open(
              dir.resolve(FILENAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StorageException("lock DB directory: " + e.getMessage(), e);
    }
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null;
    } catch (IOException e) {
      closeQuietly(ch);
      throw new StorageException("lock DB directory: " + e.getMessage(), e);
    }
    if (l == null) {
      closeQuietly(ch);
      throw new StorageException("lock DB directory: resource temporarily unavailable");
    }
    return new DirLock(ch, l);
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // Closing the channel below releases the lock as well.
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // Nothing useful to do: the descriptor is gone either way.
    }
  }
}
