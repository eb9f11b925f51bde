package io.argus.tsdb.compact;

import io.argus.storage.ChunkMeta;
import io.argus.storage.chunkenc.XorChunk;
import io.argus.tsdb.BlockReader;
import io.argus.tsdb.block.BlockDirs;
import io.argus.tsdb.block.BlockMeta;
import io.argus.tsdb.block.BlockMetas;
import io.argus.tsdb.chunks.ChunkWriter;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.index.ChunkRef;
import io.argus.tsdb.index.IndexWriter;
import io.argus.tsdb.tombstones.TombstoneReader;
import io.argus.tsdb.tombstones.TombstonesFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a block directory from the data of one or more {@link BlockReader}s inside the block's
 * time range: the head (persisting a range of it) or several blocks (compaction).
 *
 * <p>The block is written into {@code <dir>/<ULID>.tmp-for-creation} (chunks, index, an empty
 * tombstones file, meta.json), synced, and renamed to {@code <dir>/<ULID>}, then {@code <dir>} is
 * synced. The index's symbol table holds every label name and value of the inputs (and ""), sorted
 * by UTF-8 bytes; series are added in label order. Deleted samples (tombstones) and samples outside
 * the range are dropped; see {@link SeriesMerger} for how chunks are copied or re-encoded. When no
 * sample is left, nothing is written.
 *
 * <p>Thread-safe (stateless apart from its configuration); the readers must stay open during a
 * call.
 */
public final class BlockWriter {
  private final FileOps ops;
  private final long chunkSegmentBytes;

  /** A writer with Prometheus' default chunk segment size (512 MiB). */
  public BlockWriter(FileOps ops) {
    this(ops, ChunkWriter.DEFAULT_SEGMENT_SIZE);
  }

  /** A writer that cuts chunk segment files at {@code chunkSegmentBytes}. */
  public BlockWriter(FileOps ops, long chunkSegmentBytes) {
    this.ops = ops;
    this.chunkSegmentBytes = chunkSegmentBytes;
  }

  /**
   * Writes the samples of {@code inputs} within {@code [meta.minTime(), meta.maxTime())} as block
   * {@code meta.ulid()} under {@code parentDir}.
   *
   * @param meta the new block's meta; its stats are replaced by what was written
   * @return {@code meta} with the stats of the written block; {@code numSamples() == 0} means no
   *     block was written
   * @throws IOException when a file cannot be written; the temporary directory is then removed
   */
  public BlockMeta write(Path parentDir, BlockMeta meta, List<? extends BlockReader> inputs)
      throws IOException {
    Path tmp = parentDir.resolve(BlockDirs.creationDirName(meta.ulid()));
    Path fin = parentDir.resolve(meta.ulid().toString());
    ops.deleteRecursively(tmp);
    ops.createDirectories(tmp);
    boolean done = false;
    try {
      BlockMeta.Stats stats = writeData(tmp, meta.minTime(), meta.maxTime() - 1, inputs);
      BlockMeta written = meta.withStats(stats);
      if (stats.numSamples() == 0) {
        return written;
      }
      TombstonesFile.write(ops, tmp, TombstoneReader.EMPTY);
      BlockMetas.write(ops, tmp, written);
      ops.syncDirectory(tmp);
      ops.rename(tmp, fin);
      ops.syncDirectory(parentDir);
      done = true;
      return written;
    } finally {
      if (!done) {
        deleteQuietly(tmp);
      }
    }
  }

  private BlockMeta.Stats writeData(
      Path dir, long mint, long maxt, List<? extends BlockReader> inputs) throws IOException {
    long numSamples = 0;
    long numSeries = 0;
    long numChunks = 0;
    try (SeriesMerger merger = new SeriesMerger(inputs, mint, maxt, XorChunk::new);
        ChunkWriter chunkWriter = new ChunkWriter(ops, dir, chunkSegmentBytes);
        IndexWriter indexWriter = IndexWriter.create(ops, dir.resolve("index"))) {
      indexWriter.addSymbols(merger.symbols());
      List<ChunkRef> refs = new ArrayList<>();
      while (merger.next()) {
        refs.clear();
        for (ChunkMeta c : merger.chunks()) {
          long ref = chunkWriter.write(c.chunk());
          refs.add(new ChunkRef(ref, c.minTime(), c.maxTime()));
          numSamples += c.chunk().numSamples();
        }
        indexWriter.addSeries(merger.labels(), refs);
        numSeries++;
        numChunks += refs.size();
      }
    }
    return new BlockMeta.Stats(numSamples, numSamples, 0, numSeries, numChunks, 0);
  }

  private void deleteQuietly(Path dir) {
    try {
      ops.deleteRecursively(dir);
    } catch (IOException ignored) {
      // The caller sees the original failure; a leftover tmp dir is removed on the next open.
    }
  }
}
