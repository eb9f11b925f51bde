package io.argus.tsdb.block;

import io.argus.tsdb.fs.FileOps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Naming rules of the directories in a data directory (storage-formats.md §2.1): a block lives in a
 * directory named by its ULID; it is built under {@code <ULID>.tmp-for-creation} and renamed into
 * place, and renamed to {@code <ULID>.tmp-for-deletion} before removal. {@code .tmp} is the
 * pre-2.21 suffix. Such leftovers are deleted on startup and never loaded. Stateless and
 * thread-safe.
 */
public final class BlockDirs {
  private static final Logger LOG = LoggerFactory.getLogger(BlockDirs.class);

  public static final String TMP_FOR_CREATION_SUFFIX = ".tmp-for-creation";
  public static final String TMP_FOR_DELETION_SUFFIX = ".tmp-for-deletion";
  public static final String TMP_LEGACY_SUFFIX = ".tmp";

  private static final String[] TMP_SUFFIXES = {
    TMP_FOR_CREATION_SUFFIX, TMP_FOR_DELETION_SUFFIX, TMP_LEGACY_SUFFIX
  };

  /** Name prefixes of other temporary directories Prometheus also sweeps with these suffixes. */
  private static final String[] OTHER_TMP_PREFIXES = {"checkpoint.", "chunk_snapshot."};

  private BlockDirs() {}

  /** Returns whether {@code name} is a block directory name, i.e. parses strictly as a ULID. */
  public static boolean isBlockDir(String name) {
    return Ulid.tryParse(name).isPresent();
  }

  /** Returns the temporary name under which the block {@code id} is being created. */
  public static String creationDirName(Ulid id) {
    return id + TMP_FOR_CREATION_SUFFIX;
  }

  /** Returns the temporary name to which the block {@code id} is renamed before deletion. */
  public static String deletionDirName(Ulid id) {
    return id + TMP_FOR_DELETION_SUFFIX;
  }

  /**
   * Returns whether {@code name} is a leftover temporary directory name: a ULID, checkpoint or
   * chunk snapshot name followed by one of the three temporary suffixes.
   */
  public static boolean isTmpDir(String name) {
    for (String suffix : TMP_SUFFIXES) {
      if (name.endsWith(suffix) && isExtension(name, suffix)) {
        String base = name.substring(0, name.length() - suffix.length());
        if (isBlockDir(base)) {
          return true;
        }
        for (String prefix : OTHER_TMP_PREFIXES) {
          if (base.startsWith(prefix)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** The suffix must be the whole extension: {@code x.tmp-for-creation} is not {@code .tmp}. */
  private static boolean isExtension(String name, String suffix) {
    return name.lastIndexOf('.') == name.length() - suffix.length();
  }

  /** Returns the block directories (ULID names) in {@code dataDir}, sorted by ULID. */
  public static List<Path> listBlockDirs(FileOps fs, Path dataDir) throws IOException {
    return listDirs(fs, dataDir, BlockDirs::isBlockDir);
  }

  /** Returns the leftover temporary directories in {@code dataDir} to delete on startup. */
  public static List<Path> listTmpDirs(FileOps fs, Path dataDir) throws IOException {
    return listDirs(fs, dataDir, BlockDirs::isTmpDir);
  }

  /** The directories in {@code dataDir} whose names are accepted, in the listing's (name) order. */
  private static List<Path> listDirs(FileOps fs, Path dataDir, Predicate<String> nameAccepted)
      throws IOException {
    List<Path> out = new ArrayList<>();
    for (String name : fs.list(dataDir)) {
      Path p = dataDir.resolve(name);
      if (nameAccepted.test(name) && fs.isDirectory(p)) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * Deletes every leftover temporary directory in {@code dataDir}, best effort: a directory that
   * cannot be removed is logged and skipped.
   *
   * @return the directories that were removed
   */
  public static List<Path> removeTmpDirs(FileOps fs, Path dataDir) throws IOException {
    List<Path> removed = new ArrayList<>();
    for (Path p : listTmpDirs(fs, dataDir)) {
      try {
        fs.deleteRecursively(p);
        removed.add(p);
      } catch (IOException e) {
        LOG.atWarn()
            .addKeyValue("dir", p)
            .addKeyValue("err", e.toString())
            .log("failed to delete tmp block dir");
      }
    }
    return removed;
  }
}
