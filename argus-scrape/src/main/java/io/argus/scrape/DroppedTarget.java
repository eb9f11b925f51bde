package io.argus.scrape;

import io.argus.model.labels.Labels;

/**
 * A discovered target that target relabeling dropped, as {@code /api/v1/targets} shows it.
 *
 * @param scrapePool the scrape pool (job name) that discovered it
 * @param discoveredLabels its labels before relabeling, with the defaults Prometheus adds ({@code
 *     job}, {@code __scheme__}, {@code __metrics_path__}, {@code __scrape_interval__}, {@code
 *     __scrape_timeout__}, {@code __param_*})
 */
public record DroppedTarget(String scrapePool, Labels discoveredLabels) {}
