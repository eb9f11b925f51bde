package io.argus.remote.write;

import io.argus.scrape.Sleeper;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.record.RecordType;
import io.argus.tsdb.record.Records;
import io.argus.tsdb.record.RefSeries;
import io.argus.tsdb.record.SampleBatch;
import io.argus.tsdb.wal.Checkpoint;
import io.argus.tsdb.wal.WalRetention;
import io.argus.util.Clock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails the head's WAL directory on disk, the way Prometheus' {@code wlog.Watcher} does, and feeds
 * one {@link WalConsumer}:
 *
 * <ol>
 *   <li>At start it reads the series records of the newest checkpoint and of every segment that
 *       already existed, without their samples (those were written before this watcher started).
 *   <li>It then follows the newest segment as it grows, and every later segment, handing over
 *       series and the samples with a timestamp after the watcher's start time. A segment is left
 *       once a newer one exists and it has been read to its end.
 *   <li>Every {@code checkpointPeriod} it looks for a newer checkpoint; when one covers segments
 *       before the current one, its series are marked live and older series are forgotten.
 * </ol>
 *
 * <p>While the consumer blocks (a receiver outage), the watcher stops reading: what it has not read
 * stays in the WAL files, so nothing the WAL still holds is lost. A segment deleted by a checkpoint
 * before the watcher reached it is a gap (logged). A torn or damaged record ends that segment with
 * a warning when replaying and restarts the watcher after {@code retryDelay} when tailing.
 *
 * <p>Newest first: a watcher created with a {@link Split} is a live tail: it reads the series of
 * every segment but sends only the samples of segments from {@link Split#segment} on that are newer
 * than {@link Split#newestMillis} (older ones too once the split's backfill is done). A watcher
 * told to {@link #beginBackfill} sends, from where it is, only the rest (older samples and
 * everything in earlier segments) to {@link WalConsumer#appendBackfill}, and ends once it has read
 * to the end of the newest segment. Between the two, every sample is sent once.
 *
 * <p>With a {@link WalRetention.Hold}, the watcher holds the segments whose samples it has yet to
 * send, so that WAL truncation keeps them (within the budget), and releases it when it ends.
 *
 * <p>Thread-safety: {@link #start}, {@link #stop} and {@link #beginBackfill} may be called from any
 * thread; the reading happens on one platform thread owned by the watcher.
 */
final class WalWatcher {
  private static final Logger logger = LoggerFactory.getLogger(WalWatcher.class);

  private final String name;
  private final Path walDir;
  private final FileOps files;
  private final WalConsumer consumer;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Settings settings;
  private final CountDownLatch quit = new CountDownLatch(1);
  private final List<RefSeries> series = new ArrayList<>();
  private final SampleBatch samples = new SampleBatch(512);
  private final SampleBatch toSend = new SampleBatch(512);
  private @Nullable Thread thread;
  private long startTimestamp;
  private @Nullable Path lastCheckpoint;
  private volatile int currentSegment = -1;
  private final @Nullable Split liveFrom;
  private final WalRetention.@Nullable Hold hold;
  private volatile @Nullable Split backfill;
  private @Nullable Runnable onBackfillDone;
  private boolean restarted;

  /**
   * Divides a queue's samples between a live tail and a backfill: the live tail sends samples of
   * segments from {@code segment} on with a timestamp after {@code newestMillis}; the backfill
   * sends the others up to the position where it caught up with the WAL's end, and the live tail
   * sends everything after that position.
   *
   * @param newestMillis the newest timestamp (Unix ms, inclusive) that belongs to the backfill
   * @param segment the first segment the live tail sends from
   */
  static final class Split {
    final long newestMillis;
    final int segment;
    private boolean done;
    private int doneSegment;
    private long doneOffset;

    Split(long newestMillis, int segment) {
      this.newestMillis = newestMillis;
      this.segment = segment;
    }

    synchronized boolean done() {
      return done;
    }

    /** Whether the backfill has read (or will read) the record ending at {@code offset}. */
    synchronized boolean backfillReads(int segment, long offset) {
      return !done || segment < doneSegment || (segment == doneSegment && offset <= doneOffset);
    }
  }

  /**
   * Timing of the watcher, in milliseconds.
   *
   * @param pollMillis how often the tailed segment and the directory are checked for growth
   * @param checkpointPeriodMillis how often a newer checkpoint is looked for
   * @param retryDelayMillis wait before starting over after a failure
   */
  record Settings(long pollMillis, long checkpointPeriodMillis, long retryDelayMillis) {
    static final Settings DEFAULT = new Settings(100, 5_000, 5_000);
  }

  WalWatcher(
      String name,
      Path walDir,
      FileOps files,
      WalConsumer consumer,
      Clock clock,
      Sleeper sleeper,
      Settings settings) {
    this(name, walDir, files, consumer, clock, sleeper, settings, null, null);
  }

  /**
   * @param liveFrom when set, the watcher is the live tail of this split
   * @param hold moved along as segments are read and released when the watcher ends
   */
  WalWatcher(
      String name,
      Path walDir,
      FileOps files,
      WalConsumer consumer,
      Clock clock,
      Sleeper sleeper,
      Settings settings,
      @Nullable Split liveFrom,
      WalRetention.@Nullable Hold hold) {
    this.liveFrom = liveFrom;
    this.hold = hold;
    this.name = name;
    this.walDir = walDir;
    this.files = files;
    this.consumer = consumer;
    this.clock = clock;
    this.sleeper = sleeper;
    this.settings = settings;
  }

  /** Starts the reading thread. */
  synchronized void start() {
    if (thread != null) {
      return;
    }
    startTimestamp = clock.millis();
    Thread t = Thread.ofPlatform().daemon().name("wal-watcher-" + name).unstarted(this::loop);
    thread = t;
    t.start();
  }

  /**
   * From now on sends only the samples that belong to {@code split}'s backfill, to {@link
   * WalConsumer#appendBackfill}, and ends once read to the end of the newest segment; then marks
   * the split done and runs {@code onDone} on the watcher's thread.
   */
  synchronized void beginBackfill(Split split, Runnable onDone) {
    onBackfillDone = onDone;
    backfill = split;
  }

  /** Whether the reading thread has ended. */
  boolean finished() {
    Thread t;
    synchronized (this) {
      t = thread;
    }
    return t != null && !t.isAlive();
  }

  /** Stops reading and waits for the thread to end. Idempotent. */
  void stop() {
    quit.countDown();
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The segment being read, -1 before the first. */
  int currentSegment() {
    return currentSegment;
  }

  private boolean stopped() {
    return quit.getCount() == 0;
  }

  private void loop() {
    try {
      loopUntilStopped();
    } finally {
      if (hold != null) {
        hold.close();
      }
    }
  }

  private void loopUntilStopped() {
    while (!stopped()) {
      try {
        run();
      } catch (IOException | RuntimeException e) {
        logger
            .atError()
            .addKeyValue("queue", name)
            .addKeyValue("err", String.valueOf(e.getMessage()))
            .log("error tailing wal");
      } catch (InterruptedException e) {
        return;
      }
      if (!sleep(settings.retryDelayMillis())) {
        return;
      }
      startTimestamp = clock.millis();
      restarted = true;
    }
  }

  /** Sleeps; false when stopped meanwhile. */
  private boolean sleep(long millis) {
    try {
      sleeper.sleepUntil(clock, clock.nanoTime() + millis * 1_000_000, quit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return !stopped();
  }

  private void run() throws IOException, InterruptedException {
    int[] segments = segments();
    int lastAtStart = segments.length == 0 ? -1 : segments[segments.length - 1];
    if (liveFrom != null && !restarted) {
      lastAtStart = liveFrom.segment;
    }
    if (hold != null) {
      hold.from(Math.max(0, lastAtStart));
    }
    logger.atInfo().addKeyValue("queue", name).log("replaying wal");
    Optional<Checkpoint> cp = Checkpoint.last(files, walDir);
    int checkpointIndex = 0;
    if (cp.isPresent()) {
      readCheckpoint(cp.get(), false);
      checkpointIndex = cp.get().index();
      lastCheckpoint = cp.get().dir();
    }
    int segment = firstAtLeast(segments(), checkpointIndex);
    while (!stopped()) {
      if (segment < 0) {
        if (!sleep(settings.pollMillis())) {
          return;
        }
        segment = firstAtLeast(segments(), checkpointIndex);
        continue;
      }
      currentSegment = segment;
      if (hold != null && segment >= lastAtStart) {
        hold.from(segment);
      }
      Path file = walDir.resolve(String.format("%08d", segment));
      if (!files.exists(file)) {
        int next = firstAtLeast(segments(), segment);
        logger
            .atWarn()
            .addKeyValue("queue", name)
            .addKeyValue("segment", segment)
            .addKeyValue("next", next)
            .log("wal segment was removed before it was read, samples in it were not sent");
        if (next < 0) {
          throw new IOException("no wal segment at or after " + segment);
        }
        segment = next;
        continue;
      }
      if (watch(segment, file, segment >= lastAtStart)) {
        finishBackfill();
        return;
      }
      segment++;
    }
  }

  private void finishBackfill() {
    quit.countDown();
    Runnable done;
    synchronized (this) {
      done = onBackfillDone;
    }
    if (done != null) {
      done.run();
    }
  }

  /**
   * Reads one segment. Not tailing: series only, to its current end. Tailing: series and samples,
   * following growth until a newer segment exists and this one is read to its end.
   *
   * @return true when this watcher's backfill has caught up with the end of the WAL and is done
   */
  private boolean watch(int segment, Path file, boolean tail)
      throws IOException, InterruptedException {
    try (LiveSegmentReader r = new LiveSegmentReader(files.openForReading(file), file.toString())) {
      if (!tail) {
        try {
          read(r, segment, false);
        } catch (IOException e) {
          logger
              .atWarn()
              .addKeyValue("queue", name)
              .addKeyValue("segment", segment)
              .addKeyValue("err", e.getMessage())
              .log("ignoring error reading to end of segment, may have dropped data");
        }
        return false;
      }
      long nextCheckpointCheck = clock.nanoTime() + settings.checkpointPeriodMillis() * 1_000_000;
      while (!stopped()) {
        read(r, segment, true);
        if (clock.nanoTime() - nextCheckpointCheck >= 0) {
          nextCheckpointCheck = clock.nanoTime() + settings.checkpointPeriodMillis() * 1_000_000;
          collectSeries(segment);
        }
        int[] all = segments();
        if (all.length > 0 && all[all.length - 1] > segment) {
          // Data may have landed between the read and the listing.
          read(r, segment, true);
          long torn = r.unreadBytes();
          if (torn > 0) {
            logger
                .atWarn()
                .addKeyValue("queue", name)
                .addKeyValue("segment", segment)
                .addKeyValue("offset", r.offset())
                .addKeyValue("bytes", torn)
                .log("segment ends in an incomplete record, skipping it");
          }
          return false;
        }
        Split b = backfill;
        if (b != null && caughtUp(b, r, segment)) {
          return true;
        }
        if (!sleep(settings.pollMillis())) {
          return false;
        }
      }
      return false;
    }
  }

  /**
   * Whether the backfill has read everything of the newest segment; if so the split is marked done
   * in the same critical section as the last read, so that the live tail, which sends the
   * backfill's samples only once it is done, never skips one that the backfill has not read.
   */
  private boolean caughtUp(Split b, LiveSegmentReader r, int segment) throws IOException {
    synchronized (b) {
      read(r, segment, true);
      if (stopped()) {
        return false;
      }
      int[] all = segments();
      if (all.length > 0 && all[all.length - 1] > segment) {
        return false;
      }
      b.done = true;
      b.doneSegment = segment;
      b.doneOffset = r.offset();
      return true;
    }
  }

  private void read(LiveSegmentReader r, int segment, boolean tail) throws IOException {
    while (!stopped() && r.next()) {
      byte[] rec = r.record();
      int len = r.recordLength();
      RecordType type = Records.type(rec, len);
      if (type == RecordType.SERIES) {
        series.clear();
        Records.decodeSeries(rec, len, series);
        consumer.storeSeries(series, segment);
      } else if (type == RecordType.SAMPLES && tail) {
        samples.clear();
        Records.decodeSamples(rec, len, samples);
        toSend.clear();
        Split b = backfill;
        long end = r.offset();
        for (int i = 0; i < samples.size(); i++) {
          long t = samples.t(i);
          if (sends(t, segment, end) && (b == null || segment < b.segment || t <= b.newestMillis)) {
            toSend.add(samples.ref(i), t, samples.value(i));
          }
        }
        if (!toSend.isEmpty()
            && !(b == null ? consumer.append(toSend) : consumer.appendBackfill(toSend))) {
          return;
        }
      }
    }
  }

  /**
   * Whether a sample at {@code t} of a tailed segment, in the record ending at {@code offset}, is
   * this watcher's to send.
   */
  private boolean sends(long t, int segment, long offset) {
    Split live = liveFrom;
    if (live == null || restarted) {
      return t > startTimestamp;
    }
    return t > live.newestMillis || !live.backfillReads(segment, offset);
  }

  /** Reads a newer checkpoint's series, if one exists, and lets the consumer forget older ones. */
  private void collectSeries(int segment) throws IOException {
    Optional<Checkpoint> cp = Checkpoint.last(files, walDir);
    if (cp.isEmpty() || cp.get().dir().equals(lastCheckpoint)) {
      return;
    }
    lastCheckpoint = cp.get().dir();
    if (cp.get().index() >= segment) {
      return;
    }
    readCheckpoint(cp.get(), true);
    consumer.seriesReset(cp.get().index());
  }

  private void readCheckpoint(Checkpoint cp, boolean liveOnly) throws IOException {
    int[] segs = digitNames(cp.dir());
    for (int s : segs) {
      Path file = cp.dir().resolve(String.format("%08d", s));
      try (LiveSegmentReader r =
          new LiveSegmentReader(files.openForReading(file), file.toString())) {
        while (r.next()) {
          if (Records.type(r.record(), r.recordLength()) != RecordType.SERIES) {
            continue;
          }
          series.clear();
          Records.decodeSeries(r.record(), r.recordLength(), series);
          if (liveOnly) {
            consumer.updateSeriesSegment(series, cp.index());
          } else {
            consumer.storeSeries(series, cp.index());
          }
        }
        if (r.unreadBytes() != 0) {
          throw new IOException(
              "could not read all of checkpoint segment " + file + ": stopped at " + r.offset());
        }
      }
    }
  }

  private int[] segments() throws IOException {
    return digitNames(walDir);
  }

  private int[] digitNames(Path dir) throws IOException {
    List<String> names = files.list(dir);
    int[] out = new int[names.size()];
    int n = 0;
    for (String s : names) {
      if (!s.isEmpty() && s.length() <= 9 && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
        if (!files.isDirectory(dir.resolve(s))) {
          out[n++] = Integer.parseInt(s);
        }
      }
    }
    int[] sorted = Arrays.copyOf(out, n);
    Arrays.sort(sorted);
    return sorted;
  }

  private static int firstAtLeast(int[] sorted, int index) {
    for (int s : sorted) {
      if (s >= index) {
        return s;
      }
    }
    return -1;
  }
}
