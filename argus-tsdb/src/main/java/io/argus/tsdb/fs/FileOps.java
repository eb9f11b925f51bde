package io.argus.tsdb.fs;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The file-operations facade through which all WAL, block and compaction I/O goes, so tests can
 * fail an fsync, tear a write, fill the disk or fail a rename (see {@code FaultyFileOps} in tests).
 * Implementations are thread-safe; the files they return are not.
 */
public interface FileOps {
  /** Creates (or truncates) a file for writing. */
  WritableFile create(Path path) throws IOException;

  /** Opens an existing file for appending at its end. */
  WritableFile openForAppend(Path path) throws IOException;

  /**
   * Opens a file for positional reads while another component may still be appending to it (the
   * remote-write WAL watcher tails the segment the head writes). Reads see the file's size at the
   * time of each read. The default opens the real file read-only.
   */
  default SeekableByteChannel openForReading(Path path) throws IOException {
    return Files.newByteChannel(path, StandardOpenOption.READ);
  }

  /** Reads a whole file into memory. */
  byte[] readAllBytes(Path path) throws IOException;

  /**
   * Maps a file read-only. The mapping stays valid until the returned file is closed, after which
   * any access to its segment fails instead of touching unmapped memory.
   */
  MappedFile map(Path path) throws IOException;

  /** Atomically renames {@code from} to {@code to}, replacing {@code to} if it exists. */
  void rename(Path from, Path to) throws IOException;

  /** Deletes a file or an empty directory if it exists. */
  void delete(Path path) throws IOException;

  /** Deletes a directory tree if it exists. */
  void deleteRecursively(Path path) throws IOException;

  /** Creates a directory and its parents. */
  void createDirectories(Path dir) throws IOException;

  /** Lists the entries of a directory (names only), sorted; empty when it does not exist. */
  List<String> list(Path dir) throws IOException;

  boolean exists(Path path);

  boolean isDirectory(Path path);

  /** Returns the size of a file in bytes. */
  long size(Path path) throws IOException;

  /** Flushes a directory's entries (after create/rename/delete) to stable storage. */
  void syncDirectory(Path dir) throws IOException;

  /**
   * Makes {@code link} a hard link to the existing file {@code existing}, or, where hard links are
   * not possible, a copy of it (used for snapshots of immutable block files). The default copies
   * through {@link #map} and {@link #create}.
   */
  default void link(Path existing, Path link) throws IOException {
    try (MappedFile src = map(existing);
        WritableFile dst = create(link)) {
      if (src.size() > 0) {
        dst.write(src.segment().asByteBuffer());
      }
      dst.sync();
    }
  }

  /** The size and free space of the file system that holds {@code path}. */
  default FileSpace space(Path path) throws IOException {
    FileStore store = Files.getFileStore(path);
    return new FileSpace(store.getTotalSpace(), store.getUsableSpace());
  }

  /** The real file system. */
  static FileOps defaults() {
    return DefaultFileOps.INSTANCE;
  }
}
