package io.argus.model.textparse;

/** Metric family types of both formats; the text format's {@code untyped} is {@link #UNKNOWN}. */
public enum MetricType {
  COUNTER("counter"),
  GAUGE("gauge"),
  HISTOGRAM("histogram"),
  GAUGEHISTOGRAM("gaugehistogram"),
  SUMMARY("summary"),
  INFO("info"),
  STATESET("stateset"),
  UNKNOWN("unknown");

  private final String text;

  MetricType(String text) {
    this.text = text;
  }

  /** Returns the name used in OpenMetrics and in Prometheus' metadata API. */
  public String text() {
    return text;
  }

  /**
   * Returns whether a sample named {@code family + suffix} belongs to a family of this type in
   * OpenMetrics (e.g. {@code _total} and {@code _created} for counters). The empty suffix is
   * accepted for every type, which is how the text format names gauges and counters.
   */
  public boolean hasSampleSuffix(String suffix) {
    return switch (suffix) {
      case "" -> true;
      case "_total" -> this == COUNTER;
      case "_created" -> this == COUNTER || this == HISTOGRAM || this == SUMMARY;
      case "_bucket" -> this == HISTOGRAM || this == GAUGEHISTOGRAM;
      case "_count", "_sum" -> this == HISTOGRAM || this == SUMMARY;
      case "_gcount", "_gsum" -> this == GAUGEHISTOGRAM;
      case "_info" -> this == INFO;
      default -> false;
    };
  }
}
