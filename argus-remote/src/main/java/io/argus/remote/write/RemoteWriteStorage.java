package io.argus.remote.write;

import io.argus.model.labels.Labels;
import io.argus.scrape.Sleeper;
import io.argus.scrape.config.RemoteWriteConfig;
import io.argus.storage.Appendable;
import io.argus.storage.Appender;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.wal.WalRetention;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote-write side of a server, as Prometheus' {@code WriteStorage}: one {@link QueueManager}
 * with its own {@link WalWatcher} per {@code remote_write} entry, all reading the head's WAL
 * directory. {@link #applyConfig} keeps queues whose entry and external labels are unchanged, stops
 * removed or changed ones (flushing them) and starts new ones. {@link #wrap} counts what is
 * appended to storage, which drives the queues' shard calculation and {@code
 * prometheus_remote_storage_highest_timestamp_in_seconds}.
 *
 * <p>Thread-safe. {@link #close} stops every queue; storage must still be open then.
 */
public final class RemoteWriteStorage implements AutoCloseable {
  private static final Logger logger = LoggerFactory.getLogger(RemoteWriteStorage.class);

  /** Prometheus' {@code --storage.remote.flush-deadline} default. */
  public static final long DEFAULT_FLUSH_DEADLINE_MS = 60_000;

  private final Path walDir;
  private final FileOps files;
  private final Clock clock;
  private final Sleeper sleeper;
  private final String userAgent;
  private final long flushDeadlineMillis;
  private final WalWatcher.Settings watcherSettings;
  private final @Nullable WalRetention retention;
  private final RemoteWriteMetrics metrics;
  private final EwmaRate samplesIn =
      new EwmaRate(Resharding.EWMA_WEIGHT, Resharding.UPDATE_PERIOD_MILLIS / 1000.0);
  private final AtomicLong highestInMillis = new AtomicLong(Long.MIN_VALUE);
  private final CountDownLatch quit = new CountDownLatch(1);
  private final Thread ticker;
  private Map<QueueKey, QueueRunner> queues = new HashMap<>();
  private boolean closed;

  /**
   * @param walDir the head's WAL directory ({@code <data>/wal})
   * @param userAgent sent with every request, e.g. {@code Argus/0.1.0}
   * @param flushDeadlineMillis how long a stopping queue may take to send what it holds
   * @param retention where the queues' watchers hold the segments they have not sent, or null
   */
  public RemoteWriteStorage(
      Path walDir,
      FileOps files,
      PrometheusRegistry registry,
      Clock clock,
      String userAgent,
      long flushDeadlineMillis,
      @Nullable WalRetention retention) {
    this(
        walDir,
        files,
        registry,
        clock,
        Sleeper.REAL,
        userAgent,
        flushDeadlineMillis,
        WalWatcher.Settings.DEFAULT,
        retention);
  }

  RemoteWriteStorage(
      Path walDir,
      FileOps files,
      PrometheusRegistry registry,
      Clock clock,
      Sleeper sleeper,
      String userAgent,
      long flushDeadlineMillis,
      WalWatcher.Settings watcherSettings,
      @Nullable WalRetention retention) {
    this.retention = retention;
    this.walDir = walDir;
    this.files = files;
    this.clock = clock;
    this.sleeper = sleeper;
    this.userAgent = userAgent;
    this.flushDeadlineMillis = flushDeadlineMillis;
    this.watcherSettings = watcherSettings;
    this.metrics = new RemoteWriteMetrics(registry);
    this.ticker = Thread.ofPlatform().daemon().name("remote-write-rates").unstarted(this::tickLoop);
    ticker.start();
  }

  private void tickLoop() {
    try {
      while (quit.getCount() != 0) {
        sleeper.sleepUntil(
            clock, clock.nanoTime() + Resharding.UPDATE_PERIOD_MILLIS * 1_000_000, quit);
        samplesIn.tick();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Applies the {@code remote_write} section and the external labels of a (re)loaded configuration.
   *
   * @throws IllegalArgumentException if two entries are identical (Prometheus' wording); the
   *     running queues are left as they were
   */
  public synchronized void applyConfig(List<RemoteWriteConfig> configs, Labels externalLabels) {
    if (closed) {
      throw new IllegalStateException("remote write storage is closed");
    }
    Map<QueueKey, RemoteWriteConfig> wanted = new HashMap<>();
    for (RemoteWriteConfig c : configs) {
      QueueKey key = new QueueKey(c, externalLabels);
      if (wanted.put(key, c) != null) {
        throw new IllegalArgumentException(
            "duplicate remote write configs are not allowed, found duplicate for URL: " + c.url());
      }
    }
    Map<QueueKey, QueueRunner> next = new HashMap<>();
    for (Map.Entry<QueueKey, QueueRunner> e : queues.entrySet()) {
      if (wanted.containsKey(e.getKey())) {
        next.put(e.getKey(), e.getValue());
      } else {
        e.getValue().stop();
      }
    }
    for (Map.Entry<QueueKey, RemoteWriteConfig> e : wanted.entrySet()) {
      if (!next.containsKey(e.getKey())) {
        next.put(e.getKey(), start(e.getValue(), externalLabels));
      }
    }
    queues = next;
  }

  private QueueRunner start(RemoteWriteConfig c, Labels externalLabels) {
    String name = c.name().isEmpty() ? hashName(c) : c.name();
    HttpWriteClient client = new HttpWriteClient(name, c, userAgent, clock);
    RemoteWriteMetrics.Queue qm = metrics.forQueue(name, client.endpoint());
    QueueManager queue =
        new QueueManager(
            name,
            c.queueConfig(),
            externalLabels,
            c.writeRelabelConfigs(),
            client,
            () -> WriteRequestEncoder.forMessage(c.protobufMessage()),
            qm,
            samplesIn,
            () -> {
              long h = highestInMillis.get();
              return h == Long.MIN_VALUE ? 0 : Math.floorDiv(h, 1000);
            },
            clock,
            sleeper,
            flushDeadlineMillis);
    QueueRunner runner =
        new QueueRunner(
            name,
            queue,
            c.queueConfig().newestFirst(),
            highestInMillis::get,
            walDir,
            files,
            clock,
            sleeper,
            watcherSettings,
            retention,
            qm);
    runner.start();
    logger
        .atInfo()
        .addKeyValue("remote_name", name)
        .addKeyValue("url", client.endpoint())
        .log("starting remote write queue");
    return runner;
  }

  /** The first 6 hex digits of a digest of the entry, as Prometheus names unnamed queues. */
  static String hashName(RemoteWriteConfig c) {
    try {
      byte[] d =
          MessageDigest.getInstance("MD5").digest(c.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d).substring(0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The number of running queues. */
  public synchronized int queueCount() {
    return queues.size();
  }

  /**
   * Returns an {@link Appendable} that appends to {@code storage} and, on each commit, counts the
   * committed samples and their newest timestamp for the queues.
   */
  public Appendable wrap(Appendable storage) {
    return () -> new CountingAppender(storage.appender());
  }

  private final class CountingAppender implements Appender {
    private final Appender delegate;
    private long count;
    private long highest = Long.MIN_VALUE;

    CountingAppender(Appender delegate) {
      this.delegate = delegate;
    }

    @Override
    public long append(long ref, Labels labels, long t, double v) {
      long r = delegate.append(ref, labels, t, v);
      count++;
      if (t > highest) {
        highest = t;
      }
      return r;
    }

    @Override
    public void commit() {
      delegate.commit();
      if (count > 0) {
        samplesIn.add(count);
        long h = highestInMillis.accumulateAndGet(highest, Math::max);
        metrics.highestTimestampIn.set(Math.floorDiv(h, 1000));
      }
      count = 0;
      highest = Long.MIN_VALUE;
    }

    @Override
    public void rollback() {
      count = 0;
      highest = Long.MIN_VALUE;
      delegate.rollback();
    }
  }

  /** Stops every queue (each flushes for up to the flush deadline). Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    quit.countDown();
    for (QueueRunner r : queues.values()) {
      r.stop();
    }
    queues = Map.of();
  }

  private record QueueKey(RemoteWriteConfig config, Labels externalLabels) {}

  /** The running queue for {@code name}, or null; for tests. */
  synchronized @Nullable QueueRunner runner(RemoteWriteConfig c, Labels externalLabels) {
    return queues.get(new QueueKey(c, externalLabels));
  }
}
