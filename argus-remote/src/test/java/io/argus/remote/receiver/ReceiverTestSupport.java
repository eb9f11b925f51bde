package io.argus.remote.receiver;

import io.argus.model.labels.Labels;
import io.argus.model.labels.Matcher;
import io.argus.remote.pb.v1.PbV1;
import io.argus.storage.Querier;
import io.argus.storage.SampleIterator;
import io.argus.storage.SelectHints;
import io.argus.storage.SeriesSet;
import io.argus.storage.ValueType;
import io.argus.tsdb.Db;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xerial.snappy.Snappy;

/** Helpers shared by the receiver tests. */
final class ReceiverTestSupport {
  private ReceiverTestSupport() {}

  record Sample(long t, double v) {}

  static PbV1.TimeSeries series(List<String> labels, long... timesAndValues) {
    PbV1.TimeSeries.Builder b = PbV1.TimeSeries.newBuilder();
    for (int i = 0; i < labels.size(); i += 2) {
      b.addLabels(PbV1.Label.newBuilder().setName(labels.get(i)).setValue(labels.get(i + 1)));
    }
    for (int i = 0; i < timesAndValues.length; i += 2) {
      b.addSamples(
          PbV1.Sample.newBuilder().setTimestamp(timesAndValues[i]).setValue(timesAndValues[i + 1]));
    }
    return b.build();
  }

  static byte[] v1(PbV1.TimeSeries... series) {
    return PbV1.WriteRequest.newBuilder().addAllTimeseries(List.of(series)).build().toByteArray();
  }

  static byte[] snappy(byte[] raw) {
    try {
      return Snappy.compress(raw);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static WriteEndpoint.Response post(WriteEndpoint ep, String contentType, byte[] raw) {
    byte[] body = snappy(raw);
    return ep.handle(contentType, "snappy", new ByteArrayInputStream(body), body.length);
  }

  /** Every stored series matching {@code matchers} with its samples, sorted by labels. */
  static Map<Labels, List<Sample>> read(Db db, Matcher... matchers) {
    Map<Labels, List<Sample>> out = new LinkedHashMap<>();
    try (Querier q = db.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet ss = q.select(true, SelectHints.NONE, matchers);
      SampleIterator it = null;
      while (ss.next()) {
        List<Sample> samples = new ArrayList<>();
        it = ss.at().iterator(it);
        while (it.next() == ValueType.FLOAT) {
          samples.add(new Sample(it.atT(), it.atFloat()));
        }
        out.put(ss.at().labels(), samples);
      }
    }
    return out;
  }

  /** The value of counter {@code name} (without _total) with {@code labelValue} (or any). */
  static double counter(PrometheusRegistry registry, String name, String... labelPair) {
    double sum = 0;
    for (MetricSnapshot s : registry.scrape()) {
      if (s.getMetadata().getName().equals(name) && s instanceof CounterSnapshot c) {
        for (CounterSnapshot.CounterDataPointSnapshot d : c.getDataPoints()) {
          if (labelPair.length == 0 || labelPair[1].equals(d.getLabels().get(labelPair[0]))) {
            sum += d.getValue();
          }
        }
      }
    }
    return sum;
  }
}
