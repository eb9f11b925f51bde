package io.argus.tsdb.wal;

import io.argus.tsdb.encoding.EncBuf;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.record.RecordType;
import io.argus.tsdb.record.Records;
import io.argus.tsdb.record.RefSeries;
import io.argus.tsdb.record.RefTombstone;
import io.argus.tsdb.record.SampleBatch;
import io.argus.util.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongPredicate;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WAL checkpoint: the directory {@code checkpoint.NNNNNNNN} next to the WAL segments, itself an
 * ordinary WAL (segments from {@code 00000000}), holding what is still needed from segments up to
 * and including {@code index} and from the checkpoint before it.
 *
 * <p>Replay reads the newest checkpoint, then the WAL segments after {@code index} (see {@link
 * WalReader#replay}).
 *
 * @param dir the checkpoint directory
 * @param index the last WAL segment the checkpoint covers
 */
public record Checkpoint(Path dir, int index) {
  static final String PREFIX = "checkpoint.";
  static final String TMP_SUFFIX = ".tmp";

  private static final Logger logger = LoggerFactory.getLogger(Checkpoint.class);

  /** Kept records are handed to the writer in batches of about this many bytes. */
  private static final int BATCH_BYTES = 1024 * 1024;

  /** Returns the directory of checkpoint {@code index} in {@code walDir}. */
  public static Path dir(Path walDir, int index) {
    return walDir.resolve(PREFIX + SegmentFiles.name(index));
  }

  /**
   * Returns the checkpoint with the highest index in {@code walDir}, if any. Temporary {@code .tmp}
   * directories are ignored.
   *
   * @throws IOException if a checkpoint name belongs to something that is not a directory
   */
  public static Optional<Checkpoint> last(FileOps ops, Path walDir) throws IOException {
    @Nullable Checkpoint best = null;
    for (String name : ops.list(walDir)) {
      int index = parseIndex(name);
      if (index < 0) {
        continue;
      }
      Path p = walDir.resolve(name);
      if (!ops.isDirectory(p)) {
        throw new IOException("checkpoint " + p + " is not a directory");
      }
      if (best == null || index > best.index()) {
        best = new Checkpoint(p, index);
      }
    }
    return Optional.ofNullable(best);
  }

  /** Returns the index of a checkpoint directory name, or -1 if it is not one. */
  private static int parseIndex(String name) {
    if (!name.startsWith(PREFIX)) {
      return -1;
    }
    String digits = name.substring(PREFIX.length());
    if (!SegmentFiles.isAllDigits(digits) || digits.length() > 9) {
      return -1;
    }
    return Integer.parseInt(digits);
  }

  /** Deletes every checkpoint in {@code walDir} with an index below {@code index}. */
  public static void deleteBefore(FileOps ops, Path walDir, int index) throws IOException {
    for (String name : ops.list(walDir)) {
      int i = parseIndex(name);
      if (i >= 0 && i < index) {
        ops.deleteRecursively(walDir.resolve(name));
      }
    }
  }

  /**
   * Creates checkpoint {@code to} with the default options; see {@link #create(FileOps, Path, int,
   * int, LongPredicate, long, WalOptions, Clock)}.
   */
  public static CheckpointStats create(
      FileOps ops, Path walDir, int from, int to, LongPredicate keepSeries, long mint)
      throws IOException {
    return create(ops, walDir, from, to, keepSeries, mint, WalOptions.defaults(), Clock.SYSTEM);
  }

  /**
   * Creates checkpoint {@code to} from the newest existing checkpoint and WAL segments {@code
   * from..to} (inclusive), then deletes WAL segments up to {@code to} and older checkpoints.
   *
   * <p>Kept: series records of series for which {@code keepSeries} is true; samples with {@code t
   * >= mint}; tombstones of kept series whose interval ends at or after {@code mint}. Every other
   * record type, known or unknown, is dropped. The checkpoint is written to {@code
   * checkpoint.NNNNNNNN.tmp}, synced and renamed; on failure the temporary directory is removed and
   * nothing else changes.
   *
   * @param from the first WAL segment to read; raised to just after the previous checkpoint
   * @param to the last WAL segment to read; must be older than the newest WAL segment (the one
   *     being written)
   * @param keepSeries whether a head series reference is still needed
   * @param mint the new minimum time of the head, Unix ms
   * @param options compression of the checkpoint segments
   * @throws IllegalArgumentException if {@code from} leaves a gap after the previous checkpoint,
   *     the previous checkpoint already covers {@code to}, or {@code to} is the newest segment
   * @throws WalCorruptionException if a segment or the previous checkpoint is damaged
   */
  public static CheckpointStats create(
      FileOps ops,
      Path walDir,
      int from,
      int to,
      LongPredicate keepSeries,
      long mint,
      WalOptions options,
      Clock clock)
      throws IOException {
    long startNanos = clock.nanoTime();
    SegmentRange walRange = SegmentFiles.range(ops, walDir);
    if (walRange.isEmpty() || to >= walRange.last()) {
      throw new IllegalArgumentException(
          "cannot checkpoint up to segment " + to + ": the newest segment is " + walRange.last());
    }
    List<WalReader.SegmentRef> sources = new ArrayList<>();
    Optional<Checkpoint> previous = last(ops, walDir);
    int first = from;
    if (previous.isPresent()) {
      int expected = previous.get().index() + 1;
      if (from > expected) {
        throw new IllegalArgumentException(
            "unexpected gap to last checkpoint. expected:" + expected + ", requested:" + from);
      }
      if (to <= previous.get().index()) {
        throw new IllegalArgumentException(
            "checkpoint " + previous.get().index() + " already covers segment " + to);
      }
      first = expected;
      SegmentRange cpRange = SegmentFiles.range(ops, previous.get().dir());
      sources.addAll(WalReader.refs(previous.get().dir(), cpRange.first(), cpRange.last()));
    }
    WalReader.checkPresent(ops, walDir, first, to);
    sources.addAll(WalReader.refs(walDir, first, to));

    Path target = dir(walDir, to);
    Path tmp = walDir.resolve(target.getFileName() + TMP_SUFFIX);
    Counts counts = new Counts();
    try {
      ops.deleteRecursively(tmp);
      try (WalReader reader = new WalReader(ops, sources);
          Wal out = Wal.open(ops, tmp, options.withSyncOnLog(false), clock)) {
        copyKept(reader, out, keepSeries, mint, counts);
      }
      ops.syncDirectory(tmp);
      ops.deleteRecursively(target);
      ops.rename(tmp, target);
      ops.syncDirectory(walDir);
    } catch (IOException | RuntimeException e) {
      try {
        ops.deleteRecursively(tmp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    for (int index : SegmentFiles.list(ops, walDir)) {
      if (index <= to) {
        ops.delete(SegmentFiles.path(walDir, index));
      }
    }
    deleteBefore(ops, walDir, to);
    CheckpointStats stats =
        new CheckpointStats(
            new Checkpoint(target, to),
            counts.droppedSeries,
            counts.totalSeries,
            counts.droppedSamples,
            counts.totalSamples,
            counts.droppedTombstones,
            counts.totalTombstones,
            counts.droppedRecords);
    logger
        .atInfo()
        .addKeyValue("from", first)
        .addKeyValue("to", to)
        .addKeyValue("mint", mint)
        .addKeyValue("durationMs", (clock.nanoTime() - startNanos) / 1_000_000)
        .log("wal checkpoint complete");
    return stats;
  }

  private static final class Counts {
    int droppedSeries;
    int totalSeries;
    long droppedSamples;
    long totalSamples;
    int droppedTombstones;
    int totalTombstones;
    int droppedRecords;
  }

  private static void copyKept(
      WalReader reader, Wal out, LongPredicate keepSeries, long mint, Counts counts)
      throws IOException {
    List<RefSeries> series = new ArrayList<>();
    List<RefSeries> keptSeries = new ArrayList<>();
    SampleBatch samples = new SampleBatch(1024);
    SampleBatch keptSamples = new SampleBatch(1024);
    List<RefTombstone> tombstones = new ArrayList<>();
    List<RefTombstone> keptTombstones = new ArrayList<>();
    EncBuf enc = new EncBuf(64 * 1024);
    List<byte[]> batch = new ArrayList<>();
    int batchBytes = 0;
    while (reader.next()) {
      byte[] rec = reader.recordBuffer();
      int len = reader.recordLength();
      enc.reset();
      RecordType type = Records.type(rec, len);
      switch (type) {
        case SERIES -> {
          series.clear();
          keptSeries.clear();
          Records.decodeSeries(rec, len, series);
          for (RefSeries s : series) {
            if (keepSeries.test(s.ref())) {
              keptSeries.add(s);
            }
          }
          counts.totalSeries += series.size();
          counts.droppedSeries += series.size() - keptSeries.size();
          if (!keptSeries.isEmpty()) {
            Records.encodeSeries(enc, keptSeries);
          }
        }
        case SAMPLES -> {
          samples.clear();
          keptSamples.clear();
          Records.decodeSamples(rec, len, samples);
          for (int i = 0; i < samples.size(); i++) {
            if (samples.t(i) >= mint) {
              keptSamples.add(samples.ref(i), samples.t(i), samples.value(i));
            }
          }
          counts.totalSamples += samples.size();
          counts.droppedSamples += samples.size() - keptSamples.size();
          if (!keptSamples.isEmpty()) {
            Records.encodeSamples(enc, keptSamples);
          }
        }
        case TOMBSTONES -> {
          tombstones.clear();
          keptTombstones.clear();
          Records.decodeTombstones(rec, len, tombstones);
          for (RefTombstone t : tombstones) {
            if (t.maxTime() >= mint && keepSeries.test(t.ref())) {
              keptTombstones.add(t);
            }
          }
          counts.totalTombstones += tombstones.size();
          counts.droppedTombstones += tombstones.size() - keptTombstones.size();
          if (!keptTombstones.isEmpty()) {
            Records.encodeTombstones(enc, keptTombstones);
          }
        }
        default -> counts.droppedRecords++;
      }
      if (enc.len() > 0) {
        batch.add(enc.toByteArray());
        batchBytes += enc.len();
        if (batchBytes >= BATCH_BYTES) {
          out.log(batch.toArray(byte[][]::new));
          batch.clear();
          batchBytes = 0;
        }
      }
    }
    if (!batch.isEmpty()) {
      out.log(batch.toArray(byte[][]::new));
    }
  }
}
