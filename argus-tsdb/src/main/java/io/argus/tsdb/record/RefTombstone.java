package io.argus.tsdb.record;

/**
 * One entry of a tombstones record: samples of series {@code ref} within {@code [minTime, maxTime]}
 * (Unix ms, both inclusive) are deleted.
 */
public record RefTombstone(long ref, long minTime, long maxTime) {}
