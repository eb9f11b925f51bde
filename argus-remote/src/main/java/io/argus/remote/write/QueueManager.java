package io.argus.remote.write;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.relabel.RelabelConfig;
import io.argus.model.relabel.Relabeler;
import io.argus.scrape.Sleeper;
import io.argus.scrape.config.RemoteWriteConfig.QueueConfig;
import io.argus.tsdb.record.RefSeries;
import io.argus.tsdb.record.SampleBatch;
import io.argus.util.Clock;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xerial.snappy.Snappy;

/**
 * One remote-write queue, as Prometheus' {@code QueueManager}: it keeps the labels of the WAL's
 * series (external labels added where absent, then {@code write_relabel_configs}; a dropped series'
 * samples are counted and skipped), spreads samples over shards by series reference so that each
 * series stays in order, and each shard sends a request when it holds {@code max_samples_per_send}
 * samples or {@code batch_send_deadline} after its last send.
 *
 * <p>Sending: one {@code TimeSeries} per sample, snappy-compressed; recoverable failures are
 * retried after {@code min_backoff}, doubling up to {@code max_backoff} (or after {@code
 * Retry-After}), for as long as it takes; other failures drop the batch. While a shard retries it
 * stops taking samples once its {@code capacity} is full, which blocks {@link #append} and so the
 * WAL watcher: the backlog stays in the WAL.
 *
 * <p>Resharding: every 10 s the shard count is recomputed from observed throughput (see {@link
 * Resharding}); a change flushes the old shards before the new ones start, so order is kept.
 *
 * <p>Backfill: {@link #startBackfill} adds a second, fixed set of shards ({@code
 * argus_newest_first.shards}) fed by {@link #appendBackfill} at no more than {@code
 * max_samples_per_second}; it sends older data while the resharded shards send the newest. A
 * listener set with {@link #onBacklogCheck} runs after a send succeeds following failures (a
 * receiver has come back) and on every resharding tick.
 *
 * <p>Lifetime: {@link #start} once, {@link #stop} once; stop flushes for up to {@code
 * flushDeadlineMillis}, then interrupts sends in flight and counts their samples as failed.
 * Thread-safe.
 */
final class QueueManager implements WalConsumer {
  private static final Logger logger = LoggerFactory.getLogger(QueueManager.class);
  private static final long ENQUEUE_FIRST_BACKOFF_MS = 5;

  private final String name;
  private final QueueConfig config;
  private final Labels externalLabels;
  private final List<RelabelConfig> relabel;
  private final WriteClient client;
  private final Supplier<WriteRequestEncoder> encoders;
  private final RemoteWriteMetrics.Queue metrics;
  private final EwmaRate samplesIn;
  private final DoubleSupplier highestReceivedSeconds;
  private final Clock clock;
  private final Sleeper sleeper;
  private final long flushDeadlineMillis;

  private final Object seriesLock = new Object();
  private final Map<Long, Labels> seriesLabels = new HashMap<>();
  private final Set<Long> droppedSeries = new HashSet<>();
  private final Map<Long, Integer> seriesSegment = new HashMap<>();

  private final EwmaRate samplesOut;
  private final EwmaRate samplesDropped;
  private final EwmaRate sendNanos;
  private final AtomicLong lastSendSeconds = new AtomicLong();
  private final AtomicLong reshardDisabledUntilSeconds = new AtomicLong();
  private final AtomicLong highestSentMillis = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong highestEnqueuedMillis = new AtomicLong(Long.MIN_VALUE);

  private final ReentrantReadWriteLock shardsLock = new ReentrantReadWriteLock();
  private Shards shards;
  private final Object backfillLock = new Object();
  private volatile @Nullable Shards backfillShards;
  private long backfillNextNanos;
  private volatile Runnable backlogCheck = () -> {};
  private volatile boolean failing;
  private volatile int numShards;
  private final CountDownLatch quit = new CountDownLatch(1);
  private @Nullable Thread reshardThread;

