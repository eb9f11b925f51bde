package io.argus.storage;

import io.argus.model.labels.Labels;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A series as a time-ordered list of encoded chunks. */
public interface ChunkSeries {
  /** An answer of {@link #sampleTimesFromMetadata}: no sample in the range. */
  long[] NO_SAMPLES = new long[0];

  Labels labels();

  /** Returns the chunks, sorted by min time; they do not overlap unless stated by the source. */
  List<ChunkMeta> chunks();

  /**
   * The times of the first and last sample that {@link #chunks()} holds in {@code [minTime,
   * maxTime]} (Unix ms, inclusive), when the series can tell them from its chunks' metadata alone,
   * without reading or decoding a chunk. A source answers only where its chunk ranges are exactly
   * the times of their first and last samples (persisted blocks), and never for a chunk that
   * deleted samples or the range's edges cut; the default answers null.
   *
   * @return {@code {first, last}}; {@link #NO_SAMPLES} when the series holds none in the range; or
   *     null when the metadata cannot tell, and the chunks must be decoded
   */
  default long @Nullable [] sampleTimesFromMetadata(long minTime, long maxTime) {
    return null;
  }
}
