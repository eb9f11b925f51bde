package io.argus.tsdb.tool;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.textparse.Entry;
import io.argus.model.textparse.OpenMetricsParser;
import io.argus.model.textparse.ParseException;
import io.argus.storage.Appender;
import io.argus.storage.StorageException;
import io.argus.tsdb.block.BlockMeta;
import io.argus.tsdb.block.BlockMetas;
import io.argus.tsdb.block.Ulid;
import io.argus.tsdb.compact.BlockWriter;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.head.Head;
import io.argus.tsdb.head.HeadOptions;
import io.argus.tsdb.tool.LocalBlocks.LocalBlock;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code argus tsdb create-blocks-from openmetrics}: backfills an OpenMetrics file into level-1
 * blocks as {@code promtool tsdb create-blocks-from openmetrics} does. Every sample must carry a
 * timestamp. The time from the first sample (rounded down to the block duration) to the last is cut
 * into windows of the block duration; the samples of each window go through an in-memory head
 * (chunk range twice the block duration, as promtool's block writer) and become one block with
 * {@code minTime} = its first sample and {@code maxTime} = its last sample + 1. Windows without
 * samples produce no block. The input is parsed once per window, like promtool, so memory stays
 * bounded by one window's data. Stateless and thread-safe.
 */
public final class BlocksFromOpenMetrics {
  /** Prometheus' default (and smallest backfill) block duration: 2 h. */
  public static final long DEFAULT_BLOCK_DURATION_MS = 7_200_000L;

  /** Samples per appender commit, as promtool (bounds the pending batch). */
  private static final int SAMPLES_PER_COMMIT = 5000;

  private BlocksFromOpenMetrics() {}

  /**
   * Backfills {@code inputFile} into {@code outputDir} (created if needed), printing a {@code tsdb
   * list}-style row per created block.
   *
   * @param maxBlockDurationMs the largest block span; rounded down to one of 2 h, 6 h, 18 h, …
   *     (anything below 2 h means 2 h)
   * @throws IOException when the input cannot be read, a sample is invalid (e.g. {@code expected
   *     timestamp for series …, got none}) or a block cannot be written
   */
  public static void run(
      Path inputFile,
      Path outputDir,
      long maxBlockDurationMs,
      boolean humanReadable,
      PrintWriter out)
      throws IOException {
    run(inputFile, outputDir, maxBlockDurationMs, humanReadable, false, out);
  }

  /** Like {@link #run(Path, Path, long, boolean, PrintWriter)}; {@code quiet} prints nothing. */
  public static void run(
      Path inputFile,
      Path outputDir,
      long maxBlockDurationMs,
      boolean humanReadable,
      boolean quiet,
      PrintWriter out)
      throws IOException {
    run(inputFile, outputDir, maxBlockDurationMs, humanReadable, quiet, out, Clock.SYSTEM);
  }

  /** Like the other overloads, with the clock that stamps the new blocks' ULIDs. */
  public static List<BlockMeta> run(
      Path inputFile,
      Path outputDir,
      long maxBlockDurationMs,
      boolean humanReadable,
      boolean quiet,
      PrintWriter out,
      Clock clock)
      throws IOException {
    FileOps ops = FileOps.defaults();
    byte[] input = ops.readAllBytes(inputFile);
    long[] range = timeRange(input);
    ops.createDirectories(outputDir);
    long blockDuration = compatibleBlockDuration(maxBlockDurationMs);
    List<BlockMeta> written = new ArrayList<>();
    boolean headerPrinted = false;
    try {
      for (long t = Math.floorDiv(range[0], blockDuration) * blockDuration;
          t <= range[1];
          t += blockDuration) {
        BlockMeta meta = writeWindow(ops, input, outputDir, t, t + blockDuration, clock);
        if (meta == null) {
          continue;
        }
        written.add(meta);
        if (!quiet) {
          Path dir = outputDir.resolve(meta.ulid().toString());
          LocalBlock block = new LocalBlock(dir, meta, LocalBlocks.sizeOf(ops, dir));
          TsdbList.print(List.of(block), humanReadable, !headerPrinted, out);
          headerPrinted = true;
          out.flush();
        }
      }
    } catch (ParseException e) {
      throw new IOException("block creation: process blocks: parse: " + e.getMessage(), e);
    }
    return written;
  }

  /**
   * Returns the block duration promtool uses for a requested maximum: the largest of 2 h, 6 h, 18
   * h, … (ten steps of ×3) not above it, and 2 h for anything smaller.
   */
  public static long compatibleBlockDuration(long maxBlockDurationMs) {
    long duration = DEFAULT_BLOCK_DURATION_MS;
    long candidate = DEFAULT_BLOCK_DURATION_MS;
    for (int i = 1; i < 10; i++) {
      candidate *= 3;
      if (candidate > maxBlockDurationMs) {
        break;
      }
      duration = candidate;
    }
    return duration;
  }

  /** Returns the min and max sample timestamps, or {0, 0} for an input without samples. */
  private static long[] timeRange(byte[] input) throws IOException {
    long mint = Long.MAX_VALUE;
    long maxt = Long.MIN_VALUE;
    OpenMetricsParser parser = new OpenMetricsParser(input);
    try {
      for (Entry e = parser.next(); e != Entry.EOF; e = parser.next()) {
        if (e != Entry.SERIES) {
          continue;
        }
        if (!parser.hasTimestamp()) {
          throw new IOException(
              "getting min and max timestamp: expected timestamp for series got none");
        }
        mint = Math.min(mint, parser.timestamp());
        maxt = Math.max(maxt, parser.timestamp());
      }
    } catch (ParseException e) {
      throw new IOException("getting min and max timestamp: next: " + e.getMessage(), e);
    }
    return maxt == Long.MIN_VALUE ? new long[] {0, 0} : new long[] {mint, maxt};
  }

  /** Writes the samples in {@code [from, to)} as one block; returns null when there are none. */
  private static @Nullable BlockMeta writeWindow(
      FileOps ops, byte[] input, Path outputDir, long from, long to, Clock clock)
      throws IOException {
    long chunkRange = 2 * (to - from);
    Head head =
        new Head(
            HeadOptions.DEFAULTS.withChunkRange(chunkRange), clock, null, new PrometheusRegistry());
    try {
      head.init(Long.MIN_VALUE);
      OpenMetricsParser parser = new OpenMetricsParser(input);
      LabelsBuilder builder = new LabelsBuilder();
      Appender app = head.appender();
      int pending = 0;
      for (Entry e = parser.next(); e != Entry.EOF; e = parser.next()) {
        if (e != Entry.SERIES) {
          continue;
        }
        long t = parser.timestamp();
        if (t < from || t >= to) {
          continue;
        }
        parser.labels(builder);
        Labels labels = builder.build();
        try {
          app.append(0, labels, t, parser.value());
        } catch (StorageException ex) {
          app.rollback();
          throw new IOException(
              "block creation: process blocks: add sample: " + ex.getMessage(), ex);
        }
        if (++pending >= SAMPLES_PER_COMMIT) {
          app.commit();
          app = head.appender();
          pending = 0;
        }
      }
      app.commit();
      if (head.numSeries() == 0) {
        return null;
      }
      Ulid ulid = Ulid.generate(clock);
      BlockMeta meta =
          new BlockMeta(
              ulid,
              head.minTime(),
              head.maxTime() + 1,
              BlockMeta.Stats.EMPTY,
              BlockMeta.Compaction.level1(ulid));
      BlockMeta written = new BlockWriter(ops).write(outputDir, meta, List.of(head));
      if (written.stats().numSamples() == 0) {
        return null;
      }
      return BlockMetas.read(ops, outputDir.resolve(ulid.toString()));
    } finally {
      head.close();
    }
  }
}
