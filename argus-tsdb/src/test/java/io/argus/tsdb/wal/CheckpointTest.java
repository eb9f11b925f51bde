package io.argus.tsdb.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.tsdb.encoding.EncBuf;
import io.argus.tsdb.fs.FaultyFileOps;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.record.Records;
import io.argus.tsdb.record.RefSeries;
import io.argus.tsdb.record.RefTombstone;
import io.argus.tsdb.record.SampleBatch;
import io.argus.util.Clock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  private static final WalOptions RAW = WalOptions.defaults().withCompression(WalCompression.NONE);

  @TempDir Path dir;
  private final FileOps ops = FileOps.defaults();

  private static byte[] series(long... refs) {
    List<RefSeries> s = new ArrayList<>();
    for (long ref : refs) {
      s.add(new RefSeries(ref, Labels.of("__name__", "m", "id", Long.toString(ref))));
    }
    return Records.encodeSeries(new EncBuf(), s).toByteArray();
  }

  /** Samples as ref, t pairs; the value is the timestamp. */
  private static byte[] samples(long... refsAndTimes) {
    SampleBatch b = new SampleBatch();
    for (int i = 0; i < refsAndTimes.length; i += 2) {
      b.add(refsAndTimes[i], refsAndTimes[i + 1], refsAndTimes[i + 1]);
    }
    return Records.encodeSamples(new EncBuf(), b).toByteArray();
  }

  private static byte[] tombstones(RefTombstone... t) {
    return Records.encodeTombstones(new EncBuf(), List.of(t)).toByteArray();
  }

  /** Renders a record for comparison: "series 1 3", "samples 2@150", "tombstones 1[90,200]". */
  private static String describe(byte[] rec) {
    StringBuilder sb = new StringBuilder();
    switch (Records.type(rec)) {
      case SERIES -> {
        sb.append("series");
        List<RefSeries> out = new ArrayList<>();
        Records.decodeSeries(rec, out);
        out.forEach(s -> sb.append(' ').append(s.ref()));
      }
      case SAMPLES -> {
        sb.append("samples");
        SampleBatch b = new SampleBatch();
        Records.decodeSamples(rec, b);
        for (int i = 0; i < b.size(); i++) {
          sb.append(' ').append(b.ref(i)).append('@').append(b.t(i));
        }
      }
      case TOMBSTONES -> {
        sb.append("tombstones");
        List<RefTombstone> out = new ArrayList<>();
        Records.decodeTombstones(rec, out);
        out.forEach(
            t ->
                sb.append(' ')
                    .append(t.ref())
                    .append(Arrays.toString(new long[] {t.minTime(), t.maxTime()})));
      }
      default -> sb.append("other ").append(Records.type(rec));
    }
    return sb.toString();
  }

  private static List<String> describeAll(WalReader r) throws IOException {
    List<String> out = new ArrayList<>();
    try (r) {
      while (r.next()) {
        out.add(describe(r.record()));
      }
    }
    return out;
  }

  /** Writes segments 0..2 and leaves segment 3 open for writing. */
  private Wal writeThreeSegments() throws IOException {
    Wal wal = Wal.open(ops, dir, RAW, Clock.SYSTEM);
    wal.log(series(1, 2, 3, 4));
    wal.log(samples(1, 50, 2, 150, 3, 99, 4, 100));
    wal.log(
        tombstones(
            new RefTombstone(1, 0, 40), new RefTombstone(1, 90, 200), new RefTombstone(2, 0, 300)));
    wal.nextSegment();
    wal.log(new byte[] {6, 1, 2, 3}, new byte[] {42, 1}, new byte[0]);
    wal.log(samples(5, 200), series(5, 6));
    wal.nextSegment();
    wal.log(samples(6, 10, 6, 300), series(7), samples(2, 20));
    wal.nextSegment();
    wal.log(samples(7, 500));
    return wal;
  }

  @Test
  void create_keepsExactlyTheNeededRecords() throws IOException {
    try (Wal wal = writeThreeSegments()) {
      CheckpointStats stats = Checkpoint.create(ops, dir, 0, 2, ref -> ref % 2 == 1, 100);

      assertThat(stats.checkpoint())
          .isEqualTo(new Checkpoint(dir.resolve("checkpoint.00000002"), 2));
      assertThat(describeAll(WalReader.open(ops, stats.checkpoint().dir())))
          .containsExactly(
              "series 1 3",
              "samples 2@150 4@100",
              "tombstones 1[90, 200]",
              "samples 5@200",
              "series 5",
              "samples 6@300",
              "series 7");
      assertThat(stats.totalSeries()).isEqualTo(7);
      assertThat(stats.droppedSeries()).isEqualTo(3);
      assertThat(stats.totalSamples()).isEqualTo(8);
      assertThat(stats.droppedSamples()).isEqualTo(4);
      assertThat(stats.totalTombstones()).isEqualTo(3);
      assertThat(stats.droppedTombstones()).isEqualTo(2);
      assertThat(stats.droppedRecords()).isEqualTo(3);
      assertThat(wal.segments()).isEqualTo(new SegmentRange(3, 3));
      assertThat(ops.list(dir)).containsExactly("00000003", "checkpoint.00000002");
      assertThat(Checkpoint.last(ops, dir)).contains(stats.checkpoint());
    }
  }

  @Test
  void create_buildsOnPreviousCheckpoint_andDeletesIt() throws IOException {
    try (Wal wal = writeThreeSegments()) {
      Checkpoint.create(ops, dir, 0, 2, ref -> ref % 2 == 1, 100);
      wal.nextSegment();
      wal.log(series(9), samples(9, 1000));
      wal.nextSegment();

      CheckpointStats stats = Checkpoint.create(ops, dir, 0, 4, ref -> ref != 5, 200);

      assertThat(stats.checkpoint().index()).isEqualTo(4);
      assertThat(describeAll(WalReader.open(ops, stats.checkpoint().dir())))
          .containsExactly(
              "series 1 3",
              "tombstones 1[90, 200]",
              "samples 5@200",
              "samples 6@300",
              "series 7",
              "samples 7@500",
              "series 9",
              "samples 9@1000");
      assertThat(ops.list(dir)).containsExactly("00000005", "checkpoint.00000004");
      wal.log(samples(9, 2000));
    }
    assertThat(describeAll(WalReader.replay(ops, dir)))
        .endsWith("samples 9@1000", "samples 9@2000");
  }

  @Test
  void create_gapAfterPreviousCheckpoint_rejected() throws IOException {
    try (Wal wal = writeThreeSegments()) {
      Checkpoint.create(ops, dir, 0, 1, ref -> true, 0);
      wal.nextSegment();

      assertThatThrownBy(() -> Checkpoint.create(ops, dir, 3, 3, ref -> true, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unexpected gap to last checkpoint. expected:2, requested:3");
    }
  }

  @Test
  void create_newestSegment_rejected() throws IOException {
    try (Wal wal = writeThreeSegments()) {
      assertThatThrownBy(() -> Checkpoint.create(ops, dir, 0, wal.currentSegment(), r -> true, 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("newest segment");
    }
  }

  @Test
  void create_renameFails_leavesWalUntouched() throws IOException {
    FaultyFileOps faulty = new FaultyFileOps().failRenames(true);
    try (Wal wal = writeThreeSegments()) {
      assertThatThrownBy(() -> Checkpoint.create(faulty, dir, 0, 2, ref -> true, 0))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("rename");

      assertThat(ops.list(dir)).containsExactly("00000000", "00000001", "00000002", "00000003");
      assertThat(Checkpoint.last(ops, dir)).isEmpty();
    }
  }

  @Test
  void last_picksHighestIndexAndIgnoresTemporary() throws IOException {
    assertThat(Checkpoint.last(ops, dir)).isEmpty();
    Files.createDirectories(dir.resolve("checkpoint.00000003"));
    Files.createDirectories(dir.resolve("checkpoint.00000010"));
    Files.createDirectories(dir.resolve("checkpoint.00000011.tmp"));

    Optional<Checkpoint> last = Checkpoint.last(ops, dir);

    assertThat(last).contains(new Checkpoint(dir.resolve("checkpoint.00000010"), 10));
  }
}
