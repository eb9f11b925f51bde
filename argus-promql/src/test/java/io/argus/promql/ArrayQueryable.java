package io.argus.promql;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.Querier;
import io.argus.storage.Queryable;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.Series;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A minimal fixed Queryable for engine tests: series given as time/value arrays. */
final class ArrayQueryable implements Queryable {
  private final Map<Labels, double[][]> series = new LinkedHashMap<>();

  /** Adds a series with samples every {@code stepMillis} from 0; NaN entries are skipped. */
  ArrayQueryable add(Labels labels, long stepMillis, double... values) {
    List<double[]> pts = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      if (!Double.isNaN(values[i])
          || Double.doubleToRawLongBits(values[i]) == 0x7ff0000000000002L) {
        pts.add(new double[] {i * stepMillis, values[i]});
      }
    }
    series.put(labels, pts.toArray(new double[0][]));
    return this;
  }

  @Override
  public Querier querier(long minTime, long maxTime) {
    return new Querier() {
      @Override
      public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
        List<Series> out = new ArrayList<>();
        for (Map.Entry<Labels, double[][]> e : series.entrySet()) {
          boolean ok = true;
          for (Matcher m : matchers) {
            ok &= m.matches(e.getKey());
          }
          if (ok) {
            double[][] pts = e.getValue();
            out.add(
                new Series() {
                  @Override
                  public Labels labels() {
                    return e.getKey();
                  }

                  @Override
                  public SampleIterator iterator(SampleIterator reuse) {
                    return new SampleIterator() {
                      int i = -1;

                      @Override
                      public ValueType next() {
                        i++;
                        return i < pts.length ? ValueType.FLOAT : ValueType.NONE;
                      }

                      @Override
                      public ValueType seek(long t) {
                        i = Math.max(i, 0);
                        while (i < pts.length && pts[i][0] < t) {
                          i++;
                        }
                        return i < pts.length ? ValueType.FLOAT : ValueType.NONE;
                      }

                      @Override
                      public long atT() {
                        return (long) pts[i][0];
                      }

                      @Override
                      public double atFloat() {
                        return pts[i][1];
                      }
                    };
                  }
                });
          }
        }
        return new SeriesSet() {
          int i = -1;

          @Override
          public boolean next() {
            return ++i < out.size();
          }

          @Override
          public Series at() {
            return out.get(i);
          }
        };
      }

      @Override
      public List<String> labelValues(String name, Matcher... matchers) {
        return List.of();
      }

      @Override
      public List<String> labelNames(Matcher... matchers) {
        return List.of();
      }

      @Override
      public void close() {}
    };
  }
}
