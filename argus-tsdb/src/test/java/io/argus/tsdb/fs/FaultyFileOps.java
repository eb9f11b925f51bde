package io.argus.tsdb.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link FileOps} over another one (the real file system by default) that injects failures, for
 * crash and error-path tests. Faults are armed per instance and apply to every file it opens:
 *
 * <ul>
 *   <li>{@link #failNthSync(int)}: the n-th file {@code sync()} from now fails once, after doing
 *       nothing (as if the data never reached the disk).
 *   <li>{@link #failWritesAfterBytes(long)}: the disk is full once that many bytes have been
 *       written through this instance in total; a write that crosses the limit writes the part that
 *       fits, then throws "No space left on device", as do all later writes. Truncation still
 *       works.
 *   <li>{@link #tearNextWrite(int)}: the next write longer than the given number of bytes stores
 *       only that many, then throws.
 *   <li>{@link #failRenames(boolean)}: every rename throws while set.
 * </ul>
 *
 * <p>Injected failures are {@link IOException}s whose message starts with "injected". Thread-safe.
 */
public final class FaultyFileOps implements FileOps {
  private final FileOps delegate;
  private final AtomicInteger syncsUntilFailure = new AtomicInteger();
  private final AtomicInteger syncCount = new AtomicInteger();
  private final AtomicLong bytesWritten = new AtomicLong();
  private final AtomicLong writeLimit = new AtomicLong(Long.MAX_VALUE);
  private final AtomicInteger tearKeepBytes = new AtomicInteger(-1);
  private final AtomicBoolean isFailingRenames = new AtomicBoolean();

  /** Wraps the real file system. */
  public FaultyFileOps() {
    this(FileOps.defaults());
  }

  public FaultyFileOps(FileOps delegate) {
    this.delegate = delegate;
  }

  /** Makes the {@code n}-th (1-based) file sync from now on fail once. */
  public FaultyFileOps failNthSync(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be at least 1");
    }
    syncsUntilFailure.set(n);
    return this;
  }

  /** Fails every write once {@code limit} bytes in total have been written through this object. */
  public FaultyFileOps failWritesAfterBytes(long limit) {
    writeLimit.set(limit);
    return this;
  }

  /** Makes the next write longer than {@code keepBytes} store only those bytes, then throw. */
  public FaultyFileOps tearNextWrite(int keepBytes) {
    tearKeepBytes.set(keepBytes);
    return this;
  }

  /** Makes every rename fail while {@code fail} is set. */
  public FaultyFileOps failRenames(boolean fail) {
    isFailingRenames.set(fail);
    return this;
  }

  /** Disarms every fault. */
  public FaultyFileOps clearFaults() {
    syncsUntilFailure.set(0);
    writeLimit.set(Long.MAX_VALUE);
    tearKeepBytes.set(-1);
    isFailingRenames.set(false);
    return this;
  }

  /** Returns the number of file syncs attempted so far, failed ones included. */
  public int syncCount() {
    return syncCount.get();
  }

  /** Returns the number of bytes written so far through this object. */
  public long bytesWritten() {
    return bytesWritten.get();
  }

  @Override
  public WritableFile create(Path path) throws IOException {
    return new FaultyFile(delegate.create(path));
  }

  @Override
  public WritableFile openForAppend(Path path) throws IOException {
    return new FaultyFile(delegate.openForAppend(path));
  }

  @Override
  public byte[] readAllBytes(Path path) throws IOException {
    return delegate.readAllBytes(path);
  }

  @Override
  public MappedFile map(Path path) throws IOException {
    return delegate.map(path);
  }

  @Override
  public void rename(Path from, Path to) throws IOException {
    if (isFailingRenames.get()) {
      throw new IOException("injected: rename " + from + " to " + to + " failed");
    }
    delegate.rename(from, to);
  }

  @Override
  public void delete(Path path) throws IOException {
    delegate.delete(path);
  }

  @Override
  public void deleteRecursively(Path path) throws IOException {
    delegate.deleteRecursively(path);
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    delegate.createDirectories(dir);
  }

  @Override
  public List<String> list(Path dir) throws IOException {
    return delegate.list(dir);
  }

  @Override
  public boolean exists(Path path) {
    return delegate.exists(path);
  }

  @Override
  public boolean isDirectory(Path path) {
    return delegate.isDirectory(path);
  }

  @Override
  public long size(Path path) throws IOException {
    return delegate.size(path);
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    delegate.syncDirectory(dir);
  }

  private final class FaultyFile implements WritableFile {
    private final WritableFile file;

    FaultyFile(WritableFile file) {
      this.file = file;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      int keep = tearKeepBytes.get();
      if (keep >= 0 && keep < len && tearKeepBytes.compareAndSet(keep, -1)) {
        writeWithinLimit(b, off, keep);
        throw new IOException("injected: torn write after " + keep + " of " + len + " bytes");
      }
      writeWithinLimit(b, off, len);
    }

    @Override
    public void write(ByteBuffer buf) throws IOException {
      byte[] b = new byte[buf.remaining()];
      buf.get(b);
      write(b, 0, b.length);
    }

    private void writeWithinLimit(byte[] b, int off, int len) throws IOException {
      long limit = writeLimit.get();
      long before = bytesWritten.get();
      long fits = Math.max(0, Math.min(len, limit - before));
      if (fits > 0) {
        file.write(b, off, (int) fits);
        bytesWritten.addAndGet(fits);
      }
      if (fits < len) {
        throw new IOException("injected: No space left on device");
      }
    }

    @Override
    public long size() throws IOException {
      return file.size();
    }

    @Override
    public void sync() throws IOException {
      syncCount.incrementAndGet();
      if (syncsUntilFailure.get() > 0 && syncsUntilFailure.decrementAndGet() == 0) {
        throw new IOException("injected: fsync failed: Input/output error");
      }
      file.sync();
    }

    @Override
    public void truncate(long size) throws IOException {
      file.truncate(size);
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
  }
}
