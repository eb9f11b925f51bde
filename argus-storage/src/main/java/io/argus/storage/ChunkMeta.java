package io.argus.storage;

import io.argus.storage.chunkenc.Chunk;

/**
 * An encoded chunk with its closed time range {@code [minTime, maxTime]} (Unix ms) and the
 * reference under which its source stores it (0 when none).
 */
public record ChunkMeta(long ref, long minTime, long maxTime, Chunk chunk) {}
