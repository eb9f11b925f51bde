package io.argus.storage;

import io.argus.model.labels.Labels;
import java.util.List;

/** A series as a time-ordered list of encoded chunks. */
public interface ChunkSeries {
  Labels labels();

  /** Returns the chunks, sorted by min time; they do not overlap unless stated by the source. */
  List<ChunkMeta> chunks();
}
