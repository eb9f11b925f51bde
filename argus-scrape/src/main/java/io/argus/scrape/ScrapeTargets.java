package io.argus.scrape;

import java.util.List;
import java.util.Map;

/**
 * Read-only view of the scrape pools and their targets, for {@code /api/v1/scrape_pools}, {@code
 * /api/v1/targets}, {@code /api/v1/targets/metadata} and {@code /api/v1/metadata}.
 *
 * <p>Thread-safe and non-blocking: any thread may call any method at any time; a call never waits
 * for a reload or a discovery update that is running (which may take up to a scrape timeout while
 * loops stop) and sees the state before it. Each call returns an immutable snapshot; two calls may
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
