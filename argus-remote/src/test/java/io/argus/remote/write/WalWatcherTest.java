package io.argus.remote.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.argus.model.labels.Labels;
import io.argus.scrape.Sleeper;
import io.argus.storage.Appender;
import io.argus.tsdb.Db;
import io.argus.tsdb.DbOptions;
import io.argus.tsdb.encoding.EncBuf;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.record.Records;
import io.argus.tsdb.record.RefSeries;
import io.argus.tsdb.record.SampleBatch;
import io.argus.tsdb.wal.Checkpoint;
import io.argus.tsdb.wal.Wal;
import io.argus.tsdb.wal.WalOptions;
import io.argus.tsdb.wal.WalReader;
import io.argus.tsdb.wal.WalRetention;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalWatcherTest {
  private static final WalWatcher.Settings FAST = new WalWatcher.Settings(10, 50, 100);
  private final FileOps ops = FileOps.defaults();
  private final RecordingConsumer consumer = new RecordingConsumer();
  private final List<AutoCloseable> closers = new ArrayList<>();
  @TempDir Path dir;

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closers.reversed()) {
      c.close();
    }
  }

  private WalWatcher watch(Path walDir) {
    WalWatcher w = new WalWatcher("test", walDir, ops, consumer, Clock.SYSTEM, Sleeper.REAL, FAST);
    w.start();
    closers.add(w::stop);
    return w;
  }

  private static EncBuf series(RefSeries... s) {
    return Records.encodeSeries(new EncBuf(), List.of(s));
  }

  private static EncBuf samples(long... refTimeValue) {
    SampleBatch b = new SampleBatch();
    for (int i = 0; i < refTimeValue.length; i += 3) {
      b.add(refTimeValue[i], refTimeValue[i + 1], refTimeValue[i + 2]);
    }
    return Records.encodeSamples(new EncBuf(), b);
  }

  /** A consumer whose main lane blocks until opened, as a queue does during an outage. */
  private static final class GatedConsumer extends RecordingConsumer {
    final CountDownLatch blocked = new CountDownLatch(1);
    final CountDownLatch open = new CountDownLatch(1);

    @Override
    public boolean append(SampleBatch b) {
      blocked.countDown();
      try {
        open.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      return super.append(b);
    }
  }

  @Test
  void beginBackfill_liveTailAndBackfillSendEverySampleOnce() throws Exception {
    Path walDir = dir.resolve("wal");
    Wal wal = Wal.open(ops, walDir, WalOptions.defaults(), Clock.SYSTEM);
    closers.add(wal);
    long base = Clock.SYSTEM.millis() + 3_600_000;
    wal.log(
        series(
            new RefSeries(1, Labels.of("__name__", "a")),
            new RefSeries(2, Labels.of("__name__", "b"))));
    GatedConsumer gated = new GatedConsumer();
    WalWatcher old = new WalWatcher("old", walDir, ops, gated, Clock.SYSTEM, Sleeper.REAL, FAST);
    closers.add(old::stop);
    old.start();
    for (int i = 1; i <= 10; i++) {
      wal.log(samples(1, base + i, i, 2, base + i, -i));
    }
    assertThat(gated.blocked.await(30, TimeUnit.SECONDS)).isTrue();
    wal.nextSegment();
    for (int i = 11; i <= 30; i++) {
      wal.log(samples(1, base + i, i, 2, base + i, -i));
    }

    WalWatcher.Split split = new WalWatcher.Split(base + 20, 1);
    CountDownLatch done = new CountDownLatch(1);
    old.beginBackfill(split, done::countDown);
    WalWatcher live =
        new WalWatcher("live", walDir, ops, gated, Clock.SYSTEM, Sleeper.REAL, FAST, split, null);
    closers.add(live::stop);
    live.start();
    gated.open.countDown();

    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(split.done()).isTrue();
    assertThat(gated.await(() -> gated.samples.size() == 2 * 11)).isTrue();
    wal.log(samples(1, base + 15, 99));
    assertThat(gated.await(() -> gated.samples.size() == 2 * 11 + 1)).isTrue();

    // The record the old watcher was blocked on went to the main lane, so did what the live tail
    // sent (newer than the split, in WAL order, then the late one); the backfill sent the rest.
    List<Long> mainTimes = gated.samples().stream().map(s -> s.t() - base).toList();
    assertThat(mainTimes.stream().filter(t -> t > 20).toList()).isSorted();
    assertThat(mainTimes.getLast()).isEqualTo(15L);
    assertThat(mainTimes)
        .containsExactlyInAnyOrder(
            1L, 1L, 21L, 21L, 22L, 22L, 23L, 23L, 24L, 24L, 25L, 25L, 26L, 26L, 27L, 27L, 28L, 28L,
            29L, 29L, 30L, 30L, 15L);
    List<Long> backfilled = gated.backfilled().stream().map(s -> s.t() - base).toList();
    List<Long> expected = new ArrayList<>();
    for (long i = 2; i <= 20; i++) {
      expected.add(i);
      expected.add(i);
    }
    assertThat(backfilled).isEqualTo(expected);
    assertThat(old.finished()).isTrue();
  }

  @Test
  void run_holdsTheSegmentItReadsAndReleasesItOnStop() throws Exception {
    Path walDir = dir.resolve("wal");
    Wal wal = Wal.open(ops, walDir, WalOptions.defaults(), Clock.SYSTEM);
    closers.add(wal);
    wal.log(series(new RefSeries(1, Labels.of("__name__", "a"))));
    wal.nextSegment();
    wal.nextSegment();
    WalRetention retention = new WalRetention(1L << 20, new PrometheusRegistry());
    WalWatcher w =
        new WalWatcher(
            "held",
            walDir,
            ops,
            consumer,
            Clock.SYSTEM,
            Sleeper.REAL,
            FAST,
            null,
            retention.hold("queue"));
    w.start();
    long t = Clock.SYSTEM.millis() + 60_000;
    wal.log(samples(1, t, 1));
    assertThat(consumer.await(() -> consumer.samples.size() == 1)).isTrue();
    assertThat(retention.oldestHeld()).isEqualTo(2);
    wal.nextSegment();
    wal.log(samples(1, t + 1, 2));
    assertThat(consumer.await(() -> consumer.samples.size() == 2)).isTrue();
    assertThat(retention.oldestHeld()).isEqualTo(3);

    w.stop();
    assertThat(retention.oldestHeld()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void run_followsDbWalAcrossSegmentRollovers() throws Exception {
    Db db =
        Db.open(
            dir,
            DbOptions.builder().walSegmentBytes(2 * Wal.PAGE_SIZE).build(),
            ops,
            Clock.SYSTEM,
            new PrometheusRegistry());
    closers.add(db::close);
    WalWatcher w = watch(dir.resolve("wal"));
    long base = Clock.SYSTEM.millis() + 60_000;
    int seriesCount = 200;
    int rounds = 150;
    Map<Long, Labels> refs = new HashMap<>();
    for (int round = 0; round < rounds; round++) {
      Appender app = db.appender();
      for (int s = 0; s < seriesCount; s++) {
        Labels l = Labels.of("__name__", "watched", "series", Integer.toString(s));
        long ref = app.append(0, l, base + round * 1_000L, round * 1_000 + s);
        refs.put(ref, l);
      }
      app.commit();
    }

    int total = seriesCount * rounds;
    assertThat(consumer.await(() -> consumer.samples.size() >= total)).isTrue();
    assertThat(Files.list(dir.resolve("wal")).count()).isGreaterThan(3);
    assertThat(w.currentSegment()).isGreaterThan(2);
    Map<Labels, List<Double>> values = new HashMap<>();
    for (RecordingConsumer.Sample s : consumer.samples()) {
      Labels l = consumer.series.get(s.ref());
      assertThat(l).isEqualTo(refs.get(s.ref()));
      int round = (int) ((s.t() - base) / 1_000);
      assertThat(s.v()).isEqualTo(round * 1_000 + Integer.parseInt(l.get("series")));
      values.computeIfAbsent(l, k -> new ArrayList<>()).add(s.v());
    }
    assertThat(consumer.samples()).hasSize(total);
    assertThat(values).hasSize(seriesCount);
    values.values().forEach(v -> assertThat(v).isSorted().hasSize(rounds));
  }

  @Test
  void run_readsCheckpointSeriesAtStartAndSkipsOldSamples() throws Exception {
    Path walDir = dir.resolve("wal");
    Wal wal = Wal.open(ops, walDir, WalOptions.defaults(), Clock.SYSTEM);
    closers.add(wal);
    RefSeries a = new RefSeries(1, Labels.of("__name__", "a"));
    RefSeries b = new RefSeries(2, Labels.of("__name__", "b"));
    RefSeries c = new RefSeries(3, Labels.of("__name__", "c"));
    wal.log(series(a, b), samples(1, 1_000, 1, 2, 1_000, 2));
    wal.nextSegment();
    wal.log(series(c), samples(3, 2_000, 3));
    wal.nextSegment();
    Checkpoint.create(ops, walDir, 0, 1, ref -> ref != 2, 0);
    assertThat(Files.exists(walDir.resolve("checkpoint.00000001"))).isTrue();
    assertThat(Files.exists(walDir.resolve("00000000"))).isFalse();

    watch(walDir);
    assertThat(consumer.await(() -> consumer.series.size() == 2)).isTrue();
    assertThat(consumer.seriesSegment).containsEntry(1L, 1).containsEntry(3L, 1);
    assertThat(consumer.series).doesNotContainKey(2L);

    long now = Clock.SYSTEM.millis() + 10_000;
    RefSeries d = new RefSeries(4, Labels.of("__name__", "d"));
    wal.log(series(d), samples(1, now, 10, 3, now, 30, 4, now, 40));
    assertThat(consumer.await(() -> consumer.samples.size() == 3)).isTrue();
    assertThat(consumer.samples())
        .extracting(RecordingConsumer.Sample::ref)
        .containsExactly(1L, 3L, 4L);
    assertThat(consumer.series.get(4L)).isEqualTo(d.labels());
  }

  @Test
  void run_readsLiveSegmentAfterTornTailOfOlderSegment() throws Exception {
    Path walDir = dir.resolve("wal");
    RefSeries a = new RefSeries(1, Labels.of("__name__", "a"));
    RefSeries b = new RefSeries(2, Labels.of("__name__", "b", "pad", "x".repeat(200)));
    try (Wal wal =
        Wal.open(
            ops,
            walDir,
            WalOptions.defaults().withCompression(io.argus.tsdb.wal.WalCompression.NONE),
            Clock.SYSTEM)) {
      wal.log(series(a));
      wal.log(series(b));
    }
    long tornAt;
    try (WalReader r = WalReader.open(ops, walDir)) {
      assertThat(r.next()).isTrue();
      assertThat(r.next()).isTrue();
      tornAt = r.offset() + 50;
    }
    try (FileChannel ch = FileChannel.open(walDir.resolve("00000000"), StandardOpenOption.WRITE)) {
      ch.truncate(tornAt);
    }
    Wal wal = Wal.open(ops, walDir, WalOptions.defaults(), Clock.SYSTEM);
    closers.add(wal);

    watch(walDir);
    assertThat(consumer.await(() -> consumer.series.containsKey(1L))).isTrue();
    long now = Clock.SYSTEM.millis() + 10_000;
    RefSeries c = new RefSeries(3, Labels.of("__name__", "c"));
    wal.log(series(c), samples(1, now, 1, 2, now, 2, 3, now, 3));
    assertThat(consumer.await(() -> consumer.samples.size() == 3)).isTrue();
    assertThat(consumer.series).containsKeys(1L, 3L).doesNotContainKey(2L);
  }

  @Test
  void run_forgetsSeriesWhenANewerCheckpointAppears() throws Exception {
    Path walDir = dir.resolve("wal");
    Wal wal = Wal.open(ops, walDir, WalOptions.defaults(), Clock.SYSTEM);
    closers.add(wal);
    RefSeries a = new RefSeries(1, Labels.of("__name__", "a"));
    RefSeries b = new RefSeries(2, Labels.of("__name__", "b"));
    wal.log(series(a, b));
    wal.nextSegment();
    wal.nextSegment();
    watch(walDir);
    assertThat(consumer.await(() -> consumer.series.size() == 2)).isTrue();
    wal.nextSegment();
    assertThat(consumer.await(() -> consumer.seriesSegment.getOrDefault(1L, -1) == 0)).isTrue();
    Checkpoint.create(ops, walDir, 0, 1, ref -> ref == 1, 0);
    assertThat(consumer.await(() -> consumer.resets.contains(1))).isTrue();
    assertThat(consumer.seriesSegment).containsEntry(1L, 1).containsEntry(2L, 0);
  }
}
