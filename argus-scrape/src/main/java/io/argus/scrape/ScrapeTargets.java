package io.argus.scrape;

import java.util.List;
import java.util.Map;

/**
 * Read-only view of the scrape pools and their targets, for {@code /api/v1/scrape_pools}, {@code
 * /api/v1/targets}, {@code /api/v1/targets/metadata} and {@code /api/v1/metadata}.
 *
 * <p>Thread-safe: any thread may call any method at any time, also while a reload or a discovery
 * update runs. Each call returns an immutable snapshot taken at the time of the call; two calls may
 * see different configurations. Maps iterate in scrape pool name order.
 */
public interface ScrapeTargets {
  /** Returns the names of the configured scrape pools (job names), sorted. */
  List<String> scrapePoolNames();

  /** Returns the targets being scraped per pool; every configured pool has an entry. */
  Map<String, List<ActiveTarget>> activeTargets();

  /**
   * Returns, per pool, the targets that relabeling dropped in the pool's last discovery update, at
   * most {@code keep_dropped_targets} of them when that is set; every configured pool has an entry.
   */
  Map<String, List<DroppedTarget>> droppedTargets();

  /**
   * Returns, per pool, how many targets relabeling dropped in the last discovery update, including
   * those beyond {@code keep_dropped_targets}; every configured pool has an entry.
   */
  Map<String, Integer> droppedTargetCounts();
}
