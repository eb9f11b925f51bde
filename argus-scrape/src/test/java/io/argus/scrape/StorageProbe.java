package io.argus.scrape;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.storage.Appendable;
import io.argus.storage.Appender;
import io.argus.storage.Querier;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import io.argus.promql.promqltest.InMemoryStorage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/** In-memory storage that releases a permit per commit, with helpers to read samples back. */
final class StorageProbe implements Appendable {
  record Sample(long t, double v) {}

  final InMemoryStorage storage = new InMemoryStorage();
  final Semaphore commits = new Semaphore(0);

  @Override
  public Appender appender() {
    Appender inner = storage.appender();
    return new Appender() {
      @Override
      public long append(long ref, Labels labels, long t, double v) {
        return inner.append(ref, labels, t, v);
      }

      @Override
      public void commit() {
        inner.commit();
        commits.release();
      }

      @Override
      public void rollback() {
        inner.rollback();
      }
    };
  }

  /** Returns every series matching {@code ms} with its samples, in label order. */
  Map<Labels, List<Sample>> select(Matcher... ms) {
    Map<Labels, List<Sample>> out = new LinkedHashMap<>();
    Matcher[] all = ms.length == 0 ? new Matcher[] {Matcher.regex("__name__", ".+")} : ms;
    try (Querier q = storage.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = q.select(true, SelectHints.NONE, all);
      while (set.next()) {
        List<Sample> samples = new ArrayList<>();
        SampleIterator it = set.at().iterator(null);
        while (it.next() == ValueType.FLOAT) {
          samples.add(new Sample(it.atT(), it.atFloat()));
        }
        out.put(set.at().labels(), samples);
      }
    }
    return out;
  }

  /** Returns the samples of the one series named {@code name}. */
  List<Sample> samples(String name) {
    Map<Labels, List<Sample>> m = select(Matcher.equal("__name__", name));
    if (m.size() != 1) {
      throw new AssertionError("expected one series named " + name + ", found " + m.keySet());
    }
    return m.values().iterator().next();
  }

  static boolean isStale(double v) {
    return Double.doubleToRawLongBits(v) == ScrapeLoop.STALE_NAN_BITS;
  }
}
