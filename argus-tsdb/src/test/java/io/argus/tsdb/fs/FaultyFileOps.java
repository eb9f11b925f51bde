package io.argus.tsdb.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

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
 *   <li>{@link #failRenames(boolean)}: every rename throws while set; {@link #failNextRename()}:
 *       only the next one does.
 * </ul>
 *
 * <p>It also records what went through it: the files and directories synced successfully ({@link
 * #syncedFiles()}, {@link #syncedDirectories()}) and, once {@link #recordOpsRelativeTo(Path)} is
 * called, the mutating operations in order ({@link #ops()}).
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
  private final AtomicBoolean isFailingNextRename = new AtomicBoolean();
  private final List<Path> syncedFiles = Collections.synchronizedList(new ArrayList<>());
  private final List<Path> syncedDirectories = Collections.synchronizedList(new ArrayList<>());
  private final List<String> ops = Collections.synchronizedList(new ArrayList<>());
  private volatile @Nullable Path opsBase;

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

  /** Makes the next rename fail once, without renaming. */
  public FaultyFileOps failNextRename() {
    isFailingNextRename.set(true);
    return this;
  }

  /** Disarms every fault. */
  public FaultyFileOps clearFaults() {
    syncsUntilFailure.set(0);
    writeLimit.set(Long.MAX_VALUE);
    tearKeepBytes.set(-1);
    isFailingRenames.set(false);
    isFailingNextRename.set(false);
    return this;
  }

  /**
   * Starts recording the mutating operations from now on, in order, as {@code "create x"}, {@code
   * "append x"}, {@code "sync x"}, {@code "close x"}, {@code "rename x y"}, {@code "delete x"},
   * {@code "deleteRecursively x"} and {@code "syncDirectory x"}, with paths relative to {@code
   * base}. Operations are recorded when attempted, failed ones included.
   */
  public FaultyFileOps recordOpsRelativeTo(Path base) {
    opsBase = base;
    return this;
  }

  /** Returns the operations recorded so far (see {@link #recordOpsRelativeTo(Path)}). */
  public List<String> ops() {
    synchronized (ops) {
      return List.copyOf(ops);
    }
  }

  /** Returns the files synced successfully so far, in order. */
  public List<Path> syncedFiles() {
    synchronized (syncedFiles) {
      return List.copyOf(syncedFiles);
    }
  }

  /** Returns the directories synced successfully so far, in order. */
  public List<Path> syncedDirectories() {
    synchronized (syncedDirectories) {
      return List.copyOf(syncedDirectories);
    }
  }

  /** Returns the number of file syncs attempted so far, failed ones included. */
  public int syncCount() {
    return syncCount.get();
  }

  /**
   * The real file system's figures, except that with a write limit set the usable bytes are what
   * is left of the limit, as a disk that fills up would report.
   */
  @Override
  public FileSpace space(Path path) throws IOException {
    FileSpace real = delegate.space(path);
    long limit = writeLimit.get();
    if (limit == Long.MAX_VALUE) {
      return real;
    }
    return new FileSpace(real.totalBytes(), Math.max(0, limit - bytesWritten.get()));
  }

  /** Returns the number of bytes written so far through this object. */
  public long bytesWritten() {
    return bytesWritten.get();
  }

  private void record(String op, Path path) {
    Path base = opsBase;
    if (base != null) {
      ops.add(op + " " + base.relativize(path));
    }
  }

  @Override
  public WritableFile create(Path path) throws IOException {
    record("create", path);
    return new FaultyFile(path, delegate.create(path));
  }

  @Override
  public WritableFile openForAppend(Path path) throws IOException {
    record("append", path);
    return new FaultyFile(path, delegate.openForAppend(path));
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
    Path base = opsBase;
    if (base != null) {
      ops.add("rename " + base.relativize(from) + " " + base.relativize(to));
    }
    if (isFailingRenames.get() || isFailingNextRename.getAndSet(false)) {
      throw new IOException("injected: rename " + from + " to " + to + " failed");
    }
    delegate.rename(from, to);
  }

  @Override
  public void delete(Path path) throws IOException {
    record("delete", path);
    delegate.delete(path);
  }

  @Override
  public void deleteRecursively(Path path) throws IOException {
    record("deleteRecursively", path);
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
    record("syncDirectory", dir);
    delegate.syncDirectory(dir);
    syncedDirectories.add(dir);
  }

  private final class FaultyFile implements WritableFile {
    private final Path path;
    private final WritableFile file;

    FaultyFile(Path path, WritableFile file) {
      this.path = path;
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
      record("sync", path);
      syncCount.incrementAndGet();
      if (syncsUntilFailure.get() > 0 && syncsUntilFailure.decrementAndGet() == 0) {
        throw new IOException("injected: fsync failed: Input/output error");
      }
      file.sync();
      syncedFiles.add(path);
    }

    @Override
    public void truncate(long size) throws IOException {
      file.truncate(size);
    }

    @Override
    public void close() throws IOException {
      record("close", path);
      file.close();
    }
  }
}
