package io.argus.tsdb.chunks;

import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.fs.MappedFile;
import io.argus.tsdb.fs.WritableFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real file system, remembering which files and directories were synced. */
final class SyncRecordingFileOps implements FileOps {
  private final FileOps fs = FileOps.defaults();
  final List<Path> syncedFiles = new ArrayList<>();
  final List<Path> syncedDirs = new ArrayList<>();

  @Override
  public WritableFile create(Path path) throws IOException {
    WritableFile f = fs.create(path);
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
        f.sync();
        syncedFiles.add(path);
      }

      @Override
      public void truncate(long size) throws IOException {
        f.truncate(size);
      }

      @Override
      public void close() throws IOException {
        f.close();
      }
    };
  }

  @Override
  public WritableFile openForAppend(Path path) throws IOException {
    return fs.openForAppend(path);
  }

  @Override
  public byte[] readAllBytes(Path path) throws IOException {
    return fs.readAllBytes(path);
  }

  @Override
  public MappedFile map(Path path) throws IOException {
    return fs.map(path);
  }

  @Override
  public void rename(Path from, Path to) throws IOException {
    fs.rename(from, to);
  }

  @Override
  public void delete(Path path) throws IOException {
    fs.delete(path);
  }

  @Override
  public void deleteRecursively(Path path) throws IOException {
    fs.deleteRecursively(path);
  }

  @Override
  public void createDirectories(Path dir) throws IOException {
    fs.createDirectories(dir);
  }

  @Override
  public List<String> list(Path dir) throws IOException {
    return fs.list(dir);
  }

  @Override
  public boolean exists(Path path) {
    return fs.exists(path);
  }

  @Override
  public boolean isDirectory(Path path) {
    return fs.isDirectory(path);
  }

  @Override
  public long size(Path path) throws IOException {
    return fs.size(path);
  }

  @Override
  public void syncDirectory(Path dir) throws IOException {
    fs.syncDirectory(dir);
    syncedDirs.add(dir);
  }
}
