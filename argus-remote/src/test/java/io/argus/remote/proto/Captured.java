package io.argus.remote.proto;

import io.argus.model.labels.Labels;
import java.util.ArrayList;
import java.util.List;

/** What a decoder handed to its visitor, copied out of the reused views. */
record Captured(List<Series> series, List<MetricMetadata> metadata) {
  record Sample(long t, long valueBits, long startT) {}

  record Exemplar(Labels labels, long valueBits, long t) {}

  record Series(
      Labels labels,
      List<Sample> samples,
      int histograms,
      List<Exemplar> exemplars,
      boolean hasMetadata,
      MetricType type,
      String help,
      String unit,
      long created) {}

  static final class Visitor implements WriteRequestVisitor {
    final List<Series> series = new ArrayList<>();
    final List<MetricMetadata> metadata = new ArrayList<>();

    @Override
    public void series(SeriesView s) {
      List<Sample> samples = new ArrayList<>();
      for (int i = 0; i < s.sampleCount(); i++) {
        samples.add(
            new Sample(
                s.timestamp(i), Double.doubleToRawLongBits(s.value(i)), s.startTimestamp(i)));
      }
      List<Exemplar> ex = new ArrayList<>();
      for (int i = 0; i < s.exemplarCount(); i++) {
        ex.add(
            new Exemplar(
                s.exemplarLabels(i),
                Double.doubleToRawLongBits(s.exemplarValue(i)),
                s.exemplarTimestamp(i)));
      }
      series.add(
          new Series(
              s.labels(),
              samples,
              s.histogramCount(),
              ex,
              s.hasMetadata(),
              s.metadataType(),
              s.help(),
              s.unit(),
              s.createdTimestamp()));
    }

    @Override
    public void metadata(MetricMetadata m) {
      metadata.add(m);
    }

    Captured captured() {
      return new Captured(series, metadata);
    }
  }

  static Captured decodeV1(byte[] b) {
    Visitor v = new Visitor();
    new WriteRequestV1Decoder().decode(b, 0, b.length, v);
    return v.captured();
  }

  static Captured decodeV2(byte[] b) {
    Visitor v = new Visitor();
    new WriteRequestV2Decoder().decode(b, 0, b.length, v);
    return v.captured();
  }
}
