package io.argus.remote.read;

import io.argus.model.labels.Labels;
import io.argus.model.labels.LabelsBuilder;
import io.argus.model.labels.MatchType;
import io.argus.model.labels.Matcher;
import io.argus.remote.proto.ReadRequest;
import io.argus.remote.read.RemoteReadClient.ReadException;
import io.argus.remote.read.RemoteReadClient.RemoteSeries;
import io.argus.storage.Querier;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.Series;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * A querier over one {@code remote_read} endpoint for {@code [minTime, maxTime]} (inclusive Unix
 * ms), as Prometheus' {@code storage/remote/read.go}: a select without every {@code
 * required_matchers} pair among its equality matchers returns nothing; with {@code
 * filter_external_labels} the external labels not already constrained are sent as equality matchers
 * and removed from the returned series; the endpoint's failure is not an error but the set's only
 * warning (the remote is a secondary storage). Label names and values are not asked of the remote
 * (Prometheus 2.42 does not implement them either) and are empty. Not thread-safe.
 */
final class RemoteReadQuerier implements Querier {
  private final RemoteReadClient client;
  private final Labels externalLabels;
  private final long minTime;
  private final long maxTime;

  /**
   * @param externalLabels the server's external labels, used only with {@code
   *     filter_external_labels}
   */
  RemoteReadQuerier(RemoteReadClient client, Labels externalLabels, long minTime, long maxTime) {
    this.client = client;
    this.externalLabels = client.config().filterExternalLabels() ? externalLabels : Labels.EMPTY;
    this.minTime = minTime;
    this.maxTime = maxTime;
  }

  @Override
  public SeriesSet select(boolean sorted, SelectHints hints, Matcher... matchers) {
    if (!hasRequiredMatchers(client.config().requiredMatchers(), matchers)) {
      return new ListSet(List.of(), List.of());
    }
    List<ReadRequest.LabelMatcher> wire = new ArrayList<>(matchers.length + externalLabels.size());
    List<String> added = new ArrayList<>();
    for (Matcher m : matchers) {
      wire.add(new ReadRequest.LabelMatcher(wireType(m.type()), m.name(), m.value()));
    }
    for (int i = 0; i < externalLabels.size(); i++) {
      String name = externalLabels.name(i);
      if (!constrains(matchers, name)) {
        wire.add(new ReadRequest.LabelMatcher(0, name, externalLabels.value(i)));
        added.add(name);
      }
    }
    ReadRequest.Query query =
        new ReadRequest.Query(
            minTime,
            maxTime,
            wire,
            new ReadRequest.ReadHints(
                hints.step(),
                hints.func() == null ? "" : hints.func(),
                hints.start() == Long.MIN_VALUE ? minTime : hints.start(),
                hints.end() == Long.MAX_VALUE ? maxTime : hints.end(),
                hints.grouping(),
                hints.by(),
                hints.range()));
    List<RemoteSeries> series;
    try {
      series = client.read(query);
    } catch (ReadException e) {
      return new ListSet(List.of(), List.of("remote_read: " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ListSet(List.of(), List.of("remote_read: interrupted"));
    }
    List<RemoteSeries> out = new ArrayList<>(series.size());
    for (RemoteSeries s : series) {
      if (added.isEmpty()) {
        out.add(s);
      } else {
        LabelsBuilder b = s.labels().toBuilder();
        for (String name : added) {
          b.delete(name);
        }
        out.add(new RemoteSeries(b.build(), s.timestamps(), s.values()));
      }
    }
    if (sorted) {
      out.sort(Comparator.comparing(RemoteSeries::labels));
    }
    return new ListSet(out, List.of());
  }

  static boolean hasRequiredMatchers(Map<String, String> required, Matcher[] matchers) {
    int found = 0;
    for (Map.Entry<String, String> r : required.entrySet()) {
      for (Matcher m : matchers) {
        if (m.type() == MatchType.EQUAL
            && m.name().equals(r.getKey())
            && m.value().equals(r.getValue())) {
          found++;
          break;
        }
      }
    }
    return found == required.size();
  }

  private static boolean constrains(Matcher[] matchers, String name) {
    for (Matcher m : matchers) {
      if (m.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private static int wireType(MatchType t) {
    return switch (t) {
      case EQUAL -> 0;
      case NOT_EQUAL -> 1;
      case REGEX -> 2;
      case NOT_REGEX -> 3;
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

  /** The decoded series of one select, with the warning of a failed read. */
  private static final class ListSet implements SeriesSet {
    private final List<RemoteSeries> series;
    private final List<String> warnings;
    private int next;

    ListSet(List<RemoteSeries> series, List<String> warnings) {
      this.series = series;
      this.warnings = warnings;
    }

    @Override
    public boolean next() {
      if (next >= series.size()) {
        return false;
      }
      next++;
      return true;
    }

    @Override
    public Series at() {
      if (next == 0) {
        throw new NoSuchElementException("series set is not positioned on a series");
      }
      RemoteSeries s = series.get(next - 1);
      return new ArraySeries(s);
    }

    @Override
    public List<String> warnings() {
      return warnings;
    }
  }

  private record ArraySeries(RemoteSeries s) implements Series {
    @Override
    public Labels labels() {
      return s.labels();
    }

    @Override
    public SampleIterator iterator(@Nullable SampleIterator reuse) {
      return new ArrayIterator(s.timestamps(), s.values());
    }
  }

  /** Iterates float samples held in two arrays. */
  private static final class ArrayIterator implements SampleIterator {
    private final long[] t;
    private final double[] v;
    private int i = -1;

    ArrayIterator(long[] t, double[] v) {
      this.t = t;
      this.v = v;
    }

    @Override
    public ValueType next() {
      if (i < t.length) {
        i++;
      }
      return i < t.length ? ValueType.FLOAT : ValueType.NONE;
    }

    @Override
    public ValueType seek(long ts) {
      if (i < 0) {
        i = 0;
      }
      while (i < t.length && t[i] < ts) {
        i++;
      }
      return i < t.length ? ValueType.FLOAT : ValueType.NONE;
    }

    @Override
    public long atT() {
      return t[i];
    }

    @Override
    public double atFloat() {
      return v[i];
    }
  }
}
