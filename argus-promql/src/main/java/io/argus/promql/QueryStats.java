package io.argus.promql;

/**
 * Per-query statistics.
 *
 * @param evalNanos wall time spent evaluating
 * @param samplesLoaded samples read from storage
 * @param peakSamples the largest number of samples held by one evaluation step
 */
public record QueryStats(long evalNanos, long samplesLoaded, long peakSamples) {}
