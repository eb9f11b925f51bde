package io.argus.store.metadata;

/**
 * What a scrape said about a metric family: one distinct {@code (type, help, unit)} triple, as
 * Prometheus' {@code /api/v1/metadata} lists it.
 *
 * @param type {@code counter}, {@code gauge}, {@code histogram}, {@code gaugehistogram}, {@code
 *     summary}, {@code info}, {@code stateset} or {@code unknown}
 * @param help the {@code # HELP} text, empty when none
 * @param unit the {@code # UNIT}, empty when none
 */
public record MetricMeta(String type, String help, String unit) {}