  /**
   * @param samplesIn the rate of samples written to storage, shared by all queues and ticked by the
   *     owner every {@link Resharding#UPDATE_PERIOD_MILLIS}
   * @param highestReceivedSeconds the newest sample timestamp written to storage, in seconds
   * @param flushDeadlineMillis how long {@link #stop} waits for pending samples to be sent
   */
  QueueManager(
      String name,
      QueueConfig config,
      Labels externalLabels,
      List<RelabelConfig> relabel,
      WriteClient client,
      Supplier<WriteRequestEncoder> encoders,
      RemoteWriteMetrics.Queue metrics,
      EwmaRate samplesIn,
      DoubleSupplier highestReceivedSeconds,
      Clock clock,
      Sleeper sleeper,
      long flushDeadlineMillis) {
    this.name = name;
    this.config = config;
    this.externalLabels = externalLabels;
    this.relabel = List.copyOf(relabel);
    this.client = client;
    this.encoders = encoders;
    this.metrics = metrics;
    this.samplesIn = samplesIn;
    this.highestReceivedSeconds = highestReceivedSeconds;
    this.clock = clock;
    this.sleeper = sleeper;
    this.flushDeadlineMillis = flushDeadlineMillis;
    double period = Resharding.UPDATE_PERIOD_MILLIS / 1000.0;
    this.samplesOut = new EwmaRate(Resharding.EWMA_WEIGHT, period);
    this.samplesDropped = new EwmaRate(Resharding.EWMA_WEIGHT, period);
    this.sendNanos = new EwmaRate(Resharding.EWMA_WEIGHT, period);
    this.numShards = config.minShards();
    this.shards = new Shards(numShards, false);
  }

  /** Runs {@code check} when a receiver recovers and on every resharding tick. */
  void onBacklogCheck(Runnable check) {
    this.backlogCheck = check;
  }

  /** Whether the last send of the main shards failed and is being retried. */
  boolean failing() {
    return failing;
  }

  /** The newest timestamp sent successfully, {@link Long#MIN_VALUE} before the first send. */
  long highestSentMillis() {
    return highestSentMillis.get();
  }

  /** The newest timestamp handed to the shards, {@link Long#MIN_VALUE} before the first. */
  long highestEnqueuedMillis() {
    return highestEnqueuedMillis.get();
  }

  /** Starts the backfill shards, if not running yet. */
  void startBackfill() {
    synchronized (backfillLock) {
      if (backfillShards == null && quit.getCount() != 0) {
        Shards b = new Shards(config.newestFirst().shards(), true);
        b.start();
        backfillShards = b;
      }
    }
  }

  /** Starts the shards and the resharding loop. */
  void start() {
    metrics.shardCapacity.set(config.capacity());
    metrics.shardsMax.set(config.maxShards());
    metrics.shardsMin.set(config.minShards());
    metrics.shardsDesired.set(numShards);
    metrics.maxSamplesPerSend.set(config.maxSamplesPerSend());
    shards.start();
    Thread t =
        Thread.ofPlatform()
            .daemon()
            .name("remote-write-reshard-" + name)
            .unstarted(this::reshardLoop);
    reshardThread = t;
    t.start();
  }

  /**
   * Makes {@link #append} give up instead of waiting for room, so that a WAL watcher blocked in it
   * can be stopped. Idempotent.
   */
  void stopAppending() {
    quit.countDown();
  }

