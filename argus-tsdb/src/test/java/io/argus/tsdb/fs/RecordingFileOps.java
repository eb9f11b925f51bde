package io.argus.tsdb.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A test {@link FileOps} over the real file system that records, in order, the mutating operations
 * performed through it ({@code create x}, {@code sync x}, {@code rename x y}, …) with paths
 * relative to a base directory. Can be told to fail the next rename.
 */
public final class RecordingFileOps implements FileOps {
  private final FileOps delegate = FileOps.defaults();
  private final Path base;
  private final List<String> ops = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean failNextRename;

  public RecordingFileOps(Path base) {
    this.base = base;
  }

  /** Returns the operations recorded so far. */
  public List<String> ops() {
    return List.copyOf(ops);
  }

  /** Makes the next {@link #rename} throw without renaming. */
  public void failNextRename() {
    failNextRename = true;
  }

  private String rel(Path p) {
    return base.relativize(p).toString();
  }

  @Override
  public WritableFile create(Path path) throws IOException {
    ops.add("create " + rel(path));
    WritableFile f = delegate.create(path);
    return new WritableFile() {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        f.write(b, off, len);
      }

      @Override
      public void write(ByteBuffer buf) throws IOException {
        f.write(buf);
      }

      @Override
      public long size() throws IOException {
        return f.size();
      }

      @Override
      public void sync() throws IOException {
        ops.add("sync " + rel(path));
        f.sync();
      }

      @Override
      public void truncate(long size) throws IOException {
        f.truncate(size);
      }

      @Override
      public void close() throws IOException {
        ops.add("close " + rel(path));
        f.close();
      }
    };
  }

  @Override
  public WritableFile openForAppend(Path path) throws IOException {
    ops.add("append " + rel(path));
    return delegate.openForAppend(path);
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
    ops.add("rename " + rel(from) + " " + rel(to));
    if (failNextRename) {
      failNextRename = false;
      throw new IOException("injected rename failure");
    }
    delegate.rename(from, to);
  }

  @Override
  public void delete(Path path) throws IOException {
    ops.add("delete " + rel(path));
    delegate.delete(path);
  }

  @Override
  public void deleteRecursively(Path path) throws IOException {
    ops.add("deleteRecursively " + rel(path));
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
    ops.add("syncDirectory " + rel(dir));
    delegate.syncDirectory(dir);
  }
}
