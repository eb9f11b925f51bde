package io.argus.promql.promqltest;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.Appendable;
import io.argus.storage.Appender;
import io.argus.storage.DuplicateSampleException;
import io.argus.storage.OutOfOrderSampleException;
import io.argus.storage.Querier;
import io.argus.storage.Queryable;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.Series;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A simple, obviously correct in-memory store of float series, the reference {@link Queryable} for
 * tests. Thread-safe: appends commit under a lock and queriers work on snapshots taken when they
 * are opened. No out-of-order window: a sample older than its series' newest sample is rejected, a
 * sample at the newest timestamp with another value is a duplicate.
 */
public final class InMemoryStorage implements Queryable, Appendable {
  private final Map<Labels, SeriesData> series = new HashMap<>();

  /** The samples of one series, sorted by time. Guarded by the storage lock. */
  private static final class SeriesData {
    long[] times = new long[8];
    double[] values = new double[8];
    int size;

    void add(long t, double v) {
      if (size == times.length) {
        times = Arrays.copyOf(times, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      times[size] = t;
      values[size] = v;
      size++;
    }

    /** Checks whether {@code (t, v)} may follow the stored samples; false for an exact repeat. */
    boolean accepts(long t, double v) {
      if (size == 0 || t > times[size - 1]) {
        return true;
      }
      if (t < times[size - 1]) {
        throw new OutOfOrderSampleException(OutOfOrderSampleException.MESSAGE);
      }
      if (Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(values[size - 1])) {
        throw new DuplicateSampleException(DuplicateSampleException.MESSAGE);
      }
      return false;
    }
  }

  /** Removes every series. */
  public synchronized void clear() {
    series.clear();
  }

  /** Returns the number of series. */
  public synchronized int seriesCount() {
    return series.size();
  }

  @Override
  public Appender appender() {
    return new BatchAppender();
  }

  /**
   * {@inheritDoc}
   *
   * <p>The querier sees the samples committed when it was opened. It shares the sample arrays
   * (appends only ever write past the captured sizes), so opening one does not copy samples.
   */
  @Override
  public Querier querier(long minTime, long maxTime) {
    List<SnapshotSeries> snapshot = new ArrayList<>();
    synchronized (this) {
      for (Map.Entry<Labels, SeriesData> e : series.entrySet()) {
        SeriesData d = e.getValue();
        int from = lowerBound(d.times, d.size, minTime);
        int to = maxTime == Long.MAX_VALUE ? d.size : lowerBound(d.times, d.size, maxTime + 1);
        if (from < to) {
          snapshot.add(new SnapshotSeries(e.getKey(), d.times, d.values, from, to));
        }
      }
    }
    snapshot.sort((a, b) -> a.labels.compareTo(b.labels));
    return new SnapshotQuerier(snapshot);
  }

  private static int lowerBound(long[] times, int size, long t) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (times[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private final class BatchAppender implements Appender {
    private final List<Labels> labels = new ArrayList<>();
    private final Map<Labels, Integer> lastIndex = new HashMap<>();
    private long[] times = new long[16];
    private double[] values = new double[16];
    private boolean done;

    @Override
    public long append(long ref, Labels ls, long t, double v) {
      if (done) {
        throw new IllegalStateException("appender already committed or rolled back");
      }
      synchronized (InMemoryStorage.this) {
        SeriesData d = series.get(ls);
        if (d != null) {
          d.accepts(t, v);
        }
      }
      Integer last = lastIndex.get(ls);
      if (last != null) {
        int i = last;
        if (t < times[i]) {
          throw new OutOfOrderSampleException(OutOfOrderSampleException.MESSAGE);
        }
        if (t == times[i]
            && Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(values[i])) {
          throw new DuplicateSampleException(DuplicateSampleException.MESSAGE);
        }
      }
      int n = labels.size();
      lastIndex.put(ls, n);
      if (n == times.length) {
        times = Arrays.copyOf(times, n * 2);
        values = Arrays.copyOf(values, n * 2);
      }
      labels.add(ls);
      times[n] = t;
      values[n] = v;
      return 0;
    }

    @Override
    public void commit() {
      done = true;
      synchronized (InMemoryStorage.this) {
        for (int i = 0; i < labels.size(); i++) {
          SeriesData d = series.computeIfAbsent(labels.get(i), k -> new SeriesData());
          if (d.accepts(times[i], values[i])) {
            d.add(times[i], values[i]);
          }
        }
      }
    }

    @Override
    public void rollback() {
      done = true;
      labels.clear();
      lastIndex.clear();
    }
  }

  private record SnapshotSeries(Labels labels, long[] times, double[] values, int from, int to)
      implements Series {
    @Override
    public SampleIterator iterator(@Nullable SampleIterator reuse) {
      return new ArrayIterator(times, values, from, to);
    }
  }

  /** Iterates two parallel arrays. */
  static final class ArrayIterator implements SampleIterator {
    private final long[] times;
    private final double[] values;
    private final int from;
    private final int end;
    private int pos;

    ArrayIterator(long[] times, double[] values, int from, int end) {
      this.times = times;
      this.values = values;
      this.from = from;
      this.end = end;
      this.pos = from - 1;
    }

    @Override
    public ValueType next() {
      if (pos < end) {
        pos++;
      }
      return pos < end ? ValueType.FLOAT : ValueType.NONE;
    }

    @Override
    public ValueType seek(long t) {
      if (pos < from) {
        pos = from;
      }
      if (pos < end && times[pos] < t) {
        int lo = pos;
        int hi = end;
        while (lo < hi) {
          int mid = (lo + hi) >>> 1;
          if (times[mid] < t) {
            lo = mid + 1;
          } else {
            hi = mid;
          }
        }
        pos = lo;
      }
      return pos < end ? ValueType.FLOAT : ValueType.NONE;
    }

    @Override
    public long atT() {
      return times[pos];
    }

    @Override
    public double atFloat() {
      return values[pos];
    }
  }

  private static final class SnapshotQuerier implements Querier {
    private final List<SnapshotSeries> snapshot;

    SnapshotQuerier(List<SnapshotSeries> snapshot) {
      this.snapshot = snapshot;
    }

    private List<SnapshotSeries> matching(Matcher... matchers) {
      List<SnapshotSeries> out = new ArrayList<>();
      outer:
      for (SnapshotSeries s : snapshot) {
        for (Matcher m : matchers) {
          if (!m.matches(s.labels)) {
            continue outer;
          }
        }
        out.add(s);
      }
      return out;
    }

    @Override
    public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
      List<SnapshotSeries> found = matching(matchers);
      return new SeriesSet() {
        private int i = -1;

        @Override
        public boolean next() {
          return ++i < found.size();
        }

        @Override
        public Series at() {
          return found.get(i);
        }
      };
    }

    @Override
    public List<String> labelValues(String name, Matcher... matchers) {
      TreeSet<String> values = new TreeSet<>(io.argus.model.labels.Utf8Order::compare);
      for (SnapshotSeries s : matching(matchers)) {
        String v = s.labels.get(name);
        if (v != null) {
          values.add(v);
        }
      }
      return List.copyOf(values);
    }

    @Override
    public List<String> labelNames(Matcher... matchers) {
      TreeSet<String> names = new TreeSet<>(io.argus.model.labels.Utf8Order::compare);
      for (SnapshotSeries s : matching(matchers)) {
        s.labels.forEach((n, v) -> names.add(n));
      }
      return List.copyOf(names);
    }

    @Override
    public void close() {}
  }
}
