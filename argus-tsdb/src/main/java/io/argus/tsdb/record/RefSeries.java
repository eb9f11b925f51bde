package io.argus.tsdb.record;

import io.argus.model.labels.Labels;

/**
 * One entry of a series record: a head series reference and the series' labels.
 *
 * @param ref the head series reference (positive, at most 2^40-1 in Prometheus)
 * @param labels the series labels
 */
public record RefSeries(long ref, Labels labels) {}
