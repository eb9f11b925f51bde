package io.argus.storage.merge;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.model.labels.Utf8Order;
import io.argus.storage.Querier;
import io.argus.storage.SelectHints;
import io.argus.storage.Series;
import io.argus.storage.SeriesSet;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** A test querier over a fixed list of series. */
class ListQuerier implements Querier {
  private final List<Series> series;
  boolean closed;
  boolean lastSelectSorted;

  ListQuerier(List<? extends Series> series) {
    this.series = new ArrayList<>(series);
  }

  @Override
  public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
    lastSelectSorted = sorted;
    List<Series> out = new ArrayList<>();
    for (Series s : series) {
      if (matchesAll(s.labels(), matchers)) {
        out.add(s);
      }
    }
    if (sorted) {
      out.sort((a, b) -> a.labels().compareTo(b.labels()));
    }
    return SeriesSets.from(out);
  }

  @Override
  public List<String> labelValues(String name, Matcher... matchers) {
    TreeSet<String> values = new TreeSet<>(Utf8Order.COMPARATOR);
    for (Series s : series) {
      String v = s.labels().get(name);
      if (v != null && matchesAll(s.labels(), matchers)) {
        values.add(v);
      }
    }
    return List.copyOf(values);
  }

  @Override
  public List<String> labelNames(Matcher... matchers) {
    TreeSet<String> names = new TreeSet<>(Utf8Order.COMPARATOR);
    for (Series s : series) {
      if (matchesAll(s.labels(), matchers)) {
        s.labels().forEach((n, v) -> names.add(n));
      }
    }
    return List.copyOf(names);
  }

  @Override
  public void close() {
    closed = true;
  }

  private static boolean matchesAll(Labels ls, Matcher... matchers) {
    for (Matcher m : matchers) {
      if (!m.matches(ls)) {
        return false;
      }
    }
    return true;
  }
}
