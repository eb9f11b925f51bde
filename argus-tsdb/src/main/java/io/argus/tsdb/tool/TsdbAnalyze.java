package io.argus.tsdb.tool;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.tsdb.block.BlockMeta;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.index.BlockIndexReader;
import io.argus.tsdb.index.ChunkRef;
import io.argus.tsdb.index.Postings;
import io.argus.tsdb.tool.LocalBlocks.LocalBlock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code argus tsdb analyze}: label cardinality and churn figures of one block, in the format of
 * {@code promtool tsdb analyze}. Where promtool leaves the order of equal figures to chance, this
 * orders them by key. Stateless and thread-safe.
 */
public final class TsdbAnalyze {
  private static final String METRIC_NAME = "__name__";

  private TsdbAnalyze() {}

  /** A key and the figure it is ranked by. */
  private record Ranked(String key, long figure) {}

  /**
   * Analyzes block {@code blockUlid} of {@code dbDir}, or the block with the greatest min time when
   * {@code blockUlid} is null.
   *
   * @param limit how many entries each ranking lists
   * @throws IllegalArgumentException when the block is not found ({@code block X not found})
   * @throws IOException when the block cannot be read
   */
  public static void run(Path dbDir, @Nullable String blockUlid, int limit, PrintWriter out)
      throws IOException {
    FileOps ops = FileOps.defaults();
    LocalBlock block = select(LocalBlocks.list(ops, dbDir), blockUlid);
    BlockMeta meta = block.meta();
    out.print("Block ID: " + meta.ulid() + "\n");
    out.print("Duration: " + GoText.duration(meta.maxTime() - meta.minTime()) + "\n");
    out.print("Series: " + meta.stats().numSeries() + "\n");
    try (BlockIndexReader index = BlockIndexReader.open(ops, LocalBlocks.indexFile(block.dir()))) {
      analyze(meta, index, limit, out);
    }
    out.flush();
  }

  private static LocalBlock select(List<LocalBlock> blocks, @Nullable String blockUlid) {
    if (blockUlid == null || blockUlid.isEmpty()) {
      if (blocks.isEmpty()) {
        throw new IllegalArgumentException("block  not found");
      }
      return blocks.getLast();
    }
    for (LocalBlock b : blocks) {
      if (b.meta().ulid().toString().equals(blockUlid)) {
        return b;
      }
    }
    throw new IllegalArgumentException("block " + blockUlid + " not found");
  }

  private static void analyze(BlockMeta meta, BlockIndexReader index, int limit, PrintWriter out) {
    List<String> labelNames = index.labelNames();
    out.print("Label names: " + labelNames.size() + "\n");

    long blockSpan = meta.maxTime() - meta.minTime();
    Map<String, Long> uncoveredByName = new HashMap<>();
    Map<String, Long> uncoveredByPair = new HashMap<>();
    Map<String, Long> seriesByPair = new HashMap<>();
    long entries = 0;
    LabelsBuilder builder = new LabelsBuilder();
    List<ChunkRef> chunks = new ArrayList<>();
    Postings all = index.allPostings();
    while (all.next()) {
      if (!index.series(all.at(), builder, chunks)) {
        continue;
      }
      long covered =
          chunks.isEmpty() ? 0 : chunks.getLast().maxTime() - chunks.getFirst().minTime();
      long uncovered = blockSpan - covered;
      Labels labels = builder.build();
      for (int i = 0; i < labels.size(); i++) {
        String pair = labels.name(i) + "=" + labels.value(i);
        uncoveredByName.merge(labels.name(i), uncovered, Long::sum);
        uncoveredByPair.merge(pair, uncovered, Long::sum);
        seriesByPair.merge(pair, 1L, Long::sum);
        entries++;
      }
    }
    out.print("Postings (unique label pairs): " + uncoveredByPair.size() + "\n");
    out.print("Postings entries (total label pairs): " + entries + "\n");

    out.print("\nLabel pairs most involved in churning:\n");
    printRanked(perBlockSpan(uncoveredByPair, blockSpan), limit, out);
    out.print("\nLabel names most involved in churning:\n");
    printRanked(perBlockSpan(uncoveredByName, blockSpan), limit, out);
    out.print("\nMost common label pairs:\n");
    printRanked(ranked(seriesByPair), limit, out);

    List<Ranked> valueLengths = new ArrayList<>();
    List<Ranked> cardinalities = new ArrayList<>();
    for (String name : labelNames) {
      List<String> values = index.labelValues(name);
      long length = 0;
      for (String v : values) {
        length += Utf8.length(v);
      }
      valueLengths.add(new Ranked(name, length));
      cardinalities.add(new Ranked(name, values.size()));
    }
    out.print("\nLabel names with highest cumulative label value length:\n");
    printRanked(valueLengths, limit, out);
    out.print("\nHighest cardinality labels:\n");
    printRanked(cardinalities, limit, out);

    List<Ranked> metricCardinalities = new ArrayList<>();
    for (String metric : index.labelValues(METRIC_NAME)) {
      Postings p = index.postings(METRIC_NAME, metric);
      long count = 0;
      while (p.next()) {
        count++;
      }
      metricCardinalities.add(new Ranked(metric, count));
    }
    out.print("\nHighest cardinality metric names:\n");
    printRanked(metricCardinalities, limit, out);
  }

  /** Turns summed uncovered milliseconds into multiples of the block span (truncated). */
  private static List<Ranked> perBlockSpan(Map<String, Long> uncovered, long blockSpan) {
    List<Ranked> out = new ArrayList<>(uncovered.size());
    uncovered.forEach(
        (k, v) -> out.add(new Ranked(k, blockSpan == 0 ? 0 : (long) ((double) v / blockSpan))));
    return out;
  }

  private static List<Ranked> ranked(Map<String, Long> figures) {
    List<Ranked> out = new ArrayList<>(figures.size());
    figures.forEach((k, v) -> out.add(new Ranked(k, v)));
    return out;
  }

  private static void printRanked(List<Ranked> entries, int limit, PrintWriter out) {
    entries.sort(Comparator.comparingLong(Ranked::figure).reversed().thenComparing(Ranked::key));
    for (int i = 0; i < entries.size() && i < limit; i++) {
      out.print(entries.get(i).figure() + " " + entries.get(i).key() + "\n");
    }
  }
}
