package io.argus.scrape.config;

import io.argus.model.labels.Labels;
import io.argus.model.relabel.NameValidationScheme;
import java.util.List;

/**
 * The {@code global} section; durations in milliseconds. External labels are already expanded from
 * the environment.
 *
 * @param ruleQueryOffsetMillis {@code rule_query_offset}: how far back rule groups without their
 *     own {@code query_offset} query (0 by default)
 */
public record GlobalConfig(
    long scrapeIntervalMillis,
    long scrapeTimeoutMillis,
    long evaluationIntervalMillis,
    Labels externalLabels,
    String queryLogFile,
    ScrapeLimits limits,
    List<String> scrapeProtocols,
    NameValidationScheme nameValidationScheme,
    long ruleQueryOffsetMillis) {
  public static final long DEFAULT_SCRAPE_INTERVAL_MS = 60_000;
  public static final long DEFAULT_SCRAPE_TIMEOUT_MS = 10_000;
  public static final long DEFAULT_EVALUATION_INTERVAL_MS = 60_000;
  public static final List<String> DEFAULT_SCRAPE_PROTOCOLS =
      List.of(
          "OpenMetricsText1.0.0",
          "OpenMetricsText0.0.1",
          "PrometheusText1.0.0",
          "PrometheusText0.0.4");
}
