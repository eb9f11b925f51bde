package io.argus.scrape;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of one scrape, as the synthetic series report it.
 *
 * @param error why the scrape failed ({@code up == 0}), or null
 * @param samplesScraped samples in the body
 * @param samplesPostRelabel samples kept by metric relabeling
 * @param seriesAdded series not seen in earlier scrapes
 * @param outOfOrder samples rejected as out of order (or too old)
 * @param duplicates samples rejected as duplicates with another value
 * @param outOfBounds samples rejected as out of the storage's time bounds
 */
public record ScrapeReport(
    @Nullable String error,
    double durationSeconds,
    int samplesScraped,
    int samplesPostRelabel,
    int seriesAdded,
    int outOfOrder,
    int duplicates,
    int outOfBounds) {
  /** Returns the value of {@code up}: 1 when the scrape succeeded. */
  public int up() {
    return error == null ? 1 : 0;
  }
}
