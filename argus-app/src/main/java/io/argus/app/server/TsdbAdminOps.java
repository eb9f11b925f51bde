package io.argus.app.server;

import io.argus.model.labels.Matcher;
import io.argus.tsdb.Db;
import io.argus.tsdb.fs.FileOps;
import io.argus.tsdb.head.Head;
import io.argus.tsdb.index.IndexReader;
import io.argus.tsdb.index.Postings;
import io.argus.util.Clock;
import io.argus.web.api.TsdbAdmin;
import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The API's status and admin operations on a {@link Db}: snapshots into {@code
 * <data>/snapshots/<time>-<random hex>}, deletion, tombstone cleaning, and the head's cardinality
 * statistics computed from its postings as Prometheus does. Thread-safe.
 */
final class TsdbAdminOps implements TsdbAdmin {
  private static final DateTimeFormatter SNAPSHOT_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Db db;
  private final FileOps files;
  private final Clock clock;
  private final WalReplayStatus replay;

  /**
   * @param replay the WAL segments replayed when the database was opened
   */
  TsdbAdminOps(Db db, FileOps files, Clock clock, WalReplayStatus replay) {
    this.db = db;
    this.files = files;
    this.clock = clock;
    this.replay = replay;
  }

  /** The replay status of a database opened from {@code walDir}: every segment replayed. */
  static WalReplayStatus replayed(FileOps files, Path walDir) {
    int min = -1;
    int max = -1;
    try {
      if (files.isDirectory(walDir)) {
        for (String name : files.list(walDir)) {
          if (!name.isEmpty() && name.chars().allMatch(Character::isDigit) && name.length() < 10) {
            int n = Integer.parseInt(name);
            min = min < 0 ? n : Math.min(min, n);
            max = Math.max(max, n);
          }
        }
      }
    } catch (IOException e) {
      return new WalReplayStatus(0, 0, 0);
    }
    if (max < 0) {
      return new WalReplayStatus(0, 0, 0);
    }
    return new WalReplayStatus(min, max, max);
  }

  @Override
  public String snapshot(boolean withHead) throws IOException {
    String name =
        SNAPSHOT_TIME.format(java.time.Instant.ofEpochMilli(clock.millis()))
            + "-"
            + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong() >>> 1);
    Path dir = db.dir().resolve("snapshots").resolve(name);
    try {
      files.createDirectories(dir);
    } catch (IOException e) {
      throw new IOException("create snapshot directory: " + e.getMessage(), e);
    }
    try {
      db.snapshot(dir, withHead);
    } catch (RuntimeException e) {
      throw new IOException("create snapshot: " + e.getMessage(), e);
    }
    return name;
  }

  @Override
  public void deleteSeries(long mint, long maxt, List<Matcher> matchers) {
    db.delete(mint, maxt, matchers.toArray(Matcher[]::new));
  }

  @Override
  public void cleanTombstones() {
    db.cleanTombstones();
  }

  @Override
  public TsdbStatus status(int limit) {
    Head head = db.head();
    List<Stat> byMetric = new ArrayList<>();
    List<Stat> valueCounts = new ArrayList<>();
    List<Stat> bytesByName = new ArrayList<>();
    List<Stat> byPair = new ArrayList<>();
    long pairs = 0;
    IndexReader index = head.index();
    try {
      for (String name : index.labelNames()) {
        if (name.isEmpty()) {
          continue;
        }
        List<String> values = index.labelValues(name);
        valueCounts.add(new Stat(name, values.size()));
        pairs += values.size();
        long bytes = 0;
        for (String value : values) {
          long series = count(index.postings(name, value));
          if (name.equals("__name__")) {
            byMetric.add(new Stat(value, series));
          }
          byPair.add(new Stat(name + "=" + value, series));
          bytes += (long) value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length * series;
        }
        bytesByName.add(new Stat(name, bytes));
      }
    } finally {
      index.close();
    }
    long numSeries = head.numSeries();
    long minTime = numSeries == 0 ? Long.MAX_VALUE : head.minTime();
    long maxTime = numSeries == 0 ? Long.MIN_VALUE : head.maxTime();
    return new TsdbStatus(
        new HeadStats(numSeries, pairs, head.numChunks(), minTime, maxTime),
        top(byMetric, limit),
        top(valueCounts, limit),
        top(bytesByName, limit),
        top(byPair, limit));
  }

  private static long count(Postings p) {
    long n = 0;
    while (p.next()) {
      n++;
    }
    return n;
  }

  private static List<Stat> top(List<Stat> stats, int limit) {
    stats.sort(Comparator.comparingLong(Stat::value).reversed().thenComparing(Stat::name));
    return List.copyOf(stats.subList(0, Math.min(limit, stats.size())));
  }

  @Override
  public WalReplayStatus walReplayStatus() {
    return replay;
  }
}
