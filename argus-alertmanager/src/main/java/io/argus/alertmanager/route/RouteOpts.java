package io.argus.alertmanager.route;

import java.util.List;
import java.util.Set;

/**
 * The effective options of a route after inheritance.
 *
 * @param groupBy label names to group by (ignored when {@link #groupByAll})
 * @param groupWaitMillis wait before the first notification of a new group
 * @param groupIntervalMillis wait before notifying about changes to a group
 * @param repeatIntervalMillis wait before repeating an unchanged notification
 * @param muteTimeIntervals names of intervals in which the route is muted (not inherited)
 * @param activeTimeIntervals names of intervals outside which the route is muted (not inherited)
 */
public record RouteOpts(
    String receiver,
    Set<String> groupBy,
    boolean groupByAll,
    long groupWaitMillis,
    long groupIntervalMillis,
    long repeatIntervalMillis,
    List<String> muteTimeIntervals,
    List<String> activeTimeIntervals) {

  /** Upstream's defaults for the root: 30s, 5m, 4h, no grouping labels. */
  public static final RouteOpts DEFAULT =
      new RouteOpts("", Set.of(), false, 30_000, 300_000, 4 * 3_600_000L, List.of(), List.of());
}
