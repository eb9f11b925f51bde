package io.argus.tsdb.head;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.Appender;
import io.argus.tsdb.encoding.EncBuf;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.head.HeadReads.Sample;
import io.argus.tsdb.record.Records;
import io.argus.tsdb.record.RefSeries;
import io.argus.tsdb.record.SampleBatch;
import io.argus.tsdb.tombstones.Interval;
import io.argus.tsdb.wal.Wal;
import io.argus.tsdb.wal.WalCorruptionException;
import io.argus.tsdb.wal.WalOptions;
import io.argus.tsdb.wal.WalRetention;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadWalTest {
  private static final long HOUR = 3_600_000L;
  private static final Labels A = Labels.of("__name__", "up", "job", "a");
  private static final Labels B = Labels.of("__name__", "up", "job", "b");
  private static final double STALE = Double.longBitsToDouble(0x7ff0000000000002L);

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(0);

  private Head openHead() throws IOException {
    Wal wal = Wal.open(FileOps.defaults(), dir, WalOptions.defaults(), clock);
    Head head = new Head(HeadOptions.DEFAULTS, clock, wal, new PrometheusRegistry());
    head.init(Long.MIN_VALUE);
    return head;
  }

  private static void append(Head head, Labels ls, long t, double v) {
    Appender app = head.appender();
    app.append(0, ls, t, v);
    app.commit();
  }

  @Test
  void init_afterClose_replaysIdenticalData() throws IOException {
    Map<Labels, List<Sample>> before;
    long maxId = 0;
    try (Head head = openHead()) {
      for (long t = 0; t < 3 * HOUR; t += 15_000) {
        Appender app = head.appender();
        maxId = Math.max(maxId, app.append(0, A, t, t * 0.5));
        maxId = Math.max(maxId, app.append(0, B, t, t % 7 == 0 ? STALE : -t));
        app.commit();
      }
      Appender rolledBack = head.appender();
      rolledBack.append(0, Labels.of("__name__", "gone"), 3 * HOUR, 1);
      rolledBack.rollback();
      head.delete(HOUR, 2 * HOUR, Matcher.equal("job", "b"));
      before = HeadReads.samples(head);
      // A series created by a rolled-back batch has no samples and is not logged.
      before.values().removeIf(List::isEmpty);
    }

    try (Head head = openHead()) {
      assertThat(HeadReads.samples(head)).isEqualTo(before);
      assertThat(head.minTime()).isZero();
      assertThat(head.maxTime()).isEqualTo(3 * HOUR - 15_000);
      assertThat(head.tombstones().total()).isEqualTo(1);
      head.tombstones()
          .forEach((ref, itvs) -> assertThat(itvs).containsExactly(new Interval(HOUR, 2 * HOUR)));
      Appender app = head.appender();
      long ref = app.append(0, Labels.of("__name__", "new"), 3 * HOUR, 1);
      app.commit();
      assertThat(ref).isGreaterThan(maxId);
    }
  }

  @Test
  void replay_outOfOrderUnknownRefsAndUnknownTypes_skippedSilently() throws IOException {
    try (Wal wal = Wal.open(FileOps.defaults(), dir, WalOptions.defaults(), clock)) {
      wal.log(Records.encodeSeries(new EncBuf(), List.of(new RefSeries(7, A))));
      wal.log(
          Records.encodeSamples(
              new EncBuf(),
              new SampleBatch().add(7, 2000, 2).add(7, 1000, 1).add(99, 1000, 5).add(7, 3000, 3)));
      wal.log(new byte[] {6, 1, 2, 3});
      // The same labels again under another ID (as after a restart race): an alias.
      wal.log(Records.encodeSeries(new EncBuf(), List.of(new RefSeries(9, A))));
      wal.log(Records.encodeSamples(new EncBuf(), new SampleBatch().add(9, 4000, 4)));
    }

    try (Head head = openHead()) {
      assertThat(HeadReads.samples(head))
          .containsExactly(
              Map.entry(A, List.of(Sample.of(2000, 2), Sample.of(3000, 3), Sample.of(4000, 4))));
      Appender app = head.appender();
      assertThat(app.append(0, A, 5000, 5)).isEqualTo(7);
      assertThat(app.append(0, B, 5000, 5)).isEqualTo(10);
      app.commit();
    }
  }

  @Test
  void replay_largeRecordsWithDisorderAndUnknownRefs_keepEveryAppendableSample()
      throws IOException {
    // Records much longer than the replay's runs of samples, with series interleaved as in a
    // scrape, unknown IDs, samples below the minimum valid time and samples out of order anywhere.
    int seriesCount = 50;
    long minValid = 1_000;
    Random random = new Random(42);
    Map<Long, Labels> labelsById = new HashMap<>();
    List<RefSeries> series = new ArrayList<>();
    for (long id = 1; id <= seriesCount; id++) {
      Labels ls = Labels.of("__name__", "m", "id", Long.toString(id));
      labelsById.put(id, ls);
      series.add(new RefSeries(id, ls));
    }
    Map<Labels, List<Sample>> expected = new HashMap<>();
    Map<Long, Long> newest = new HashMap<>();
    try (Wal wal = Wal.open(FileOps.defaults(), dir, WalOptions.defaults(), clock)) {
      wal.log(Records.encodeSeries(new EncBuf(), series));
      for (int record = 0; record < 4; record++) {
        SampleBatch batch = new SampleBatch();
        for (int i = 0; i < 1_000; i++) {
          long id = 1 + random.nextInt(seriesCount + 5);
          long t =
              random.nextInt(8) == 0 ? random.nextInt(2_000) : 500 + record * 20_000L + i * 10L;
          double v = random.nextInt(100);
          batch.add(id, t, v);
          Labels ls = labelsById.get(id);
          if (ls != null && t >= minValid && t > newest.getOrDefault(id, Long.MIN_VALUE)) {
            newest.put(id, t);
            expected.computeIfAbsent(ls, k -> new ArrayList<>()).add(Sample.of(t, v));
          }
        }
        wal.log(Records.encodeSamples(new EncBuf(), batch));
      }
    }

    Wal wal = Wal.open(FileOps.defaults(), dir, WalOptions.defaults(), clock);
    try (Head head = new Head(HeadOptions.DEFAULTS, clock, wal, new PrometheusRegistry())) {
      head.init(minValid);

      Map<Labels, List<Sample>> got = HeadReads.samples(head);
      got.values().removeIf(List::isEmpty);
      assertThat(got).isEqualTo(expected);
      assertThat(expected.values().stream().mapToInt(List::size).sum()).isGreaterThan(3_000);
    }
  }

  @Test
  void init_belowMinValidTime_samplesDropped() throws IOException {
    try (Head head = openHead()) {
      append(head, A, 1000, 1);
      append(head, A, 5000, 5);
    }
    Wal wal = Wal.open(FileOps.defaults(), dir, WalOptions.defaults(), clock);
    try (Head head = new Head(HeadOptions.DEFAULTS, clock, wal, new PrometheusRegistry())) {
      head.init(2000);

      assertThat(HeadReads.samples(head).get(A)).containsExactly(Sample.of(5000, 5));
      assertThat(head.minTime()).isEqualTo(5000);
    }
  }

  @Test
  void init_corruptSegment_throwsWalCorruptionException() throws IOException {
    try (Head head = openHead()) {
      for (long t = 0; t < 200; t++) {
        append(head, A, t * 1000, t);
      }
    }
    Path segment;
    try (Stream<Path> files = Files.list(dir)) {
      segment =
          files
              .filter(p -> p.getFileName().toString().equals("00000000"))
              .findFirst()
              .orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.seek(1000);
      int b = f.read();
      f.seek(1000);
      f.write(b ^ 0xFF);
    }

    Wal wal = Wal.open(FileOps.defaults(), dir, WalOptions.defaults(), clock);
    try (Head head = new Head(HeadOptions.DEFAULTS, clock, wal, new PrometheusRegistry())) {
      assertThatThrownBy(() -> head.init(Long.MIN_VALUE))
          .isInstanceOf(WalCorruptionException.class)
          .satisfies(e -> assertThat(((WalCorruptionException) e).segment()).isZero());
      // What was read before the damage is in the head, as a repair would keep it.
      assertThat(HeadReads.samples(head).get(A)).isNotEmpty();
    }
  }

  @Test
  void truncate_withWal_checkpointsOldSegmentsAndReplaysTheRest() throws Exception {
    Map<Labels, List<Sample>> afterTruncate;
    try (Head head = openHead()) {
      append(head, B, 0, 1); // B ends up with no chunks and is removed
      for (long t = 0; t < 5 * HOUR; t += 60_000) {
        append(head, A, t, t);
        if (t % HOUR == 0) {
          nextSegment(head);
        }
      }

      head.truncate(2 * HOUR);

      afterTruncate = HeadReads.samples(head);
      assertThat(afterTruncate).containsOnlyKeys(A);
      try (Stream<Path> files = Files.list(dir)) {
        List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
        // Segments 0..5 existed and 6 was started; 5 was current, so 0..4 were candidates and
        // their lower two thirds, 0..2, went into the checkpoint.
        assertThat(names)
            .contains("checkpoint.00000002", "00000003", "00000006")
            .doesNotContain("00000000", "00000002");
      }
    }

    try (Head head = openHead()) {
      Map<Labels, List<Sample>> replayed = HeadReads.samples(head);
      // B's series record stays in the checkpoint while later segments might still refer to it.
      replayed.values().removeIf(List::isEmpty);
      assertThat(replayed).isEqualTo(afterTruncate);
      assertThat(head.minTime()).isEqualTo(2 * HOUR);
    }
  }

  @Test
  void truncate_heldSegmentsWithinBudget_areKept() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    WalRetention retention = new WalRetention(1L << 30, registry);
    try (Head head = openHead()) {
      head.retainWalFor(retention);
      WalRetention.Hold hold = retention.hold("queue");
      hold.from(2);
      writeFiveHours(head);

      head.truncate(2 * HOUR);

      // Without the hold segments 0..2 would go; the queue still needs 2.
      assertThat(walNames()).contains("checkpoint.00000001", "00000002");
      assertThat(walNames()).doesNotContain("00000000", "00000001");
      assertThat(counter(registry, "argus_tsdb_wal_held_segments_dropped")).isZero();

      hold.close();
      head.truncate(3 * HOUR);
      assertThat(walNames()).doesNotContain("00000002");
    }
  }

  @Test
  void truncate_heldSegmentsOverBudget_oldestDroppedAndCounted() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    try (Head head = openHead()) {
      writeFiveHours(head);
      long segmentBytes = Files.size(dir.resolve("00000002"));
      // Room for one held segment: of 1..2 the older one goes.
      WalRetention retention = new WalRetention(segmentBytes, registry);
      head.retainWalFor(retention);
      retention.hold("queue").from(1);

      head.truncate(2 * HOUR);

      assertThat(walNames()).contains("checkpoint.00000001", "00000002");
      assertThat(walNames()).doesNotContain("00000001");
      assertThat(counter(registry, "argus_tsdb_wal_held_segments_dropped")).isEqualTo(1);
    }
  }

  private void writeFiveHours(Head head) throws IOException {
    for (long t = 0; t < 5 * HOUR; t += 60_000) {
      append(head, A, t, t);
      if (t % HOUR == 0) {
        nextSegment(head);
      }
    }
  }

  private List<String> walNames() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static double counter(PrometheusRegistry r, String name) {
    return r.scrape().stream()
        .filter(m -> m.getMetadata().getName().equals(name))
        .flatMap(m -> m.getDataPoints().stream())
        .mapToDouble(d -> ((CounterDataPointSnapshot) d).getValue())
        .sum();
  }

  private static void nextSegment(Head head) throws IOException {
    java.util.Objects.requireNonNull(head.wal()).nextSegment();
  }
}
