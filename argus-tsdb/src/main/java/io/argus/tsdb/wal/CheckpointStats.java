package io.argus.tsdb.wal;

/**
 * What {@link Checkpoint#create} kept and dropped.
 *
 * @param checkpoint the checkpoint created
 * @param droppedRecords records of types a checkpoint does not keep (metadata, exemplars,
 *     histograms, unknown types)
 */
public record CheckpointStats(
    Checkpoint checkpoint,
    int droppedSeries,
    int totalSeries,
    long droppedSamples,
    long totalSamples,
    int droppedTombstones,
    int totalTombstones,
    int droppedRecords) {}
