package io.argus.remote.write;

import io.argus.scrape.Sleeper;
import io.argus.scrape.config.RemoteWriteConfig.NewestFirst;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.wal.WalRetention;
import io.argus.util.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running remote-write queue: its {@link QueueManager} and the {@link WalWatcher}s feeding it.
 *
 * <p>Normally one watcher tails the WAL. With {@code argus_newest_first}, when the queue has fallen
 * behind the newest sample in storage by more than the configured backlog (checked when a receiver
 * recovers and every resharding tick, never while sends fail), the queue is split: a new watcher
 * becomes the live tail, sending samples newer than {@code max(newest - backlog, newest enqueued)}
 * from the newest segment on, and the old watcher becomes the backfill, sending the rest from where
 * it stood through the queue's backfill shards. One backfill runs at a time; when it has caught up,
 * the live tail is the queue's only watcher and a later backlog splits it again.
 *
 * <p>Thread-safe. {@link #start} once, {@link #stop} once.
 */
final class QueueRunner {
  private static final Logger logger = LoggerFactory.getLogger(QueueRunner.class);

  private final String name;
  private final QueueManager queue;
  private final NewestFirst newestFirst;
  private final LongSupplier highestReceivedMillis;
  private final Path walDir;
  private final FileOps files;
  private final Clock clock;
  private final Sleeper sleeper;
  private final WalWatcher.Settings settings;
  private final @Nullable WalRetention retention;
  private final RemoteWriteMetrics.Queue metrics;
  private final Object lock = new Object();
  private WalWatcher current;
  private @Nullable WalWatcher backfilling;
  private int generation;
  private boolean stopped;

  QueueRunner(
      String name,
      QueueManager queue,
      NewestFirst newestFirst,
      LongSupplier highestReceivedMillis,
      Path walDir,
      FileOps files,
      Clock clock,
      Sleeper sleeper,
      WalWatcher.Settings settings,
      @Nullable WalRetention retention,
      RemoteWriteMetrics.Queue metrics) {
    this.name = name;
    this.queue = queue;
    this.newestFirst = newestFirst;
    this.highestReceivedMillis = highestReceivedMillis;
    this.walDir = walDir;
    this.files = files;
    this.clock = clock;
    this.sleeper = sleeper;
    this.settings = settings;
    this.retention = retention;
    this.metrics = metrics;
    this.current = watcher(null);
  }

  private WalWatcher watcher(WalWatcher.@Nullable Split liveFrom) {
    String n = generation == 0 ? name : name + "-" + generation;
    generation++;
    return new WalWatcher(
        n,
        walDir,
        files,
        queue,
        clock,
        sleeper,
        settings,
        liveFrom,
        retention == null ? null : retention.hold("remote_write " + n));
  }

  void start() {
    queue.start();
    if (newestFirst.enabled()) {
      queue.onBacklogCheck(this::checkBacklog);
    }
    synchronized (lock) {
      current.start();
    }
  }

  /** Whether a backfill is running; for tests. */
  boolean backfilling() {
    synchronized (lock) {
      return backfilling != null;
    }
  }

  /** Splits the queue if it is further behind than the backlog allows; see the class comment. */
  void checkBacklog() {
    synchronized (lock) {
      if (stopped || backfilling != null || queue.failing()) {
        return;
      }
      long newest = highestReceivedMillis.getAsLong();
      long sent = queue.highestSentMillis();
      if (newest == Long.MIN_VALUE || sent == Long.MIN_VALUE) {
        return;
      }
      long lag = newest - sent;
      if (lag <= newestFirst.backlogMillis()) {
        return;
      }
      int newestSegment;
      try {
        newestSegment = newestSegment();
      } catch (IOException e) {
        logger
            .atWarn()
            .addKeyValue("queue", name)
            .addKeyValue("err", e.getMessage())
            .log("cannot list wal segments, not splitting the queue");
        return;
      }
      if (newestSegment < 0) {
        return;
      }
      long from = Math.max(newest - newestFirst.backlogMillis(), queue.highestEnqueuedMillis());
      WalWatcher.Split split = new WalWatcher.Split(from, newestSegment);
      WalWatcher old = current;
      WalWatcher live = watcher(split);
      queue.startBackfill();
      old.beginBackfill(split, () -> backfillDone(old));
      current = live;
      backfilling = old;
      metrics.backfills.inc();
      metrics.backfillActive.set(1);
      live.start();
      logger
          .atInfo()
          .addKeyValue("queue", name)
          .addKeyValue("lag_ms", lag)
          .addKeyValue("live_after_ms", from)
          .addKeyValue("live_segment", newestSegment)
          .log("queue fell behind, sending the newest samples first and backfilling the rest");
    }
  }

  private void backfillDone(WalWatcher w) {
    synchronized (lock) {
      if (backfilling == w) {
        backfilling = null;
      }
    }
    metrics.backfillActive.set(0);
    logger.atInfo().addKeyValue("queue", name).log("backfill caught up");
  }

  private int newestSegment() throws IOException {
    List<String> names = files.list(walDir);
    int newest = -1;
    for (String s : names) {
      if (!s.isEmpty() && s.length() <= 9 && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
        newest = Math.max(newest, Integer.parseInt(s));
      }
    }
    return newest;
  }

  /** Stops the watchers, then the queue (which flushes). */
  void stop() {
    WalWatcher a;
    WalWatcher b;
    synchronized (lock) {
      stopped = true;
      a = current;
      b = backfilling;
    }
    queue.stopAppending();
    a.stop();
    if (b != null) {
      b.stop();
    }
    queue.stop();
  }
}
