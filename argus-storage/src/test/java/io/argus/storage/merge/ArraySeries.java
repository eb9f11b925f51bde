package io.argus.storage.merge;

import io.argus.model.labels.Labels;
import io.argus.storage.SampleIterator;
import io.argus.storage.Series;
import io.argus.storage.ValueType;
import java.util.Map;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;

/** A test series over sample arrays. */
record ArraySeries(Labels labels, long[] ts, double[] vs) implements Series {
  static ArraySeries of(Labels labels, SortedMap<Long, Double> samples) {
    long[] ts = new long[samples.size()];
    double[] vs = new double[samples.size()];
    int i = 0;
    for (Map.Entry<Long, Double> e : samples.entrySet()) {
      ts[i] = e.getKey();
      vs[i++] = e.getValue();
    }
    return new ArraySeries(labels, ts, vs);
  }

  @Override
  public SampleIterator iterator(@Nullable SampleIterator reuse) {
    return new SampleIterator() {
      private int i = -1;

      @Override
      public ValueType next() {
        if (i < ts.length) {
          i++;
        }
        return i < ts.length ? ValueType.FLOAT : ValueType.NONE;
      }

      @Override
      public ValueType seek(long t) {
        if (i < 0) {
          i = 0;
        }
        while (i < ts.length && ts[i] < t) {
          i++;
        }
        return i < ts.length ? ValueType.FLOAT : ValueType.NONE;
      }

      @Override
      public long atT() {
        return ts[i];
      }

      @Override
      public double atFloat() {
        return vs[i];
      }
    };
  }
}
