package io.argus.scrape;

import io.argus.model.labels.Labels;
import java.net.URI;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A target that a scrape pool is scraping, as {@code /api/v1/targets} and {@code
 * /api/v1/targets/metadata} show it. Read-only.
 *
 * <p>Thread-safe: any thread may call any method at any time. Pool, labels, URL, interval and
 * timeout never change; {@link #lastScrape()} and the metadata are replaced by the target's scrape
 * loop after each scrape, and every call returns a consistent snapshot. A target removed from its
 * pool (by a discovery update or a reload) keeps answering with its last state.
 */
public interface ActiveTarget {
  /** Returns the name of the scrape pool (the {@code job_name} of its scrape config). */
  String scrapePool();

  /**
   * Returns the labels before target relabeling: what discovery reported (group labels included)
   * plus the defaults Prometheus adds ({@code job}, {@code __scheme__}, {@code __metrics_path__},
   * {@code __scrape_interval__}, {@code __scrape_timeout__}, {@code __param_*}).
   */
  Labels discoveredLabels();

  /** Returns the final target labels (no {@code __} labels) that every scraped series gets. */
  Labels labels();

  /** Returns the URL the target is scraped from. */
  URI scrapeUrl();

  /** Returns the scrape interval in milliseconds (from {@code __scrape_interval__}). */
  long scrapeIntervalMs();

  /** Returns the scrape timeout in milliseconds (from {@code __scrape_timeout__}). */
  long scrapeTimeoutMs();

  /** Returns the outcome of the last scrape, {@link ScrapeState#NEVER_SCRAPED} before the first. */
  ScrapeState lastScrape();

  /**
   * Returns the metadata ({@code TYPE}, {@code HELP}, {@code UNIT}) of the metric families the
   * target exposed in recent scrapes, keyed by family name: as in Prometheus, an entry stays until
   * its family has been missing from the body for more than 10 scrapes. A snapshot; unordered.
   */
  Map<String, MetricMetadata> metadata();

  /** Returns the metadata of one metric family, or null when recent scrapes did not expose it. */
  @Nullable MetricMetadata metadata(String family);
}
