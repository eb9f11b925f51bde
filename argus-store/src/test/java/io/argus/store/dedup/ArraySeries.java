package io.argus.store.dedup;

import io.argus.model.labels.Labels;
import io.argus.storage.SampleIterator;
import io.argus.storage.Series;
import io.argus.storage.ValueType;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A test series over float sample arrays; counts the iterators it creates and reuses. */
final class ArraySeries implements Series {
  private final Labels labels;
  final long[] ts;
  final double[] vs;
  int created;

  ArraySeries(Labels labels, long[] ts, double[] vs) {
    this.labels = labels;
    this.ts = ts;
    this.vs = vs;
  }

  static ArraySeries of(Labels labels, List<Sample> samples) {
    long[] ts = new long[samples.size()];
    double[] vs = new double[samples.size()];
    for (int i = 0; i < ts.length; i++) {
      ts[i] = samples.get(i).t();
      vs[i] = samples.get(i).v();
    }
    return new ArraySeries(labels, ts, vs);
  }

  /** A series with samples at {@code times} whose values equal their timestamps in seconds. */
  static ArraySeries atTimes(Labels labels, long... times) {
    double[] vs = new double[times.length];
    for (int i = 0; i < times.length; i++) {
      vs[i] = times[i] / 1000.0;
    }
    return new ArraySeries(labels, times, vs);
  }

  @Override
  public Labels labels() {
    return labels;
  }

  @Override
  public SampleIterator iterator(@Nullable SampleIterator reuse) {
    if (reuse instanceof ArrayIterator it && it.series == this) {
      it.i = -1;
      return it;
    }
    created++;
    return new ArrayIterator(this);
  }

  private static final class ArrayIterator implements SampleIterator {
    final ArraySeries series;
    int i = -1;

    ArrayIterator(ArraySeries series) {
      this.series = series;
    }

    @Override
    public ValueType next() {
      if (i < series.ts.length) {
        i++;
      }
      return i < series.ts.length ? ValueType.FLOAT : ValueType.NONE;
    }

    @Override
    public ValueType seek(long t) {
      if (i < 0) {
        i = 0;
      }
      while (i < series.ts.length && series.ts[i] < t) {
        i++;
      }
      return i < series.ts.length ? ValueType.FLOAT : ValueType.NONE;
    }

    @Override
    public long atT() {
      return series.ts[i];
    }

    @Override
    public double atFloat() {
      return series.vs[i];
    }

    /** The last timestamp: exact, as chunk metadata gives it. */
    @Override
    public long maxTimeBound() {
      int n = series.ts.length;
      return n == 0 || i >= n ? Long.MIN_VALUE : series.ts[n - 1];
    }
  }
}
