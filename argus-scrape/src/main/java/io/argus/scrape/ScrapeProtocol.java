package io.argus.scrape;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Exposition formats a scrape may ask for, in Prometheus' {@code scrape_protocols} names. */
public enum ScrapeProtocol {
  OPEN_METRICS_TEXT_1_0_0("OpenMetricsText1.0.0", "application/openmetrics-text;version=1.0.0"),
  OPEN_METRICS_TEXT_0_0_1("OpenMetricsText0.0.1", "application/openmetrics-text;version=0.0.1"),
  PROMETHEUS_TEXT_1_0_0("PrometheusText1.0.0", "text/plain;version=1.0.0"),
  PROMETHEUS_TEXT_0_0_4("PrometheusText0.0.4", "text/plain;version=0.0.4");

  /** Prometheus 2.x's default order. */
  public static final List<ScrapeProtocol> DEFAULT =
      List.of(OPEN_METRICS_TEXT_1_0_0, OPEN_METRICS_TEXT_0_0_1, PROMETHEUS_TEXT_0_0_4);

  /** The number of protocols Prometheus knows; the q-values of the Accept header count down. */
  private static final int KNOWN_PROTOCOLS = 5;

  private final String configName;
  private final String mediaType;

  ScrapeProtocol(String configName, String mediaType) {
    this.configName = configName;
    this.mediaType = mediaType;
  }

  /**
   * Returns the protocol named {@code configName} in {@code scrape_protocols}, or null for one
   * Argus cannot parse ({@code PrometheusProto}).
   */
  public static @Nullable ScrapeProtocol forConfigName(String configName) {
    for (ScrapeProtocol p : values()) {
      if (p.configName.equals(configName)) {
        return p;
      }
    }
    return null;
  }

  /** Returns the name used in {@code scrape_protocols}. */
  public String configName() {
    return configName;
  }

  /** Returns the media type with its version parameter. */
  public String mediaType() {
    return mediaType;
  }

  /**
   * Returns the {@code Accept} header Prometheus sends for these protocols: each with a falling
   * q-value in the given order, then {@code *}{@code /*} with the lowest.
   */
  public static String acceptHeader(List<ScrapeProtocol> protocols) {
    StringBuilder sb = new StringBuilder();
    int weight = KNOWN_PROTOCOLS + 1;
    for (ScrapeProtocol p : protocols) {
      sb.append(p.mediaType).append(";q=0.").append(weight--).append(',');
    }
    return sb.append("*/*;q=0.").append(weight).toString();
  }
}
