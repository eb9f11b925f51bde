package io.argus.store.dedup;

import io.argus.model.labels.Labels;

/**
 * Decides whether a series is a counter (monotonic except for resets), so that a merge across
 * replicas can keep it monotonic where it switches replica. Thread-safe.
 */
@FunctionalInterface
public interface CounterClassifier {
  /** Returns true when {@code series} (labels without replica labels) holds a counter. */
  boolean isCounter(Labels series);
}
