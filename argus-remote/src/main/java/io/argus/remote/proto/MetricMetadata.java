package io.argus.remote.proto;

/**
 * One remote-write 1.0 {@code MetricMetadata} entry: the type, help and unit of a metric family.
 */
public record MetricMetadata(MetricType type, String metricFamilyName, String help, String unit) {}
