package io.argus.tsdb.tool;

import io.argus.tsdb.block.BlockDirs;
import io.argus.tsdb.block.BlockMeta;
import io.argus.tsdb.block.BlockMetas;
import io.argus.tsdb.fs.FileOps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The blocks of a data directory as promtool sees them: every ULID-named directory with a readable
 * meta.json, ordered by min time (then ULID), with its size on disk.
 */
final class LocalBlocks {
  private static final String CHUNKS_DIR = "chunks";
  private static final String INDEX_FILE = "index";
  private static final String TOMBSTONES_FILE = "tombstones";

  /** One block directory, its meta and the bytes of its meta, index, chunks and tombstones. */
  record LocalBlock(Path dir, BlockMeta meta, long sizeBytes) {}

  private LocalBlocks() {}

  /**
   * Lists the blocks of {@code dataDir} sorted by min time, then ULID.
   *
   * @throws IOException when the directory or a meta file cannot be read
   */
  static List<LocalBlock> list(FileOps ops, Path dataDir) throws IOException {
    if (!ops.isDirectory(dataDir)) {
      throw new IOException("open " + dataDir + ": no such directory");
    }
    List<LocalBlock> blocks = new ArrayList<>();
    for (Path dir : BlockDirs.listBlockDirs(ops, dataDir)) {
      blocks.add(new LocalBlock(dir, BlockMetas.read(ops, dir), sizeOf(ops, dir)));
    }
    blocks.sort(
        Comparator.comparingLong((LocalBlock b) -> b.meta().minTime())
            .thenComparing(b -> b.meta().ulid()));
    return blocks;
  }

  /** Sums the sizes of the files Prometheus counts as a block's size. */
  static long sizeOf(FileOps ops, Path blockDir) throws IOException {
    long size = 0;
    for (String name : List.of(BlockMetas.META_FILENAME, INDEX_FILE, TOMBSTONES_FILE)) {
      Path file = blockDir.resolve(name);
      if (ops.exists(file)) {
        size += ops.size(file);
      }
    }
    Path chunks = blockDir.resolve(CHUNKS_DIR);
    for (String name : ops.list(chunks)) {
      if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
        size += ops.size(chunks.resolve(name));
      }
    }
    return size;
  }

  static Path indexFile(Path blockDir) {
    return blockDir.resolve(INDEX_FILE);
  }

  static Path chunksDir(Path blockDir) {
    return blockDir.resolve(CHUNKS_DIR);
  }
}
