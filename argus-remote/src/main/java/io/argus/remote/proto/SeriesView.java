package io.argus.remote.proto;

import io.argus.model.labels.Labels;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * One decoded time series of a write request, as a decoder hands it to its {@link
 * WriteRequestVisitor}. The decoder reuses the view and its arrays for the next series: read it
 * only during the callback. Timestamps are Unix ms. Not thread-safe.
 */
public final class SeriesView {
  Labels labels = Labels.EMPTY;
  int sampleCount;
  long[] timestamps = new long[16];
  double[] values = new double[16];
  long[] startTimestamps = new long[16];
  int histogramCount;
  int exemplarCount;
  Labels[] exemplarLabels = new Labels[4];
  double[] exemplarValues = new double[4];
  long[] exemplarTimestamps = new long[4];
  boolean hasMetadata;
  MetricType metadataType = MetricType.UNKNOWN;
  String help = "";
  String unit = "";
  long createdTimestamp;
  int index;
  LabelsCache.@Nullable Entry cached;

  void reset(int index) {
    this.index = index;
    cached = null;
    labels = Labels.EMPTY;
    sampleCount = 0;
    histogramCount = 0;
    exemplarCount = 0;
    hasMetadata = false;
    metadataType = MetricType.UNKNOWN;
    help = "";
    unit = "";
    createdTimestamp = 0;
  }

  /** The position of this series in the request, from 0. */
  public int index() {
    return index;
  }

  /** The series labels: validated (non-empty names, sorted, unique); empty values dropped. */
  public Labels labels() {
    return labels;
  }

  /** Whether {@link #labels()} has {@code __name__} (remembered with cached labels). */
  public boolean hasMetricName() {
    LabelsCache.Entry e = cached;
    return e != null ? e.hasMetricName : labels.has("__name__");
  }

  public int sampleCount() {
    return sampleCount;
  }

  public long timestamp(int i) {
    return timestamps[i];
  }

  /** The value of sample {@code i}; NaN payloads (the staleness marker) are kept. */
  public double value(int i) {
    return values[i];
  }

  /** The 2.0 {@code Sample.start_timestamp} of sample {@code i} (Prometheus main), or 0. */
  public long startTimestamp(int i) {
    return startTimestamps[i];
  }

  /** The number of native histogram samples (decoded only as far as to be counted). */
  public int histogramCount() {
    return histogramCount;
  }

  public int exemplarCount() {
    return exemplarCount;
  }

  public Labels exemplarLabels(int i) {
    return exemplarLabels[i];
  }

  public double exemplarValue(int i) {
    return exemplarValues[i];
  }

  public long exemplarTimestamp(int i) {
    return exemplarTimestamps[i];
  }

  /** Whether a 2.0 series carried a {@code metadata} field. */
  public boolean hasMetadata() {
    return hasMetadata;
  }

  public MetricType metadataType() {
    return metadataType;
  }

  public String help() {
    return help;
  }

  public String unit() {
    return unit;
  }

  /** The 2.0 rc.3 {@code TimeSeries.created_timestamp} (field 6), or 0 when absent. */
  public long createdTimestamp() {
    return createdTimestamp;
  }

  /**
   * A storage reference remembered for these labels by an earlier request (through any decoder
   * sharing the same {@link LabelsCache}), or 0. {@code variant} (compared by identity) names how
   * the caller transformed the labels before storing them, e.g. the HA replica label it removed, or
   * null for none; a reference remembered under another variant is not returned.
   */
  public long storageRef(@Nullable Object variant) {
    LabelsCache.Entry e = cached;
    return e == null ? 0 : e.ref(variant);
  }

  /** Remembers {@code ref} for these labels under {@code variant} (see {@link #storageRef}). */
  public void storageRef(@Nullable Object variant, long ref) {
    LabelsCache.Entry e = cached;
    if (e != null) {
      e.ref(variant, ref);
    }
  }

  /**
   * A handle on the cache entry of these labels, to remember a storage reference after the callback
   * has returned (when {@link #storageRef(Object, long)} no longer applies). Allocates.
   */
  public RefSlot refSlot() {
    return new RefSlot(cached);
  }

  /** See {@link #refSlot()}. Thread-safe. */
  public static final class RefSlot {
    private final LabelsCache.@Nullable Entry entry;

    RefSlot(LabelsCache.@Nullable Entry entry) {
      this.entry = entry;
    }

    /** Remembers {@code ref} under {@code variant} (see {@link #storageRef(Object)}). */
    public void storageRef(@Nullable Object variant, long ref) {
      LabelsCache.Entry e = entry;
      if (e != null) {
        e.ref(variant, ref);
      }
    }
  }

  void addSample(double v, long t, long st) {
    if (sampleCount == timestamps.length) {
      int n = sampleCount * 2;
      timestamps = Arrays.copyOf(timestamps, n);
      values = Arrays.copyOf(values, n);
      startTimestamps = Arrays.copyOf(startTimestamps, n);
    }
    timestamps[sampleCount] = t;
    values[sampleCount] = v;
    startTimestamps[sampleCount] = st;
    sampleCount++;
  }

  void addExemplar(Labels l, double v, long t) {
    if (exemplarCount == exemplarValues.length) {
      int n = exemplarCount * 2;
      exemplarLabels = Arrays.copyOf(exemplarLabels, n);
      exemplarValues = Arrays.copyOf(exemplarValues, n);
      exemplarTimestamps = Arrays.copyOf(exemplarTimestamps, n);
    }
    exemplarLabels[exemplarCount] = l;
    exemplarValues[exemplarCount] = v;
    exemplarTimestamps[exemplarCount] = t;
    exemplarCount++;
  }

  @Override
  public String toString() {
    return labels.toString();
  }
}