  /** Flushes and stops the shards (see the class comment), then removes the queue's metrics. */
  void stop() {
    quit.countDown();
    Thread t = reshardThread;
    if (t != null) {
      try {
        t.join(TimeUnit.MINUTES.toMillis(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    shardsLock.writeLock().lock();
    try {
      shards.stop();
    } finally {
      shardsLock.writeLock().unlock();
    }
    Shards b;
    synchronized (backfillLock) {
      b = backfillShards;
    }
    if (b != null) {
      b.stop();
    }
    if (client instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        logger.atWarn().addKeyValue("queue", name).setCause(e).log("closing remote write client");
      }
    }
    metrics.remove();
  }

  /** The number of shards running. */
  int numShards() {
    return numShards;
  }

  // ---- WalConsumer ----------------------------------------------------------------------------

  @Override
  public void storeSeries(List<RefSeries> series, int segment) {
    synchronized (seriesLock) {
      for (RefSeries s : series) {
        seriesSegment.put(s.ref(), segment);
        Labels l = withExternalLabels(s.labels());
        Labels kept = Relabeler.process(l, relabel);
        if (kept == null || kept.isEmpty()) {
          droppedSeries.add(s.ref());
          seriesLabels.remove(s.ref());
        } else {
          droppedSeries.remove(s.ref());
          seriesLabels.put(s.ref(), kept);
        }
      }
    }
  }

  private Labels withExternalLabels(Labels l) {
    if (externalLabels.isEmpty()) {
      return l;
    }
    LabelsBuilder b = l.toBuilder();
    for (int i = 0; i < externalLabels.size(); i++) {
      String n = externalLabels.name(i);
      String v = b.get(n);
      if (v == null || v.isEmpty()) {
        b.set(n, externalLabels.value(i));
      }
    }
    return b.build();
  }

  @Override
  public void updateSeriesSegment(List<RefSeries> series, int segment) {
    synchronized (seriesLock) {
      for (RefSeries s : series) {
        seriesSegment.put(s.ref(), segment);
      }
    }
  }

  @Override
  public void seriesReset(int segment) {
    synchronized (seriesLock) {
      seriesSegment
          .entrySet()
          .removeIf(
              e -> {
                if (e.getValue() < segment) {
                  seriesLabels.remove(e.getKey());
                  droppedSeries.remove(e.getKey());
                  return true;
                }
                return false;
              });
    }
  }

  @Override
  public boolean append(SampleBatch batch) {
    return append(batch, false);
  }

  @Override
  public boolean appendBackfill(SampleBatch batch) {
    startBackfill();
    long rate = config.newestFirst().maxSamplesPerSecond();
    if (rate > 0) {
      long wait;
      synchronized (backfillLock) {
        long now = clock.nanoTime();
        if (backfillNextNanos - now < 0) {
          backfillNextNanos = now;
        }
        wait = backfillNextNanos - now;
        backfillNextNanos += batch.size() * 1_000_000_000L / rate;
      }
      if (wait > 0 && !sleep(wait / 1_000_000)) {
        return false;
      }
    }
    return append(batch, true);
  }

  private boolean append(SampleBatch batch, boolean toBackfill) {
    long now = clock.millis();
    for (int i = 0; i < batch.size(); i++) {
      long t = batch.t(i);
      if (config.sampleAgeLimitMillis() > 0 && t < now - config.sampleAgeLimitMillis()) {
        metrics.droppedTooOld.inc();
        continue;
      }
      long ref = batch.ref(i);
      Labels labels;
      synchronized (seriesLock) {
        labels = seriesLabels.get(ref);
        if (labels == null) {
          samplesDropped.add(1);
          if (droppedSeries.contains(ref)) {
            metrics.droppedSeries.inc();
          } else {
            metrics.droppedUnknownSeries.inc();
            logger
                .atInfo()
                .addKeyValue("queue", name)
                .addKeyValue("ref", ref)
                .log("dropped sample for series that was not explicitly dropped via relabelling");
          }
          continue;
        }
      }
      long backoff = ENQUEUE_FIRST_BACKOFF_MS;
      while (!enqueue(ref, labels, t, batch.value(i), toBackfill)) {
        if (quit.getCount() == 0) {
          return false;
        }
        metrics.enqueueRetries.inc();
        if (!sleep(backoff)) {
          return false;
        }
        backoff = Math.min(backoff * 2, Math.max(config.maxBackoffMillis(), 1));
      }
    }
    return true;
  }

  private boolean enqueue(long ref, Labels labels, long t, double v, boolean toBackfill) {
    if (toBackfill) {
      Shards b = backfillShards;
      if (b == null || !b.enqueue(ref, labels, t, v)) {
        return false;
      }
      metrics.pending.inc();
      return true;
    }
    shardsLock.readLock().lock();
    try {
      if (!shards.enqueue(ref, labels, t, v)) {
        return false;
      }
    } finally {
      shardsLock.readLock().unlock();
    }
    metrics.pending.inc();
    if (highestEnqueuedMillis.accumulateAndGet(t, Math::max) == t) {
      metrics.highest.set(Math.floorDiv(t, 1000));
    }
    return true;
  }

  /** Sleeps on the injected sleeper; false when the queue was stopped meanwhile. */
  private boolean sleep(long millis) {
    try {
      sleeper.sleepUntil(clock, clock.nanoTime() + millis * 1_000_000, quit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return quit.getCount() != 0;
  }

  // ---- resharding -----------------------------------------------------------------------------

  private void reshardLoop() {
    while (sleep(Resharding.UPDATE_PERIOD_MILLIS)) {
      backlogCheck.run();
      samplesOut.tick();
      samplesDropped.tick();
      sendNanos.tick();
      long highestSent = highestSentMillis.get();
      Resharding.Observed o =
          new Resharding.Observed(
              samplesIn.rate(),
              samplesOut.rate(),
              samplesDropped.rate(),
              sendNanos.rate() / 1e9,
              highestReceivedSeconds.getAsDouble(),
              highestSent == Long.MIN_VALUE ? 0 : Math.floorDiv(highestSent, 1000));
      int current = numShards;
      double demand = Resharding.demand(o);
      if (!Double.isNaN(demand)) {
        metrics.shardsDesired.set(demand);
      }
      int desired = Resharding.desiredShards(o, current, config.minShards(), config.maxShards());
      long nowSeconds = Math.floorDiv(clock.millis(), 1000);
      if (!Resharding.shouldReshard(
          desired, current, nowSeconds, lastSendSeconds.get(), reshardDisabledUntilSeconds.get())) {
        continue;
      }
      logger
          .atInfo()
          .addKeyValue("queue", name)
          .addKeyValue("from", current)
          .addKeyValue("to", desired)
          .log("remote storage resharding");
      reshard(desired);
    }
  }

  /** Flushes the running shards, then starts {@code n} new ones. */
  void reshard(int n) {
    shardsLock.readLock().lock();
    try {
      shards.closeForEnqueue();
    } finally {
      shardsLock.readLock().unlock();
    }
    shardsLock.writeLock().lock();
    try {
      shards.stop();
      numShards = n;
      shards = new Shards(n, false);
      shards.start();
    } finally {
      shardsLock.writeLock().unlock();
    }
  }

  // ---- shards ---------------------------------------------------------------------------------

  /** A batch of samples; arrays sized max_samples_per_send. */
  private static final class Batch {
    final Labels[] labels;
    final long[] t;
    final double[] v;
    int n;

    Batch(int size) {
      labels = new Labels[size];
      t = new long[size];
      v = new double[size];
    }
  }

  private static final Batch END = new Batch(0);

  /** One generation of shards; replaced as a whole on resharding. */
  private final class Shards {
    private final Shard[] shards;
    private final boolean backfill;
    private volatile boolean closed;
    private volatile boolean hardStopped;
    private final CountDownLatch done;

    Shards(int n, boolean backfill) {
      this.backfill = backfill;
      shards = new Shard[n];
      int batches = Math.max(1, config.capacity() / config.maxSamplesPerSend());
      for (int i = 0; i < n; i++) {
        shards[i] = new Shard(i, batches);
      }
      done = new CountDownLatch(n);
    }

    void start() {
      if (!backfill) {
        metrics.shards.set(shards.length);
      }
      String kind = backfill ? "-backfill-" : "-shard-";
      for (Shard s : shards) {
        s.thread = Thread.ofVirtual().name("remote-write-" + name + kind + s.id).start(s::run);
      }
    }

    boolean enqueue(long ref, Labels labels, long t, double v) {
      if (closed) {
        return false;
      }
      return shards[(int) Long.remainderUnsigned(ref, shards.length)].append(labels, t, v);
    }

    void closeForEnqueue() {
      closed = true;
    }

    /** Flushes every shard, waiting up to the flush deadline, then interrupts what remains. */
    void stop() {
      closed = true;
      long deadline = clock.nanoTime() + flushDeadlineMillis * 1_000_000;
      for (Shard s : shards) {
        s.flush(deadline);
      }
      try {
        long left = deadline - clock.nanoTime();
        if (!done.await(Math.max(0, left), TimeUnit.NANOSECONDS)) {
          hardStopped = true;
          for (Shard s : shards) {
            Thread t = s.thread;
            if (t != null) {
              t.interrupt();
            }
          }
          done.await();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private final class Shard {
      final int id;
      final ArrayBlockingQueue<Batch> full;
      @Nullable Thread thread;
      private Batch partial = new Batch(config.maxSamplesPerSend());
      private final WriteRequestEncoder encoder = encoders.get();
      private byte[] compressed = new byte[0];

      private final int batches;

      Shard(int id, int batches) {
        this.id = id;
        this.full = new ArrayBlockingQueue<>(batches + 1);
        this.batches = batches;
      }

      synchronized boolean append(Labels labels, long t, double v) {
        Batch b = partial;
        b.labels[b.n] = labels;
        b.t[b.n] = t;
        b.v[b.n] = v;
        b.n++;
        if (b.n == b.labels.length) {
          if (full.size() >= batches || !full.offer(b)) {
            b.n--;
            b.labels[b.n] = null;
            return false;
          }
          partial = new Batch(config.maxSamplesPerSend());
        }
        return true;
      }

      synchronized @Nullable Batch takePartial() {
        if (partial.n == 0) {
          return null;
        }
        Batch b = partial;
        partial = new Batch(config.maxSamplesPerSend());
        return b;
      }

      /** Queues the partial batch and the end marker, waiting for room until {@code deadline}. */
      void flush(long deadline) {
        Batch rest = takePartial();
        try {
          if (rest != null) {
            while (!full.offer(rest, 50, TimeUnit.MILLISECONDS)) {
              if (clock.nanoTime() - deadline > 0 || hardStopped) {
                return;
              }
            }
          }
          while (!full.offer(END, 50, TimeUnit.MILLISECONDS)) {
            if (clock.nanoTime() - deadline > 0 || hardStopped) {
              return;
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      void run() {
        try {
          long deadlineMillis = config.batchSendDeadlineMillis();
          long timerEnd = clock.nanoTime() + deadlineMillis * 1_000_000;
          while (true) {
            Batch b = full.poll(Math.max(0, timerEnd - clock.nanoTime()), TimeUnit.NANOSECONDS);
            if (b == END) {
              return;
            }
            if (b == null) {
              b = takePartial();
              if (b != null) {
                send(b);
              }
            } else {
              send(b);
            }
            timerEnd = clock.nanoTime() + deadlineMillis * 1_000_000;
          }
        } catch (InterruptedException e) {
          int lost = partial.n;
          for (Batch b : full) {
            lost += b.n;
          }
          if (lost > 0) {
            metrics.failed.inc(lost);
            metrics.pending.dec(lost);
            logger
                .atError()
                .addKeyValue("queue", name)
                .addKeyValue("count", lost)
                .log("failed to flush all samples on shutdown");
          }
        } finally {
          done.countDown();
        }
      }

      private void send(Batch b) throws InterruptedException {
        long begin = clock.nanoTime();
        long highest = Long.MIN_VALUE;
        for (int i = 0; i < b.n; i++) {
          highest = Math.max(highest, b.t[i]);
        }
        int n = b.n;
        int size = encode(b);
        long backoff = config.minBackoffMillis();
        int attempt = 0;
        boolean sent = false;
        boolean recovered = false;
        try {
          while (true) {
            if (attempt > 0 && config.sampleAgeLimitMillis() > 0) {
              int before = b.n;
              dropOld(b);
              if (b.n != before) {
                metrics.droppedTooOld.inc(before - b.n);
                if (b.n == 0) {
                  sent = true;
                  break;
                }
                size = encode(b);
              }
            }
            metrics.samples.inc(b.n);
            long t0 = clock.nanoTime();
            try {
              client.store(compressed, size, attempt);
              metrics.sentBatchDuration.observe((clock.nanoTime() - t0) / 1e9);
              sent = true;
              recovered = attempt > 0;
              if (!backfill) {
                failing = false;
              }
              break;
            } catch (WriteException e) {
              metrics.sentBatchDuration.observe((clock.nanoTime() - t0) / 1e9);
              if (!e.recoverable()) {
                metrics.failed.inc(b.n);
                logger
                    .atError()
                    .addKeyValue("queue", name)
                    .addKeyValue("count", b.n)
                    .addKeyValue("err", e.getMessage())
                    .log("non-recoverable error");
                sent = true;
                break;
              }
              if (!backfill) {
                failing = true;
              }
              long wait = e.retryAfterMillis() > 0 ? e.retryAfterMillis() : backoff;
              long until = Math.floorDiv(clock.millis() + 2 * wait, 1000);
              reshardDisabledUntilSeconds.accumulateAndGet(until, Math::max);
              logger
                  .atWarn()
                  .addKeyValue("queue", name)
                  .addKeyValue("err", e.getMessage())
                  .log("failed to send batch, retrying");
              if (hardStopped) {
                throw new InterruptedException("hard shutdown");
              }
              sleeper.sleepUntil(clock, clock.nanoTime() + wait * 1_000_000, NEVER);
              if (hardStopped) {
                throw new InterruptedException("hard shutdown");
              }
              metrics.retried.inc(b.n);
              backoff = Math.min(wait * 2, config.maxBackoffMillis());
              attempt++;
            }
          }
        } finally {
          if (sent) {
            metrics.bytes.inc(size);
            if (highestSentMillis.accumulateAndGet(highest, Math::max) == highest) {
              metrics.highestSent.set(Math.floorDiv(highest, 1000));
            }
            metrics.pending.dec(n);
            if (backfill) {
              metrics.backfillSamples.inc(n);
            } else {
              samplesOut.add(n);
              sendNanos.add(clock.nanoTime() - begin);
              lastSendSeconds.set(Math.floorDiv(clock.millis(), 1000));
            }
          } else {
            metrics.failed.inc(b.n);
            metrics.pending.dec(n);
          }
        }
        if (recovered && !backfill) {
          backlogCheck.run();
        }
      }

      private void dropOld(Batch b) {
        long limit = clock.millis() - config.sampleAgeLimitMillis();
        int w = 0;
        for (int i = 0; i < b.n; i++) {
          if (b.t[i] >= limit) {
            b.labels[w] = b.labels[i];
            b.t[w] = b.t[i];
            b.v[w] = b.v[i];
            w++;
          }
        }
        b.n = w;
      }

      private int encode(Batch b) {
        encoder.encode(b.labels, b.t, b.v, b.n);
        int max = Snappy.maxCompressedLength(encoder.length());
        if (compressed.length < max) {
          compressed = new byte[max];
        }
        try {
          return Snappy.compress(encoder.bytes(), 0, encoder.length(), compressed, 0);
        } catch (IOException e) {
          throw new IllegalStateException("snappy compression failed", e);
        }
      }
    }
  }

  /** A latch that never opens: backoff sleeps end at their deadline or on interruption. */
  private static final CountDownLatch NEVER = new CountDownLatch(1);

  /** Series known to this queue; for tests. */
  @Nullable Labels seriesLabels(long ref) {
    synchronized (seriesLock) {
      return seriesLabels.get(ref);
    }
  }

  /** How many series are known (kept or dropped); for tests. */
  int knownSeries() {
    synchronized (seriesLock) {
      return seriesSegment.size();
    }
  }
}
