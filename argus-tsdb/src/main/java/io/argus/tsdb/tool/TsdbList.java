package io.argus.tsdb.tool;

import io.argus.tsdb.block.BlockMeta;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.tool.LocalBlocks.LocalBlock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code argus tsdb list}: one line per block of a data directory (ULID, min/max time, duration,
 * samples, chunks, series, size), formatted exactly like {@code promtool tsdb list}. Reads only
 * meta files and file sizes; changes nothing. Stateless and thread-safe.
 */
public final class TsdbList {
  private static final String[] HEADER = {
    "BLOCK ULID",
    "MIN TIME",
    "MAX TIME",
    "DURATION",
    "NUM SAMPLES",
    "NUM CHUNKS",
    "NUM SERIES",
    "SIZE"
  };

  private TsdbList() {}

  /**
   * Prints the table for the blocks in {@code dbDir}, sorted by min time.
   *
   * @param humanReadable print times as UTC dates and sizes in KiB/MiB/… instead of raw numbers
   * @throws IOException when the directory or a block's meta.json cannot be read
   */
  public static void run(Path dbDir, boolean humanReadable, PrintWriter out) throws IOException {
    List<LocalBlock> blocks = LocalBlocks.list(FileOps.defaults(), dbDir);
    print(blocks, humanReadable, true, out);
    out.flush();
  }

  /** Prints {@code blocks} as table rows, optionally preceded by the header row. */
  static void print(
      List<LocalBlock> blocks, boolean humanReadable, boolean withHeader, PrintWriter out) {
    TextTable table = new TextTable();
    if (withHeader) {
      table.row(HEADER);
    }
    for (LocalBlock block : blocks) {
      table.row(row(block, humanReadable));
    }
    table.printTo(out);
  }

  /** Returns the cells of one block's row. */
  static String[] row(LocalBlock block, boolean humanReadable) {
    BlockMeta meta = block.meta();
    return new String[] {
      meta.ulid().toString(),
      time(meta.minTime(), humanReadable),
      time(meta.maxTime(), humanReadable),
      GoText.duration(meta.maxTime() - meta.minTime()),
      Long.toString(meta.stats().numSamples()),
      Long.toString(meta.stats().numChunks()),
      Long.toString(meta.stats().numSeries()),
      humanReadable ? GoText.base2Bytes(block.sizeBytes()) : Long.toString(block.sizeBytes())
    };
  }

  /** Returns the header cells. */
  static String[] header() {
    return HEADER.clone();
  }

  private static String time(long millis, boolean humanReadable) {
    return humanReadable ? GoText.utcTime(millis) : Long.toString(millis);
  }
}
