package io.argus.remote.proto;

/**
 * The metric types of remote-write metadata, by wire number (1.0 {@code MetricMetadata.MetricType}
 * and 2.0 {@code Metadata.MetricType} share the numbers; 0 is UNKNOWN / METRIC_TYPE_UNSPECIFIED).
 */
public enum MetricType {
  UNKNOWN,
  COUNTER,
  GAUGE,
  HISTOGRAM,
  GAUGEHISTOGRAM,
  SUMMARY,
  INFO,
  STATESET;

  private static final MetricType[] BY_NUMBER = values();

  /** The wire number. */
  public int number() {
    return ordinal();
  }

  /** The type with wire number {@code n}; numbers this version does not know read as UNKNOWN. */
  public static MetricType of(long n) {
    return n >= 0 && n < BY_NUMBER.length ? BY_NUMBER[(int) n] : UNKNOWN;
  }
}
