package io.argus.alertmanager.config;

import io.argus.model.labels.Matcher;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One node of the {@code route} tree as written; inheritance is resolved by {@link
 * io.argus.alertmanager.route.Route}.
 *
 * @param receiver "" to inherit
 * @param groupBy the {@code group_by} label names other than {@code ...}; empty to inherit
 * @param groupByAll whether {@code group_by} contained {@code ...}
 * @param matchers {@code match}, {@code match_re} and {@code matchers} merged and sorted as
 *     upstream (name, value, operator)
 * @param groupWaitMillis null to inherit
 * @param written {@code match}, {@code match_re} and {@code matchers} as written, for printing
 */
public record RouteConfig(
    String receiver,
    List<String> groupBy,
    boolean groupByAll,
    List<Matcher> matchers,
    List<String> muteTimeIntervals,
    List<String> activeTimeIntervals,
    boolean continueMatching,
    List<RouteConfig> routes,
    @Nullable Long groupWaitMillis,
    @Nullable Long groupIntervalMillis,
    @Nullable Long repeatIntervalMillis,
    WrittenMatchers written) {}
