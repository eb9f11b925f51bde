package io.argus.scrape;

import io.argus.model.labels.Labels;
import org.jspecify.annotations.Nullable;

/**
 * A relabeling step: rewrites a label set or drops it. Implementations must be thread-safe and pure
 * (the same input always gives the same output), because results are cached per series.
 */
@FunctionalInterface
public interface LabelsRewriter {
  /** Leaves labels as they are. */
  LabelsRewriter IDENTITY = labels -> labels;

  /** Returns the rewritten labels, or {@code null} to drop the series or target. */
  @Nullable Labels apply(Labels labels);
}
