package io.argus.tsdb.wal;

import io.argus.tsdb.encoding.CorruptionException;
import io.argus.tsdb.fs.FileOps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Naming and listing of numbered segment files. */
final class SegmentFiles {
  private SegmentFiles() {}

  /** Returns the 8-digit file name of segment {@code index}. */
  static String name(int index) {
    return String.format("%08d", index);
  }

  static Path path(Path dir, int index) {
    return dir.resolve(name(index));
  }

  /** Returns the sorted indexes of all files in {@code dir} whose names are all digits. */
  static int[] list(FileOps ops, Path dir) throws IOException {
    List<String> names = ops.list(dir);
    int[] out = new int[names.size()];
    int n = 0;
    for (String name : names) {
      if (!isAllDigits(name) || ops.isDirectory(dir.resolve(name))) {
        continue;
      }
      long index = name.length() > 10 ? Long.MAX_VALUE : Long.parseLong(name);
      if (index > Integer.MAX_VALUE) {
        throw new CorruptionException("wal segment index out of range: " + dir.resolve(name));
      }
      out[n++] = (int) index;
    }
    int[] indexes = Arrays.copyOf(out, n);
    Arrays.sort(indexes);
    return indexes;
  }

  /**
   * Returns the range of segments in {@code dir}.
   *
   * @throws CorruptionException if the indexes have a gap
   */
  static SegmentRange range(FileOps ops, Path dir) throws IOException {
    int[] indexes = list(ops, dir);
    if (indexes.length == 0) {
      return SegmentRange.EMPTY;
    }
    checkSequential(dir, indexes);
    return new SegmentRange(indexes[0], indexes[indexes.length - 1]);
  }

  static void checkSequential(Path dir, int[] indexes) {
    for (int i = 1; i < indexes.length; i++) {
      if (indexes[i] != indexes[i - 1] + 1) {
        throw new CorruptionException(
            "segments are not sequential in "
                + dir
                + ": "
                + name(indexes[i - 1])
                + " is followed by "
                + name(indexes[i]));
      }
    }
  }

  static boolean isAllDigits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
