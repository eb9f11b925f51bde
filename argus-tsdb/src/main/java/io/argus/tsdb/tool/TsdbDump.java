package io.argus.tsdb.tool;

import io.argus.model.labels.Matcher;
import io.argus.storage.Querier;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.Series;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import io.argus.tsdb.BlockReader;
import io.argus.tsdb.block.PersistedBlock;
import io.argus.tsdb.chunks.HeadChunkFiles;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.fs.WritableFile;
import io.argus.tsdb.head.Head;
import io.argus.tsdb.head.HeadOptions;
import io.argus.tsdb.head.RangeHead;
import io.argus.tsdb.querier.BlockQueriers;
import io.argus.tsdb.tool.LocalBlocks.LocalBlock;
import io.argus.tsdb.wal.Wal;
import io.argus.tsdb.wal.WalCorruptionException;
import io.argus.tsdb.wal.WalOptions;
import io.argus.util.Clock;
import io.argus.util.GoFloat;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code argus tsdb dump}: prints every sample of a data directory (all blocks and the head rebuilt
 * from the WAL) as {@code {labels} value timestamp}, one line per sample, series sorted by labels,
 * values formatted like Go's {@code %g} — the output of {@code promtool tsdb dump}.
 *
 * <p>The directory is not modified: no lock file, no new WAL segment, no repair. The WAL (with its
 * checkpoint) is copied to a temporary directory and replayed there into a throwaway head, as a
 * read-only open of a Prometheus database does; samples older than the newest block's end are
 * dropped on replay, so block and WAL data do not double. A damaged WAL tail is reported in the log
 * and the records before the damage are used. Stateless and thread-safe.
 */
public final class TsdbDump {
  private static final Logger LOG = LoggerFactory.getLogger(TsdbDump.class);
  private static final String WAL_DIR = "wal";
  private static final String CHUNKS_HEAD_DIR = "chunks_head";

  private TsdbDump() {}

  /**
   * Dumps the samples with {@code mint <= t <= maxt} (ms, inclusive) of the series matching all
   * {@code matchers}.
   *
   * @throws IOException when a block or the WAL cannot be read
   */
  public static void run(Path dbDir, long mint, long maxt, List<Matcher> matchers, PrintWriter out)
      throws IOException {
    FileOps ops = FileOps.defaults();
    List<LocalBlock> local = LocalBlocks.list(ops, dbDir);
    List<PersistedBlock> blocks = new ArrayList<>();
    Head head = null;
    Path walCopy = null;
    try {
      long minValidTime = Long.MIN_VALUE;
      for (LocalBlock b : local) {
        PersistedBlock block = PersistedBlock.open(ops, b.dir());
        blocks.add(block);
        minValidTime = Math.max(minValidTime, block.maxTime());
      }
      Path walDir = dbDir.resolve(WAL_DIR);
      if (ops.isDirectory(walDir)) {
        walCopy = Files.createTempDirectory("argus-dump-wal");
        copyTree(ops, walDir, walCopy.resolve(WAL_DIR));
        head = replay(ops, walCopy.resolve(WAL_DIR), dbDir.resolve(CHUNKS_HEAD_DIR), minValidTime);
      }
      List<BlockReader> readers = new ArrayList<>(blocks);
      if (head != null && head.numSeries() > 0) {
        readers.add(new RangeHead(head, mint, maxt));
      }
      try (Querier q = BlockQueriers.over(readers, mint, maxt)) {
        print(q.select(true, SelectHints.NONE, matchers.toArray(Matcher[]::new)), out);
      }
    } finally {
      for (PersistedBlock b : blocks) {
        b.close();
      }
      if (head != null) {
        head.close();
      }
      if (walCopy != null) {
        ops.deleteRecursively(walCopy);
      }
    }
    out.flush();
  }

  private static void print(SeriesSet set, PrintWriter out) {
    StringBuilder line = new StringBuilder(256);
    SampleIterator it = null;
    while (set.next()) {
      Series series = set.at();
      String labels = series.labels().toString();
      it = series.iterator(it);
      for (ValueType type = it.next(); type != ValueType.NONE; type = it.next()) {
        if (type != ValueType.FLOAT) {
          continue;
        }
        line.setLength(0);
        line.append(labels)
            .append(' ')
            .append(GoFloat.format(it.atFloat()))
            .append(' ')
            .append(it.atT())
            .append('\n');
        out.append(line);
      }
    }
  }

  /**
   * Replays the WAL copy in {@code walDir} into a head that first loads the full chunks of the
   * head chunk files in {@code chunksHeadDir} (read-only; absent is fine).
   */
  private static Head replay(FileOps ops, Path walDir, Path chunksHeadDir, long minValidTime)
      throws IOException {
    HeadChunkFiles chunkFiles = HeadChunkFiles.openReadOnly(ops, chunksHeadDir);
    Wal wal;
    try {
      wal = Wal.open(ops, walDir, WalOptions.defaults(), Clock.SYSTEM);
    } catch (IOException | RuntimeException e) {
      chunkFiles.close();
      throw e;
    }
    Head head =
        new Head(
            HeadOptions.DEFAULTS, Clock.SYSTEM, wal, chunkFiles, ops, new PrometheusRegistry());
    try {
      head.init(minValidTime);
    } catch (WalCorruptionException e) {
      LOG.atWarn()
          .addKeyValue("err", e.getMessage())
          .log("wal is damaged; dumping the records before the damage");
    }
    return head;
  }

  /** Copies the regular files under {@code from} to {@code to}, through {@code ops}. */
  private static void copyTree(FileOps ops, Path from, Path to) throws IOException {
    ops.createDirectories(to);
    for (String name : ops.list(from)) {
      Path source = from.resolve(name);
      if (ops.isDirectory(source)) {
        copyTree(ops, source, to.resolve(name));
      } else {
        byte[] bytes = ops.readAllBytes(source);
        try (WritableFile file = ops.create(to.resolve(name))) {
          file.write(bytes, 0, bytes.length);
        }
      }
    }
  }
}
