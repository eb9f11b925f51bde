package io.argus.remote.proto;

import io.argus.model.labels.Labels;

/**
 * Writes a remote-write 1.0 {@code prometheus.WriteRequest} incrementally: {@link #beginSeries},
 * samples and exemplars, {@link #endSeries}, repeated; metadata entries at any point outside a
 * series. Output is the uncompressed protobuf in {@link #writer()}. Not thread-safe; {@link #clear}
 * reuses the buffer for the next request.
 */
public final class WriteRequestV1Encoder {
  private final ProtoWriter out;
  private int series = -1;
  private int seriesCount;
  private int sampleCount;

  public WriteRequestV1Encoder(int initialCapacity) {
    out = new ProtoWriter(initialCapacity);
  }

  public WriteRequestV1Encoder() {
    this(4096);
  }

  /** Starts an empty request, keeping the buffer. */
  public void clear() {
    out.clear();
    series = -1;
    seriesCount = 0;
    sampleCount = 0;
  }

  /** Starts a series with {@code labels} (already sorted and unique, as {@link Labels} are). */
  public void beginSeries(Labels labels) {
    if (series >= 0) {
      throw new IllegalStateException("series not ended");
    }
    series = out.beginMessage(1);
    writeLabels(1, labels);
    seriesCount++;
  }

  private void writeLabels(int field, Labels labels) {
    for (int i = 0; i < labels.size(); i++) {
      int m = out.beginMessage(field);
      out.stringField(1, labels.name(i));
      out.stringField(2, labels.value(i));
      out.endMessage(m);
    }
  }

  /** Adds a sample (Unix ms) to the current series; samples must be in time order. */
  public void sample(long t, double v) {
    int m = out.beginMessage(2);
    out.doubleField(1, v);
    out.varintField(2, t);
    out.endMessage(m);
    sampleCount++;
  }

  /** Adds an exemplar to the current series. */
  public void exemplar(Labels labels, double v, long t) {
    int m = out.beginMessage(3);
    writeLabels(1, labels);
    out.doubleField(2, v);
    out.varintField(3, t);
    out.endMessage(m);
  }

  public void endSeries() {
    if (series < 0) {
      throw new IllegalStateException("no series begun");
    }
    out.endMessage(series);
    series = -1;
  }

  /** Adds a {@code MetricMetadata} entry (outside any series). */
  public void metadata(MetricType type, String family, String help, String unit) {
    if (series >= 0) {
      throw new IllegalStateException("metadata inside a series");
    }
    int m = out.beginMessage(3);
    out.varintField(1, type.number());
    out.stringField(2, family);
    out.stringField(4, help);
    out.stringField(5, unit);
    out.endMessage(m);
  }

  public int seriesCount() {
    return seriesCount;
  }

  public int sampleCount() {
    return sampleCount;
  }

  /** The encoded request so far. */
  public ProtoWriter writer() {
    if (series >= 0) {
      throw new IllegalStateException("series not ended");
    }
    return out;
  }
}
