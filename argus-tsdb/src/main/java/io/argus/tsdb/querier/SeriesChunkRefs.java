package io.argus.tsdb.querier;

import io.argus.model.labels.Labels;

/**
 * One selected series of a block: its labels, the references and time ranges (inclusive ms) of its
 * first {@code count} chunks kept for the query range, and the ranges deleted from it. The arrays
 * are owned by this value and never changed.
 */
record SeriesChunkRefs(
    Labels labels,
    long[] refs,
    long[] chunkMins,
    long[] chunkMaxs,
    int count,
    DeletedRanges deleted) {}
