package io.argus.scrape;

/**
 * The outcome of a target's last scrape, published as one immutable value so that readers never mix
 * fields of two scrapes.
 *
 * @param health {@link TargetHealth#UNKNOWN} until the first scrape ends
 * @param lastError the error of the last scrape in Prometheus' wording, empty when it succeeded
 * @param lastScrapeMs when the last scrape started, Unix ms; 0 before the first (the HTTP API
 *     renders it as Go's zero time, {@code 0001-01-01T00:00:00Z})
 * @param lastScrapeDurationNanos how long the last scrape took, fetching, parsing and appending
 *     included; 0 before the first
 */
public record ScrapeState(
    TargetHealth health, String lastError, long lastScrapeMs, long lastScrapeDurationNanos) {
  /** The state of a target that has not been scraped yet. */
  public static final ScrapeState NEVER_SCRAPED = new ScrapeState(TargetHealth.UNKNOWN, "", 0, 0);

  /** Returns the last scrape's duration in seconds, as the HTTP API reports it. */
  public double lastScrapeDurationSeconds() {
    return lastScrapeDurationNanos / 1e9;
  }
}
