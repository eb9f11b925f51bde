package io.argus.tsdb;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.Appender;
import io.argus.storage.Querier;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import io.argus.storage.Storage;
import io.argus.storage.ValueType;
import io.argus.util.Clock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Helpers for database tests: a fixed clock, writing and reading samples as text lines. */
final class DbTesting {
  static final long H = 3_600_000L;

  /** A clock standing still at 2023-11-14T22:13:20Z. */
  static final Clock CLOCK =
      new Clock() {
        @Override
        public long millis() {
          return 1_700_000_000_000L;
        }

        @Override
        public long nanoTime() {
          return 0;
        }
      };

  private DbTesting() {}

  /** Options for tests: no background compaction, 2 h blocks, no retention. */
  static DbOptions.Builder testOptions() {
    return DbOptions.builder().compactionIntervalMs(0).retentionMs(0);
  }

  static Db open(Path dir) {
    return open(dir, testOptions().build());
  }

  static Db open(Path dir, DbOptions opts) {
    return Db.open(dir, opts, io.argus.tsdb.fs.FileOps.defaults(), CLOCK, new PrometheusRegistry());
  }

  /**
   * Appends, for each series, one sample every {@code stepMs} in {@code [from, to)} with value
   * {@code t / 1000 + series index}, committing every {@code batch} timestamps. Returns the lines
   * {@link #dump} would print for them.
   */
  static List<String> appendRange(
      Storage db, List<Labels> series, long from, long to, long stepMs, int batch) {
    List<String> lines = new ArrayList<>();
    Appender app = db.appender();
    int inBatch = 0;
    for (long t = from; t < to; t += stepMs) {
      for (int i = 0; i < series.size(); i++) {
        double v = (double) (t / 1000 + i);
        app.append(0, series.get(i), t, v);
      }
      if (++inBatch == batch) {
        app.commit();
        app = db.appender();
        inBatch = 0;
      }
    }
    app.commit();
    for (int i = 0; i < series.size(); i++) {
      for (long t = from; t < to; t += stepMs) {
        lines.add(line(series.get(i), t, (double) (t / 1000 + i)));
      }
    }
    return lines;
  }

  /** Returns {@code {labels} value t} as promtool tsdb dump prints it, for whole values. */
  static String line(Labels ls, long t, double v) {
    String value = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : "" + v;
    return ls + " " + value + " " + t;
  }

  /** Returns every sample in {@code [mint, maxt]} as dump lines, series in label order. */
  static List<String> dump(Storage db, long mint, long maxt) {
    List<String> out = new ArrayList<>();
    try (Querier q = db.querier(mint, maxt)) {
      SeriesSet ss = q.select(true, SelectHints.NONE, Matcher.regex("__name__", ".+"));
      SampleIterator it = null;
      while (ss.next()) {
        Labels ls = ss.at().labels();
        it = ss.at().iterator(it);
        while (it.next() == ValueType.FLOAT) {
          out.add(line(ls, it.atT(), it.atFloat()));
        }
      }
    }
    return out;
  }

  static List<String> dumpAll(Storage db) {
    return dump(db, Long.MIN_VALUE, Long.MAX_VALUE);
  }

  static List<Labels> series(int n) {
    List<Labels> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Labels.of("__name__", "test_metric", "instance", "host-" + i, "job", "argus"));
    }
    return out;
  }
}
