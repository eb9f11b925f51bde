package io.argus.tsdb.head;

/**
 * Configuration of a {@link Head}.
 *
 * @param chunkRange the smallest block range in ms (the minimum block duration); no head chunk
 *     spans a multiple of it, and the head is compactable once it holds 1.5 times this range
 * @param samplesPerChunk the target number of samples per chunk (a chunk is cut at twice this)
 * @param outOfOrderTimeWindow how far (ms) behind a series' newest sample appends may be; only 0
 *     (out-of-order ingestion disabled) is supported
 */
public record HeadOptions(long chunkRange, int samplesPerChunk, long outOfOrderTimeWindow) {
  /** The default chunk range: two hours. */
  public static final long DEFAULT_CHUNK_RANGE = 7_200_000L;

  /** The default target number of samples per chunk. */
  public static final int DEFAULT_SAMPLES_PER_CHUNK = 120;

  /** The defaults: 2 h chunk range, 120 samples per chunk, no out-of-order window. */
  public static final HeadOptions DEFAULTS =
      new HeadOptions(DEFAULT_CHUNK_RANGE, DEFAULT_SAMPLES_PER_CHUNK, 0);

  public HeadOptions {
    if (chunkRange <= 0) {
      throw new IllegalArgumentException("chunk range must be positive: " + chunkRange);
    }
    if (samplesPerChunk < 4) {
      throw new IllegalArgumentException(
          "samples per chunk must be at least 4: " + samplesPerChunk);
    }
    if (outOfOrderTimeWindow != 0) {
      throw new IllegalArgumentException("out-of-order ingestion is not supported");
    }
  }

  /** Returns a copy with another chunk range. */
  public HeadOptions withChunkRange(long range) {
    return new HeadOptions(range, samplesPerChunk, outOfOrderTimeWindow);
  }

  /** Returns a copy with another target number of samples per chunk. */
  public HeadOptions withSamplesPerChunk(int n) {
    return new HeadOptions(chunkRange, n, outOfOrderTimeWindow);
  }
}
