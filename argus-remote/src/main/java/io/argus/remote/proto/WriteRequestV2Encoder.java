package io.argus.remote.proto;

import io.argus.model.labels.Labels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a remote-write 2.0 {@code io.prometheus.write.v2.Request} incrementally, interning every
 * string into the request's symbol table (entry 0 is the empty string). Series go into a body
 * buffer; {@link #finish} writes the symbol table followed by the series. Start times are written
 * as {@code TimeSeries.created_timestamp} (field 6, spec 2.0-rc.3). Not thread-safe; reusable after
 * {@link #clear}.
 */
public final class WriteRequestV2Encoder {
  private final ProtoWriter body;
  private final Map<String, Integer> symbolIndex = new HashMap<>();
  private final List<String> symbols = new ArrayList<>();
  private int series = -1;
  private int[] refScratch = new int[64];
  private int seriesCount;
  private int sampleCount;

  public WriteRequestV2Encoder(int initialCapacity) {
    body = new ProtoWriter(initialCapacity);
    clear();
  }

  public WriteRequestV2Encoder() {
    this(4096);
  }

  public void clear() {
    body.clear();
    symbolIndex.clear();
    symbols.clear();
    symbol("");
    series = -1;
    seriesCount = 0;
    sampleCount = 0;
  }

  /** Interns {@code s}; returns its reference. */
  public int symbol(String s) {
    Integer ref = symbolIndex.get(s);
    if (ref == null) {
      ref = symbols.size();
      symbols.add(s);
      symbolIndex.put(s, ref);
    }
    return ref;
  }

  public void beginSeries(Labels labels) {
    if (series >= 0) {
      throw new IllegalStateException("series not ended");
    }
    series = body.beginMessage(5);
    writeRefs(labels);
    seriesCount++;
  }

  private void writeRefs(Labels labels) {
    int n = labels.size() * 2;
    if (n == 0) {
      return;
    }
    if (refScratch.length < n) {
      refScratch = new int[n * 2];
    }
    int bytes = 0;
    for (int i = 0; i < labels.size(); i++) {
      int a = symbol(labels.name(i));
      int b = symbol(labels.value(i));
      refScratch[2 * i] = a;
      refScratch[2 * i + 1] = b;
      bytes += ProtoWriter.varintSize(a) + ProtoWriter.varintSize(b);
    }
    body.writeTag(1, WireType.LEN);
    body.writeVarint(bytes);
    for (int i = 0; i < n; i++) {
      body.writeVarint(refScratch[i]);
    }
  }

  public void sample(long t, double v) {
    int m = body.beginMessage(2);
    body.doubleField(1, v);
    body.varintField(2, t);
    body.endMessage(m);
    sampleCount++;
  }

  public void exemplar(Labels labels, double v, long t) {
    int m = body.beginMessage(4);
    writeRefs(labels);
    body.doubleField(2, v);
    body.varintField(3, t);
    body.endMessage(m);
  }

  /** Sets the series' metadata (type, help and unit); at most once per series. */
  public void metadata(MetricType type, String help, String unit) {
    int m = body.beginMessage(5);
    body.varintField(1, type.number());
    body.varintField(3, help.isEmpty() ? 0 : symbol(help));
    body.varintField(4, unit.isEmpty() ? 0 : symbol(unit));
    body.endMessage(m);
  }

  /** Sets the series' created (start) timestamp in Unix ms. */
  public void createdTimestamp(long t) {
    body.varintField(6, t);
  }

  public void endSeries() {
    if (series < 0) {
      throw new IllegalStateException("no series begun");
    }
    body.endMessage(series);
    series = -1;
  }

  public int seriesCount() {
    return seriesCount;
  }

  public int sampleCount() {
    return sampleCount;
  }

  /** Writes the whole request (symbols, then series) to {@code out}. */
  public void finish(ProtoWriter out) {
    if (series >= 0) {
      throw new IllegalStateException("series not ended");
    }
    for (String s : symbols) {
      out.repeatedStringField(4, s);
    }
    out.writeRaw(body.buffer(), 0, body.size());
  }
}
